// A person's page (details, family, memberships, consents, history, requests), the
// person form, and the family dialogs (link a guardian or a child, add a membership).
import { api } from "../api.js";
import { t, lang, errorText, formatDate, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError, dl, dialog, personLine, headRow, table } from "../dom.js";
import { main, state, region, today, screen, show, use, maxLength } from "../state.js";

/// The person form; `after(id)` runs once saved and `back()` on cancel (by default both
/// return to the person's page, or the people list for a new person).
function personForm(existing, after, back) {
  const d = existing?.data ||
    existing || {
      given_name: "",
      family_name: "",
      emails: [],
      phones: [],
      address: {},
      preferred_language: lang(),
      birth_date: null,
      collection_channel: "paper_form",
      collected_on: today(),
      notes: "",
    };
  const inp = (name, value, type = "text", extra = {}) => h("input", { name, type, value: value ?? "", ...extra });
  const f = {
    given: inp("given", d.given_name, "text", { autocomplete: "off", maxlength: maxLength("name") }),
    family: inp("family", d.family_name, "text", { autocomplete: "off", maxlength: maxLength("name") }),
    emails: h("textarea", { name: "emails", rows: 2 }, (d.emails || []).join("\n")),
    phones: h("textarea", { name: "phones", rows: 2 }, (d.phones || []).join("\n")),
    street: inp("street", d.address?.street, "text", { maxlength: maxLength("street") }),
    city: inp("city", d.address?.city, "text", { maxlength: maxLength("city") }),
    region: inp("region", d.address?.region, "text", { maxlength: maxLength("region") }),
    postal: inp("postal", d.address?.postal_code, "text", { maxlength: maxLength("postal_code") }),
    country: inp("country", d.address?.country, "text", { maxlength: maxLength("country") }),
    language: select("language", state.vocab.languages, (l) => t(`language.${l}`), d.preferred_language),
    birth: inp("birth", d.birth_date, "date", { max: today() }),
    channel: select("channel", state.vocab.channels, (c) => t(`channel.${c}`), d.collection_channel),
    collected: inp("collected", d.collected_on, "date", { max: today() }),
    notes: h("textarea", { name: "notes", rows: 2, maxlength: maxLength("notes") }, d.notes || ""),
  };
  const box = alertBox();
  box.hidden = true;
  const lines = (ta) =>
    ta.value
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  const form = h(
    "form",
    {
      class: "card",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const input = {
          given_name: f.given.value,
          family_name: f.family.value,
          emails: lines(f.emails),
          phones: lines(f.phones),
          address: {
            street: f.street.value,
            city: f.city.value,
            region: f.region.value,
            postal_code: f.postal.value,
            country: f.country.value,
          },
          preferred_language: f.language.value,
          birth_date: f.birth.value || null,
          collection_channel: f.channel.value,
          collected_on: f.collected.value || today(),
          notes: f.notes.value,
        };
        try {
          const id = await api.savePerson({ id: existing?.id ?? null, input });
          if (after) await after(id);
          else show("people.page", id);
        } catch (e) {
          showError(box, e);
        }
      },
    },
    h("h1", { text: existing?.id ? t("person.edit") : t("person.new") }),
    h(
      "div",
      { class: "grid" },
      field(t("person.given"), f.given),
      field(t("person.family"), f.family),
      field(t("person.birth"), f.birth),
      field(t("person.language"), f.language),
      field(t("person.emails"), f.emails),
      field(t("person.phones"), f.phones),
      field(t("person.street"), f.street),
      field(t("person.city"), f.city),
      field(t("person.region"), f.region),
      field(t("person.postal"), f.postal),
      field(t("person.country"), f.country),
      field(t("person.channel"), f.channel),
      field(t("person.collected"), f.collected),
    ),
    field(t("person.notes"), f.notes),
    box,
    h(
      "div",
      { class: "actions" },
      h("button", {
        type: "button",
        id: "person-cancel",
        onclick: () => (back ? back() : existing?.id ? show("people.page", existing.id) : show("people.list")),
        text: t("common.cancel"),
      }),
      h("button", { type: "submit", class: "primary", id: "person-save", text: t("common.save") }),
    ),
  );
  main.replaceChildren(form);
  f.given.focus();
}

async function personScreen(id) {
  let page;
  try {
    page = await api.personPage({ id });
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const p = page.person;
  const name = [p.given_name, p.family_name].filter(Boolean).join(" ");
  const a = p.address || {};
  const addr = [a.street, [a.postal_code, a.city].filter(Boolean).join(" "), a.region, a.country]
    .filter(Boolean)
    .join(", ");
  const label = (code) => {
    const pu = page.purposes.find((x) => x.code === code);
    return pu ? pu.latest[`label_${lang()}`] : code;
  };
  const stateOf = (code) => page.consents.find((c) => c.purpose_code === code);

  const consentRows = page.purposes.map((pu) => {
    const st = stateOf(pu.code);
    return h(
      "tr",
      { "data-purpose": pu.code },
      h("th", { scope: "row", text: label(pu.code) }),
      h("td", {
        class: st ? (st.granted ? "ok" : "off") : "muted",
        text: st
          ? `${st.granted ? t("consent.granted") : t("consent.withdrawn")} — ${formatDate(st.since, region())}`
          : t("consent.unanswered"),
      }),
      h(
        "td",
        {},
        h("button", {
          class: "small",
          "data-action": "grant",
          "aria-label": `${t("consent.grant")} — ${label(pu.code)}`,
          onclick: () => use("consent.record", page, pu, "granted"),
          text: t("consent.grant"),
        }),
        " ",
        h("button", {
          class: "small",
          "data-action": "withdraw",
          "aria-label": `${t("consent.withdraw")} — ${label(pu.code)}`,
          onclick: () => use("consent.record", page, pu, "withdrawn"),
          text: t("consent.withdraw"),
        }),
      ),
    );
  });
  const receiptOut = h("p", { class: "note", role: "status", id: "receipt-saved" });
  const saveReceipt = (seq, json) => async () => {
    try {
      const path = await api.saveConsentReceipt({ person_id: page.person.id, seq, json });
      if (path) receiptOut.textContent = t("request.saved", { path: shownPath(path) });
    } catch (e) {
      receiptOut.textContent = errorText(e);
    }
  };
  const receipts = page.history.length
    ? h(
        "div",
        { class: "actions start" },
        h("button", { id: "receipts-save", onclick: saveReceipt(null, false), text: t("consent.receipts.pdf") }),
        h("button", { id: "receipts-json", onclick: saveReceipt(null, true), text: t("consent.receipts.json") }),
      )
    : null;
  const history = page.history.length
    ? h(
        "table",
        { class: "table", id: "consent-history" },
        headRow(
          ["date", "purpose", "action", "version", "policy", "by", "channel", "evidence", "staff"]
            .map((c) => (c === "purpose" ? t("consent.purpose") : t(`consent.col.${c}`)))
            .concat([""]),
        ),
        h(
          "tbody",
          {},
          page.history
            .slice()
            .reverse()
            .map((e) => {
              const giver = e.giver_person_id
                ? page.guardians.find((g) => g.guardian.kind === "person" && g.guardian.id === e.giver_person_id)?.name
                : e.giver_org_id
                  ? page.guardians.find((g) => g.guardian.kind === "organisation" && g.guardian.id === e.giver_org_id)
                      ?.name
                  : null;
              return h(
                "tr",
                {},
                h("td", { text: formatDate(e.occurred_at, region()) }),
                h("td", { text: label(e.purpose_code) }),
                h("td", { text: t(`action.${e.action}`) }),
                h("td", { text: t("consent.version", { n: e.purpose_version }) }),
                h("td", { text: e.policy_label || "—" }),
                h("td", { text: t(`given_by.${e.given_by}`) + (giver ? ` (${giver})` : "") }),
                h("td", { text: t(`channel.${e.channel}`) }),
                h("td", { text: e.evidence }),
                h("td", { text: e.staff }),
                h(
                  "td",
                  {},
                  h("button", {
                    class: "small",
                    "data-action": "receipt",
                    "aria-label": `${t("consent.receipt")} — ${label(e.purpose_code)}`,
                    onclick: saveReceipt(e.seq, false),
                    text: t("consent.receipt"),
                  }),
                ),
              );
            }),
        ),
      )
    : h("p", { class: "muted", text: t("person.history.empty") });

  const linkList = (links, kind) =>
    links.length
      ? h(
          "ul",
          { class: "plain" },
          links.map((l) =>
            h(
              "li",
              {},
              kind === "child" || l.guardian.kind === "person"
                ? h("button", {
                    class: "link",
                    onclick: () => show("people.page", kind === "child" ? l.child_id : l.guardian.id),
                    text: l.name,
                  })
                : h("span", { text: l.name }),
              h("span", { class: "muted", text: ` — ${t(`relation.${l.relation}`)}` }),
            ),
          ),
        )
      : h("p", { class: "muted", text: t("common.none") });

  const memberships = page.memberships.length
    ? h(
        "ul",
        { class: "plain" },
        page.memberships.map((m) =>
          h("li", {
            text: `${m.category || "—"} : ${formatDate(m.starts_on, region())} → ${m.ends_on ? formatDate(m.ends_on, region()) : "…"} (${t(`status.${m.status}`)})`,
          }),
        ),
      )
    : h("p", { class: "muted", text: t("common.none") });

  main.replaceChildren(
    h(
      "article",
      { class: "card", id: "person-page" },
      h("button", { class: "link", onclick: () => show("people.list"), text: t("person.back") }),
      h(
        "div",
        { class: "title-row" },
        h("h1", { id: "person-name", text: name }),
        h(
          "div",
          { class: "actions tight" },
          h("button", {
            id: "person-request",
            onclick: () => show("requests.new", page.person.id),
            text: t("person.request"),
          }),
          h("button", { id: "person-edit", onclick: () => show("people.form", p), text: t("common.edit") }),
        ),
      ),
      h(
        "p",
        { class: "muted" },
        page.age !== null ? t("person.age", { n: page.age }) : t("common.unknown"),
        page.minor
          ? h("span", { class: "badge", id: "minor-badge", text: t("person.minor", { n: page.age_of_consent }) })
          : null,
      ),
      use("requests.common-case", page.person.id),
      h(
        "div",
        { class: "columns" },
        h(
          "section",
          {},
          h("h2", { text: t("person.details") }),
          dl([
            [t("person.birth"), p.birth_date ? formatDate(p.birth_date, region()) : ""],
            [t("person.emails"), (p.emails || []).join(", ")],
            [t("person.phones"), (p.phones || []).join(", ")],
            [t("person.street"), addr],
            [t("person.language"), t(`language.${p.preferred_language}`)],
            [t("person.notes"), p.notes],
          ]),
          h("h2", { text: t("person.source") }),
          h("p", {
            id: "person-source",
            text: t("person.source.text", {
              channel: t(`channel.${p.collection_channel}`),
              date: formatDate(p.collected_on, region()),
            }),
          }),
        ),
        h(
          "section",
          {},
          h("h2", { text: t("person.family.section") }),
          h("h3", { text: t("person.guardians") }),
          linkList(page.guardians, "guardian"),
          h("button", {
            class: "small",
            id: "add-guardian",
            onclick: () => linkDialog(page, "guardian"),
            text: t("person.add.guardian"),
          }),
          h("h3", { text: t("person.children") }),
          linkList(page.children, "child"),
          h("button", {
            class: "small",
            id: "add-child",
            onclick: () => linkDialog(page, "child"),
            text: t("person.add.child"),
          }),
          h("h3", { text: t("person.memberships") }),
          memberships,
          h("button", { class: "small", onclick: () => membershipDialog(page), text: t("person.membership.add") }),
        ),
      ),
      use("requests.of-person", page),
      use("privacy.holds", page, () => show("people.page", page.person.id)),
      use("newsletter.person", page, () => show("people.page", page.person.id)),
      h(
        "section",
        {},
        h("h2", { text: t("person.consents") }),
        table("consent-state", [t("consent.purpose"), t("consent.state"), ""], consentRows),
        h("h2", { text: t("person.history") }),
        receipts,
        receiptOut,
        history,
      ),
    ),
  );
  document.getElementById("person-name").focus?.();
}

function linkDialog(page, kind) {
  const q = h("input", { type: "search", name: "link-search", autocomplete: "off" });
  const results = h("ul", { class: "list small-list", role: "listbox" });
  const relation = select(
    "relation",
    state.vocab.guardian_relations,
    (r) => t(`relation.${r}`),
    state.vocab.guardian_relations[0],
  );
  let picked = null;
  q.addEventListener("input", async () => {
    const found = q.value.trim() ? await api.searchPeople({ query: q.value, limit: 8 }) : [];
    results.replaceChildren(
      ...found
        .filter((p) => p.id !== page.person.id)
        .map((p) => {
          const li = personLine(p);
          li.tabIndex = 0;
          li.onclick = li.onkeydown = (ev) => {
            if (ev.type === "click" || ev.key === "Enter") {
              ev.preventDefault();
              picked = p.id;
              for (const c of results.children) c.classList.toggle("picked", c === li);
              li.setAttribute("aria-selected", "true");
            }
          };
          return li;
        }),
    );
  });
  const link = async (otherId) => {
    if (kind === "guardian")
      await api.linkGuardian({
        child_id: page.person.id,
        guardian: { kind: "person", id: otherId },
        relation: relation.value,
        since: null,
      });
    else
      await api.linkGuardian({
        child_id: otherId,
        guardian: { kind: "person", id: page.person.id },
        relation: relation.value,
        since: null,
      });
  };
  const dlg = dialog(
    t(kind === "guardian" ? "link.title.guardian" : "link.title.child"),
    [
      field(t("link.search"), q),
      results,
      field(t("link.relation"), relation),
      h(
        "p",
        {},
        h("button", {
          type: "button",
          class: "link",
          id: "link-new",
          onclick: () => {
            dlg.close();
            dlg.remove();
            const family = page.person.data?.family_name ?? page.person.family_name;
            show(
              "people.form",
              {
                given_name: "",
                family_name: family,
                emails: [],
                phones: [],
                address: page.person.address,
                preferred_language: page.person.preferred_language,
                birth_date: null,
                collection_channel: page.person.collection_channel,
                collected_on: today(),
                notes: "",
              },
              async (newId) => {
                await link(newId);
                show("people.page", page.person.id);
              },
            );
          },
          text: t("link.or.new"),
        }),
      ),
    ],
    async () => {
      if (!picked) throw { code: "invalid_input", detail: { field: "giver" } };
      await link(picked);
      show("people.page", page.person.id);
    },
  );
}

function membershipDialog(page) {
  const cat = h("input", { name: "category", maxlength: maxLength("category") });
  const start = h("input", { type: "date", name: "start", value: today() });
  const end = h("input", { type: "date", name: "end" });
  const st = select(
    "status",
    state.vocab.membership_statuses,
    (s) => t(`status.${s}`),
    state.vocab.membership_statuses[0],
  );
  dialog(
    t("person.membership.add"),
    [
      field(t("membership.category"), cat),
      field(t("membership.start"), start),
      field(t("membership.end"), end),
      field(t("membership.status"), st),
    ],
    async () => {
      await api.addMembership({
        person_id: page.person.id,
        membership: { category: cat.value, starts_on: start.value, ends_on: end.value || null, status: st.value },
      });
      show("people.page", page.person.id);
    },
  );
}

screen("people.page", personScreen);
screen("people.form", personForm);
