// Licences: the list (the soonest to end first, with the 30/60/90-day counts), a new
// licence, a licence's billed terms with its renewal and the reminder letter.
import { api } from "../api.js";
import { t, formatDate, formatNumber, errorText, lang, shownPath } from "../i18n.js";
import { h, field, select, dialog, headRow } from "../dom.js";
import { main, region, today, screen, show, part, use, maxLength } from "../state.js";

const money = (cents, currency) =>
  new Intl.NumberFormat(`${lang()}-${region() || "CA"}`, { style: "currency", currency }).format(cents / 100);

/// A person picked by searching their name; `picked.id` holds the choice.
function personPicker(name) {
  const picked = { id: null };
  const q = h("input", { type: "search", name, autocomplete: "off" });
  const results = h("ul", { class: "list small-list", role: "listbox" });
  q.addEventListener("input", async () => {
    picked.id = null;
    const found = q.value.trim() ? await api.searchPeople({ query: q.value, limit: 6 }) : [];
    results.replaceChildren(
      ...found.map((p) =>
        h("li", {
          role: "option",
          tabindex: "-1",
          class: "row",
          onclick: () => {
            picked.id = p.id;
            q.value = `${p.given_name} ${p.family_name}`;
            results.replaceChildren();
          },
          text: `${p.family_name}, ${p.given_name}`,
        }),
      ),
    );
  });
  return { picked, el: h("div", {}, q, results) };
}

function termFields(starts) {
  return {
    starts: h("input", { type: "date", name: "licence-starts", value: starts }),
    ends: h("input", { type: "date", name: "licence-ends" }),
    seats: h("input", { type: "number", name: "licence-seats", min: 1, value: 1 }),
    price: h("input", { type: "number", name: "licence-price", min: 0, step: "0.01", value: 0 }),
    invoice: h("input", { name: "licence-invoice", maxlength: maxLength("invoice_ref") }),
  };
}
const termOf = (f) => ({
  starts_on: f.starts.value,
  ends_on: f.ends.value,
  seats: Number(f.seats.value || 0),
  price_cents: Math.round(Number(f.price.value || 0) * 100),
  invoice_ref: f.invoice.value,
});
const termGrid = (f) =>
  h(
    "div",
    { class: "grid" },
    field(t("licence.starts"), f.starts),
    field(t("licence.ends"), f.ends),
    field(t("licence.seats"), f.seats),
    field(t("licence.price"), f.price),
    field(t("licence.invoice"), f.invoice),
  );

async function newLicence() {
  const orgs = await api.organisations();
  const org = select(
    "licence-org",
    ["", ...orgs.map((o) => String(o.id))],
    (id) => (id ? orgs.find((o) => String(o.id) === id).name : t("licence.none")),
    "",
  );
  const person = personPicker("licence-person");
  const contact = personPicker("licence-contact");
  const product = h("input", { name: "licence-product", maxlength: maxLength("product") });
  const code = h("input", { name: "licence-code", maxlength: maxLength("licence_code") });
  const term = termFields(today());
  dialog(
    t("licences.new"),
    h(
      "div",
      {},
      h(
        "div",
        { class: "grid" },
        field(t("licence.licensee.organisation"), org),
        field(t("licence.licensee.person"), person.el),
      ),
      field(t("licence.contact"), contact.el),
      h("div", { class: "grid" }, field(t("licence.product"), product), field(t("licence.code"), code)),
      termGrid(term),
    ),
    async () => {
      const licensee = org.value
        ? { kind: "organisation", id: Number(org.value) }
        : person.picked.id
          ? { kind: "person", id: person.picked.id }
          : null;
      if (!licensee) throw { code: "invalid_input", detail: { field: "licensee" } };
      await api.addLicence({
        input: {
          licensee,
          contact_person_id: contact.picked.id,
          product: product.value,
          code: code.value,
          ...termOf(term),
        },
      });
      show("licences.list");
    },
  );
}

function licenceDialog(l) {
  const out = h("p", { class: "note", role: "status", id: "licence-out" });
  const last = l.terms[l.terms.length - 1];
  const term = termFields(l.next_starts_on);
  term.seats.value = last?.seats || 1;
  term.price.value = last ? (last.price_cents / 100).toFixed(2) : 0;
  const history = h(
    "ul",
    { class: "plain" },
    l.terms.map((x) =>
      h("li", {
        text: t("licence.term", {
          starts: formatDate(x.starts_on, region()),
          ends: formatDate(x.ends_on, region()),
          seats: x.seats,
          price: money(x.price_cents, x.currency),
          invoice: x.invoice_ref || "—",
        }),
      }),
    ),
  );
  const dlg = dialog(
    `${l.product} — ${l.code}`,
    h(
      "div",
      {},
      h("p", { text: l.licensee_name || t("licences.erased") }),
      h("h3", { text: t("licence.history") }),
      history,
      h(
        "div",
        { class: "actions start" },
        h("button", {
          type: "button",
          id: "licence-reminder",
          onclick: async () => {
            try {
              const path = await api.saveLicenceReminder({ id: l.id, language: null });
              if (path) out.textContent = t("licence.saved", { path: shownPath(path) });
            } catch (e) {
              out.textContent = errorText(e);
            }
          },
          text: t("licence.reminder"),
        }),
      ),
      out,
      h("h3", { text: t("licence.renew") }),
      termGrid(term),
    ),
    async () => {
      await api.renewLicence({ id: l.id, term: termOf(term) });
      show("licences.list");
    },
  );
  dlg.querySelector("#dialog-submit").textContent = t("licence.renew");
}

async function licencesScreen() {
  let r;
  try {
    r = await api.listLicences();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const stat = ([days, n]) =>
    h(
      "div",
      { class: `stat ${n ? "soon" : ""}`, id: `licences-${days}` },
      h("strong", { text: formatNumber(n, region()) }),
      h("span", { text: t("licences.window", { days }) }),
    );
  // The first reminder window the backend names (30 days).
  const ends = (l) =>
    l.expired
      ? t("licences.ended", { date: formatDate(l.ends_on, region()) })
      : t("licences.days", { date: formatDate(l.ends_on, region()), days: l.days_left });
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "licences" },
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("licences.title") }),
        h("button", {
          class: "primary",
          id: "licence-new",
          onclick: () => newLicence().catch(() => {}),
          text: t("licences.new"),
        }),
      ),
      h("div", { class: "stats" }, r.summary.windows.map(stat)),
      r.licences.length
        ? h(
            "table",
            { class: "table", id: "licences-table" },
            headRow(["code", "product", "licensee", "seats", "ends", "price"].map((k) => t(`licences.col.${k}`))),
            h(
              "tbody",
              {},
              r.licences.map((l) => {
                const last = l.terms[l.terms.length - 1];
                return h(
                  "tr",
                  {
                    tabindex: "0",
                    class: `clickable ${l.expired ? "overdue" : l.ending_soon ? "soon" : ""}`,
                    "data-id": l.id,
                    onclick: () => licenceDialog(l),
                    onkeydown: (ev) => {
                      if (ev.key === "Enter") licenceDialog(l);
                    },
                  },
                  h("td", { text: l.code }),
                  h("td", { text: l.product }),
                  h("td", { text: l.licensee_name || t("licences.erased") }),
                  h("td", { text: formatNumber(last?.seats || 0, region()) }),
                  h("td", { text: ends(l) }),
                  h("td", { text: last ? money(last.price_cents, last.currency) : "" }),
                );
              }),
            ),
          )
        : h("p", { class: "muted", text: t("licences.none") }),
      h("div", { class: "actions" }, use("exchange.export", "licences")),
    ),
  );
}

/// The dashboard's line: licences ending within the first window that has any.
function banner() {
  const box = h("div", { id: "licences-banner" });
  api
    .listLicences()
    .then((r) => {
      const hit = r.summary.windows.find(([, n]) => n > 0);
      if (hit)
        box.replaceChildren(
          h(
            "p",
            { class: "warn banner" },
            t("licences.banner", { n: hit[1], days: hit[0] }),
            " ",
            h("button", { class: "link", onclick: () => show("licences.list"), text: t("licences.open") }),
          ),
        );
    })
    .catch(() => {});
  return box;
}

screen("licences.list", licencesScreen);
part("licences.banner", banner);
