// The confidentiality-incident register: the list with where each notice stands (the
// 72-hour clock in France, as the backend computed it), and the incident form.
import { api } from "../api.js";
import { t, formatDate, formatNumber, errorText, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError, headRow } from "../dom.js";
import { main, state, region, today, screen, show, use, maxLength, refreshStatus } from "../state.js";

/// Where notifying stands, in words.
function clockText(c) {
  switch (c.state) {
    case "assess":
      return c.hours_left === null || c.hours_left === undefined
        ? t("clock.assess")
        : t("clock.assess.hours", { n: c.hours_left });
    case "running":
      return t("clock.running", { n: c.hours_left });
    case "overdue":
      return t("clock.overdue", { n: c.hours_late });
    case "promptly":
      return t("clock.promptly");
    case "notified":
      return t(c.late ? "clock.notified.late" : "clock.notified", { date: formatDate(c.on, region()) });
    default:
      return t("clock.not_required");
  }
}
const urgent = (i) => i.urgency || "";

async function incidentsScreen() {
  let list;
  try {
    list = await api.listIncidents();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const out = h("p", { class: "note", role: "status" });
  const open = (i) => show("incidents.form", i);
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "incidents" },
      use("privacy.tabs", "incidents"),
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("incidents.title") }),
        h("button", { class: "primary", id: "incident-new", onclick: () => open(null), text: t("incidents.new") }),
      ),
      h("p", { class: "muted", text: t("incidents.help") }),
      list.length
        ? h(
            "table",
            { class: "table", id: "incidents-table" },
            headRow(["learned", "title", "nature", "people", "status"].map((k) => t(`incidents.col.${k}`))),
            h(
              "tbody",
              {},
              list.map((i) =>
                h(
                  "tr",
                  {
                    tabindex: "0",
                    class: `clickable ${urgent(i)}`,
                    onclick: () => open(i),
                    onkeydown: (ev) => {
                      if (ev.key === "Enter") open(i);
                    },
                  },
                  h("td", { text: i.learned_local.slice(0, 10) }),
                  h("td", { text: i.title }),
                  h("td", { text: t(`nature.${i.nature}`) }),
                  h("td", { text: i.people_count === null ? "?" : formatNumber(i.people_count, region()) }),
                  h("td", { class: `days ${urgent(i)}`, text: clockText(i.clock) }),
                ),
              ),
            ),
          )
        : h("p", { class: "muted", text: t("incidents.none") }),
      h(
        "div",
        { class: "actions" },
        h("button", {
          id: "incidents-print",
          onclick: async () => {
            try {
              const path = await api.saveIncidentReport({ id: null, language: null });
              if (path) out.textContent = t("request.saved", { path: shownPath(path) });
            } catch (e) {
              out.textContent = errorText(e);
            }
          },
          text: t("incidents.print"),
        }),
      ),
      out,
    ),
  );
}

/// A local "YYYY-MM-DDTHH:MM" for a datetime-local input, from an RFC 3339 time.
function localInput(iso) {
  const d = iso ? new Date(iso) : new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function incidentForm(existing) {
  const i = existing || {
    title: "",
    nature: "loss",
    information: "",
    categories: [],
    circumstances: "",
    occurred_from: null,
    occurred_to: null,
    learned_at: null,
    people_count: null,
    records_count: null,
    people_concerned: "",
    sensitivity: "",
    misuse: "",
    consequences: "",
    likelihood: null,
    serious_risk: null,
    authority_notified_on: null,
    authority_reason: "",
    people_notified_on: null,
    public_notice_on: null,
    measures: "",
  };
  const j = state.status.profile.jurisdiction;
  const area = (name, value, limit = "risk_analysis") =>
    h("textarea", { name, rows: 2, maxlength: maxLength(limit) }, value || "");
  const date = (name, value, extra = {}) =>
    h("input", { type: "date", name, value: value || "", max: today(), ...extra });
  const num = (name, value) => h("input", { type: "number", name, min: 0, value: value ?? "" });
  const f = {
    title: h("input", { name: "title", value: i.title, maxlength: maxLength("incident_title") }),
    nature: select("nature", state.vocab.incident_natures, (n) => t(`nature.${n}`), i.nature),
    information: area("information", i.information, "incident_information"),
    circumstances: area("circumstances", i.circumstances, "circumstances"),
    from: date("from", i.occurred_from),
    to: date("to", i.occurred_to),
    learned: h("input", {
      type: "datetime-local",
      name: "learned",
      value: localInput(i.learned_at),
      max: localInput(null),
    }),
    people: num("people", i.people_count),
    records: num("records", i.records_count),
    concerned: h("input", { name: "concerned", value: i.people_concerned, maxlength: maxLength("people_concerned") }),
    sensitivity: area("sensitivity", i.sensitivity),
    misuse: area("misuse", i.misuse),
    consequences: area("consequences", i.consequences),
    likelihood: select(
      "likelihood",
      ["", ...state.vocab.likelihoods],
      (l) => (l ? t(`likelihood.${l}`) : "—"),
      i.likelihood || "",
    ),
    serious: select(
      "serious",
      ["", "yes", "no"],
      (v) =>
        v === "yes"
          ? t(`incident.serious.yes.${j}`)
          : v === "no"
            ? t("incident.serious.no")
            : t("incident.serious.unknown"),
      i.serious_risk === null ? "" : i.serious_risk ? "yes" : "no",
    ),
    authority: date("authority", i.authority_notified_on),
    reason: area("reason", i.authority_reason, "authority_reason"),
    notified: date("notified", i.people_notified_on),
    pub: date("public", i.public_notice_on),
    measures: area("measures", i.measures, "measures"),
  };
  const cats = state.vocab.data_categories.map((c) =>
    h("input", { type: "checkbox", name: "category", value: c, checked: i.categories.includes(c) }),
  );
  const box = alertBox();
  box.hidden = true;
  const out = h("p", { class: "note", role: "status", id: "incident-saved" });
  const nullable = (v) => (v === "" ? null : v);
  const form = h(
    "form",
    {
      class: "card",
      id: "incident-form",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const input = {
          title: f.title.value,
          nature: f.nature.value,
          information: f.information.value,
          circumstances: f.circumstances.value,
          categories: cats.filter((c) => c.checked).map((c) => c.value),
          occurred_from: nullable(f.from.value),
          occurred_to: nullable(f.to.value),
          learned_at: new Date(f.learned.value || localInput(null)).toISOString(),
          people_count: f.people.value === "" ? null : Number(f.people.value),
          records_count: f.records.value === "" ? null : Number(f.records.value),
          people_concerned: f.concerned.value,
          sensitivity: f.sensitivity.value,
          misuse: f.misuse.value,
          consequences: f.consequences.value,
          likelihood: nullable(f.likelihood.value),
          serious_risk: f.serious.value === "" ? null : f.serious.value === "yes",
          authority_notified_on: nullable(f.authority.value),
          authority_reason: f.reason.value,
          people_notified_on: nullable(f.notified.value),
          public_notice_on: nullable(f.pub.value),
          measures: f.measures.value,
        };
        try {
          const saved = await api.saveIncident({ id: existing?.id ?? null, input });
          await refreshStatus();
          show("incidents.form", saved);
          document.getElementById("incident-saved").textContent = t("incident.saved");
        } catch (e) {
          showError(box, e);
        }
      },
    },
    h("button", { type: "button", class: "link", onclick: () => show("incidents.list"), text: t("incident.back") }),
    h("h1", { text: existing ? t("incident.edit", { n: existing.id }) : t("incident.new") }),
    existing
      ? h("p", { class: `deadline ${urgent(existing)}`, id: "incident-clock", text: clockText(existing.clock) })
      : null,
    h("h2", { text: t("incident.what") }),
    h(
      "div",
      { class: "grid" },
      field(t("incident.title"), f.title),
      field(t("incident.nature"), f.nature),
      field(t("incident.from"), f.from),
      field(t("incident.to"), f.to),
      field(t("incident.learned"), f.learned),
      field(t("incident.people"), f.people),
      field(t("incident.records"), f.records),
      field(t("incident.concerned"), f.concerned),
    ),
    field(t("incident.information"), f.information),
    field(t("incident.circumstances"), f.circumstances),
    h(
      "fieldset",
      {},
      h("legend", { text: t("incident.categories") }),
      cats.map((c) => h("label", { class: "choice inline" }, c, t(`category.${c.value}`))),
    ),
    h("h2", { text: t("incident.risk") }),
    h(
      "div",
      { class: "grid" },
      field(t("incident.sensitivity"), f.sensitivity),
      field(t("incident.misuse"), f.misuse),
      field(t("incident.consequences"), f.consequences),
      field(t("incident.likelihood"), f.likelihood),
      field(t("incident.serious"), f.serious),
    ),
    h("h2", { text: t("incident.notices") }),
    h(
      "div",
      { class: "grid" },
      field(t(`incident.authority.${j}`), f.authority),
      field(t("incident.people_notified"), f.notified),
      field(t("incident.public"), f.pub),
    ),
    field(t("incident.reason"), f.reason),
    field(t("incident.measures"), f.measures),
    box,
    out,
    h(
      "div",
      { class: "actions" },
      existing
        ? h("button", {
            type: "button",
            id: "incident-print",
            onclick: async () => {
              try {
                const path = await api.saveIncidentReport({ id: existing.id, language: null });
                if (path) out.textContent = t("request.saved", { path: shownPath(path) });
              } catch (e) {
                out.textContent = errorText(e);
              }
            },
            text: t("incident.print"),
          })
        : null,
      h("button", { type: "submit", class: "primary", id: "incident-save", text: t("incident.save") }),
    ),
  );
  main.replaceChildren(form);
  f.title.focus();
}

screen("incidents.list", incidentsScreen);
screen("incidents.form", incidentForm);
