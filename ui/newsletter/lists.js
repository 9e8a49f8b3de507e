// The newsletter lists: subscribers in force, unsubscribes to carry out in the mailing
// tool (with the days CASL leaves), the files for Mailchimp and Brevo, and the import of
// the tool's exports. What is in force, expired or suppressed is the backend's answer.
import { api } from "../api.js";
import { t, formatDate, formatNumber, errorText, shownPath } from "../i18n.js";
import { h, field, select, dialog, headRow, table } from "../dom.js";
import { main, state, region, screen, show, use, maxLength } from "../state.js";

function pendingList(pending) {
  return h(
    "ul",
    { class: "plain", id: "pending-unsubscribes" },
    pending.map((p) =>
      h(
        "li",
        { class: p.days_left < 0 ? "overdue" : "" },
        t(p.days_left < 0 ? "newsletter.pending.late" : "newsletter.pending.row", {
          name: p.name,
          email: p.email || "—",
          list: p.list_name,
          due: formatDate(p.due_on, region()),
          days: p.days_left,
        }),
      ),
    ),
  );
}

async function listsScreen() {
  let o;
  try {
    o = await api.newsletterOverview();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const open = (id) => show("newsletter.page", id);
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "newsletter" },
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("newsletter.title") }),
        h("button", {
          class: "primary",
          id: "newsletter-new",
          onclick: () => newListDialog(),
          text: t("newsletter.new"),
        }),
      ),
      use("newsletter.banner"),
      o.lists.length
        ? h(
            "table",
            { class: "table", id: "newsletter-lists" },
            headRow(["name", "subscribers", "pending"].map((k) => t(`newsletter.col.${k}`))),
            h(
              "tbody",
              {},
              o.lists.map((l) =>
                h(
                  "tr",
                  {
                    tabindex: "0",
                    class: "clickable",
                    "data-id": l.id,
                    onclick: () => open(l.id),
                    onkeydown: (ev) => {
                      if (ev.key === "Enter") open(l.id);
                    },
                  },
                  h("td", { text: l.name }),
                  h("td", { text: formatNumber(l.subscribers, region()) }),
                  h("td", { text: formatNumber(l.pending_unsubscribes, region()) }),
                ),
              ),
            ),
          )
        : h("p", { class: "muted", text: t("newsletter.none") }),
      o.pending.length
        ? h(
            "section",
            {},
            h("h2", { text: t("newsletter.pending.title") }),
            h("p", { class: "muted", text: t("newsletter.pending.help") }),
            pendingList(o.pending),
          )
        : null,
    ),
  );
}

function newListDialog() {
  const name = h("input", { name: "list-name", maxlength: maxLength("list_name"), required: true });
  const tags = h("input", { name: "list-tags", maxlength: maxLength("list_name") });
  const fr = h("textarea", { name: "list-wording-fr", rows: 3, maxlength: maxLength("purpose_wording") });
  const en = h("textarea", { name: "list-wording-en", rows: 3, maxlength: maxLength("purpose_wording") });
  dialog(
    t("newsletter.new"),
    h(
      "div",
      {},
      field(t("newsletter.list.name"), name),
      field(t("newsletter.list.tags"), tags),
      field(t("newsletter.list.wording_fr"), fr),
      field(t("newsletter.list.wording_en"), en),
    ),
    async () => {
      const id = await api.addNewsletterList({
        input: {
          name: name.value,
          tags: tags.value,
          wording: { label_fr: name.value, label_en: name.value, wording_fr: fr.value, wording_en: en.value },
        },
      });
      show("newsletter.page", id);
    },
  );
}

async function listPage(id) {
  let o, subs;
  try {
    [o, subs] = await Promise.all([api.newsletterOverview(), api.listSubscribers({ list_id: id })]);
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const list = o.lists.find((l) => l.id === id);
  const out = h("p", { class: "note", role: "status", id: "newsletter-out" });
  const tools = state.vocab.mailing_formats;
  const saveFile = async (format, unsubscribes) => {
    try {
      const path = await api.saveMailingExport({ list_id: id, format, unsubscribes });
      if (path) out.textContent = t("export.saved", { path: shownPath(path) });
    } catch (e) {
      out.textContent = errorText(e);
    }
  };
  const ends = (s) => {
    if (!s.granted) return t("newsletter.state.out");
    if (!s.expires_on) return t("newsletter.ends.never");
    if (!s.in_force) return `${formatDate(s.expires_on, region())} — ${t("newsletter.state.expired")}`;
    return t("newsletter.ends.days", { date: formatDate(s.expires_on, region()), days: s.days_left });
  };
  const rows = subs.map((s) =>
    h(
      "tr",
      { class: s.in_force ? "" : "muted", "data-person": s.person_id },
      h("td", {}, h("button", { class: "link", onclick: () => show("people.page", s.person_id), text: s.name })),
      h("td", { text: s.email || t("newsletter.no_email") }),
      h("td", {
        text: t(`consent_kind.${s.kind}`) + (s.implied_source ? ` — ${t(`implied_source.${s.implied_source}`)}` : ""),
      }),
      h("td", { text: formatDate(s.since, region()) }),
      h("td", { text: ends(s) }),
      h(
        "td",
        {},
        s.granted
          ? h("button", {
              class: "small",
              "data-action": "unsubscribe",
              onclick: async () => {
                try {
                  await api.unsubscribe({ person_id: s.person_id, list_id: id, channel: "email", evidence: "" });
                  show("newsletter.page", id);
                } catch (e) {
                  out.textContent = errorText(e);
                }
              },
              text: t("newsletter.unsubscribe"),
            })
          : null,
      ),
    ),
  );
  const pending = o.pending.filter((p) => p.list_id === id);
  const format = select("mailing-format", tools, (f) => t(`mailing_format.${f}`), tools[0]);
  format.id = "mailing-format";
  const importOut = h("div", { id: "mailing-import-report" });
  const checkImport = async () => {
    try {
      const name = await api.chooseImportFile();
      if (!name) return;
      const r = await api.importMailing({ list_id: id, format: format.value, dry_run: true });
      importOut.replaceChildren(
        h(
          "div",
          {},
          reportOf(r),
          r.problems.length
            ? null
            : h("button", {
                class: "primary",
                id: "mailing-import-go",
                onclick: async () => {
                  try {
                    await api.importMailing({ list_id: id, format: format.value, dry_run: false });
                    show("newsletter.page", id);
                  } catch (e) {
                    importOut.append(h("p", { class: "alert", text: errorText(e) }));
                  }
                },
                text: t("newsletter.import.go"),
              }),
        ),
      );
    } catch (e) {
      importOut.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    }
  };
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "newsletter-page" },
      h("button", { class: "link", onclick: () => show("newsletter.list"), text: t("newsletter.back") }),
      h("h1", { text: list?.name || "" }),
      h("p", {
        class: "muted",
        id: "newsletter-count",
        text: t("newsletter.subscribers", { n: formatNumber(list?.subscribers || 0, region()) }),
      }),
      h(
        "div",
        { class: "actions start" },
        tools.map((f) =>
          h("button", {
            class: "primary",
            id: `export-${f}`,
            onclick: () => saveFile(f, false),
            text: t("newsletter.export", { tool: t(`mailing_format.${f}`) }),
          }),
        ),
        use("exchange.export", "subscribers", id),
      ),
      out,
      pending.length
        ? h(
            "section",
            {},
            h("h2", { text: t("newsletter.pending.title") }),
            h("p", { class: "muted", text: t("newsletter.pending.help") }),
            pendingList(pending),
            h(
              "div",
              { class: "actions start" },
              tools.map((f) =>
                h("button", {
                  onclick: () => saveFile(f, true),
                  text: t("newsletter.export.unsubscribes", { tool: t(`mailing_format.${f}`) }),
                }),
              ),
              h("button", {
                id: "unsubscribes-done",
                onclick: async () => {
                  try {
                    const n = await api.unsubscribesDone({ list_id: id });
                    out.textContent = t("newsletter.done.saved", { n });
                    show("newsletter.page", id);
                  } catch (e) {
                    out.textContent = errorText(e);
                  }
                },
                text: t("newsletter.done"),
              }),
            ),
          )
        : null,
      table(
        "subscribers",
        [...["subscriber", "mailbox", "terms", "began", "ending"].map((k) => t(`newsletter.col.${k}`)), ""],
        rows,
      ),
      h(
        "section",
        {},
        h("h2", { text: t("newsletter.import") }),
        h("p", { class: "muted", text: t("newsletter.import.help") }),
        h(
          "div",
          { class: "actions start bottom" },
          field(t("newsletter.import.format"), format),
          h("button", { id: "mailing-import-check", onclick: checkImport, text: t("newsletter.import.check") }),
        ),
        importOut,
      ),
    ),
  );
}

function reportOf(r) {
  return h(
    "div",
    {},
    h("p", {
      class: r.problems.length ? "warn banner" : "note",
      id: "mailing-import-summary",
      text: t("newsletter.import.report", {
        lines: r.lines,
        subscribed: r.subscribed,
        created: r.created_people,
        already: r.already,
        kept: r.kept_unsubscribed,
        erased: r.kept_erased,
        withdrawn: r.withdrawn,
        suppressed: r.suppressed,
        undeliverable: r.undeliverable,
      }),
    }),
    r.problems.length
      ? h(
          "ul",
          { class: "plain" },
          r.problems.map((p) =>
            h("li", {
              class: "problem",
              text: t("import.problem", {
                line: p.line,
                field: t(`field.${p.field}`),
                reason: t(`reason.${p.reason}`),
              }),
            }),
          ),
        )
      : null,
  );
}

screen("newsletter.list", listsScreen);
screen("newsletter.page", listPage);
