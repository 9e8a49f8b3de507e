// The processing register's editor: each activity (names and purpose in both languages,
// whom it concerns, legal basis, categories, recipients, retention and the rule that
// applies it). Saving adopts a new version from a date; the PDF prints the one in force.
import { api } from "../api.js";
import { t, lang, formatDate, errorText, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError } from "../dom.js";
import { main, state, region, today, screen, show, maxLength } from "../state.js";
import { tabs } from "./tabs.js";

function activityEditor(a, purposes, onRemove) {
  const text = (name, value, rows = 0) =>
    rows
      ? h("textarea", { name, rows, maxlength: maxLength("activity_purpose") }, value)
      : h("input", { name, value, maxlength: maxLength("activity") });
  const f = {
    code: h("input", { name: "code", value: a.code, maxlength: 40, pattern: "[a-z0-9_]+" }),
    name_fr: text("name_fr", a.name.fr),
    name_en: text("name_en", a.name.en),
    purpose_fr: text("purpose_fr", a.purpose.fr, 2),
    purpose_en: text("purpose_en", a.purpose.en, 2),
    retention_fr: text("retention_fr", a.retention.fr, 2),
    retention_en: text("retention_en", a.retention.en, 2),
  };
  const appliesValues = ["everyone", "members", "families", "requesters", ...purposes.map((p) => `consent:${p.code}`)];
  const appliesNow = a.applies_to.to === "consent" ? `consent:${a.applies_to.purpose}` : a.applies_to.to;
  const applies = select(
    "applies",
    appliesValues,
    (v) =>
      v.startsWith("consent:")
        ? t("applies.consent", {
            purpose: purposes.find((p) => `consent:${p.code}` === v)?.latest[`label_${lang()}`] || v.slice(8),
          })
        : t(`applies.${v}`),
    appliesNow,
  );
  const basis = select("basis", state.vocab.legal_bases, (b) => t(`basis.${b}`), a.legal_basis);
  const cats = state.vocab.data_categories.map((c) =>
    h("input", { type: "checkbox", name: "category", value: c, checked: a.categories.includes(c) }),
  );
  const rule = select(
    "rule",
    ["", ...state.vocab.retention_categories],
    (c) => (c ? t(`retention.${c}`) : t("processing.rule.none")),
    a.rule || "",
  );
  const recipients = h("div", { class: "recipients" });
  const addRecipient = (r) => {
    const name = h("input", { name: "recipient-name", value: r.name, maxlength: maxLength("recipient") });
    const role = select("recipient-role", state.vocab.recipient_roles, (x) => t(`role.${x}`), r.role);
    const country = h("input", {
      name: "recipient-country",
      value: r.country || "",
      maxlength: maxLength("country"),
      class: "narrow",
    });
    const row = h(
      "div",
      { class: "grid recipient" },
      field(t("processing.recipient.name"), name),
      field(t("processing.recipient.role"), role),
      field(t("processing.recipient.country"), country),
      h("button", { type: "button", class: "small", onclick: () => row.remove(), text: t("common.remove") }),
    );
    row.read = () => ({ name: name.value, role: role.value, country: country.value });
    recipients.append(row);
  };
  a.recipients.forEach(addRecipient);
  const el = h(
    "fieldset",
    { class: "activity" },
    h("legend", { text: a.name[lang()] || a.code || t("processing.add") }),
    h(
      "div",
      { class: "grid" },
      field(t("processing.code"), f.code),
      field(t("processing.applies"), applies),
      field(t("processing.basis"), basis),
    ),
    h(
      "div",
      { class: "columns" },
      field(t("processing.name_fr"), f.name_fr),
      field(t("processing.name_en"), f.name_en),
    ),
    h(
      "div",
      { class: "columns" },
      field(t("processing.purpose_fr"), f.purpose_fr),
      field(t("processing.purpose_en"), f.purpose_en),
    ),
    h(
      "fieldset",
      {},
      h("legend", { text: t("processing.categories") }),
      cats.map((c) => h("label", { class: "choice inline" }, c, t(`category.${c.value}`))),
    ),
    h("h4", { text: t("processing.recipients") }),
    recipients,
    h("button", {
      type: "button",
      class: "small",
      onclick: () => addRecipient({ name: "", role: "processor", country: "" }),
      text: t("processing.recipient.add"),
    }),
    h(
      "div",
      { class: "columns" },
      field(t("processing.retention_fr"), f.retention_fr),
      field(t("processing.retention_en"), f.retention_en),
    ),
    field(t("processing.rule"), rule),
    h(
      "div",
      { class: "actions start" },
      h("button", {
        type: "button",
        class: "small",
        onclick: () => {
          el.remove();
          onRemove();
        },
        text: t("processing.remove"),
      }),
    ),
  );
  el.read = () => ({
    code: f.code.value.trim(),
    name: { fr: f.name_fr.value, en: f.name_en.value },
    purpose: { fr: f.purpose_fr.value, en: f.purpose_en.value },
    applies_to: applies.value.startsWith("consent:")
      ? { to: "consent", purpose: applies.value.slice(8) }
      : { to: applies.value },
    legal_basis: basis.value,
    categories: cats.filter((c) => c.checked).map((c) => c.value),
    recipients: [...recipients.children].map((r) => r.read()),
    retention: { fr: f.retention_fr.value, en: f.retention_en.value },
    rule: rule.value || null,
  });
  return el;
}

async function processingScreen(message) {
  let p, purposes;
  try {
    [p, purposes] = await Promise.all([api.processing(), api.purposes()]);
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const box = alertBox();
  box.hidden = true;
  const out = h("p", { class: "note", role: "status", id: "processing-saved", text: message || "" });
  const list = h("div", { id: "activities" });
  const add = (a) => list.append(activityEditor(a, purposes, () => {}));
  p.latest.activities.forEach(add);
  const blank = {
    code: "",
    name: { fr: "", en: "" },
    purpose: { fr: "", en: "" },
    applies_to: { to: "everyone" },
    legal_basis: "consent",
    categories: ["identity"],
    recipients: [],
    retention: { fr: "", en: "" },
    rule: null,
  };
  const effective = h("input", {
    type: "date",
    name: "effective",
    id: "processing-effective",
    value: today(),
    min: today(),
  });
  const versions = p.versions.length
    ? [
        h("h2", { text: t("processing.versions") }),
        h(
          "ul",
          { class: "plain", id: "processing-versions" },
          p.versions.map((v) =>
            h("li", {
              text: t("processing.version.row", {
                n: v.version,
                date: formatDate(v.effective_on, region()),
                who: v.staff,
              }),
            }),
          ),
        ),
      ]
    : null;
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "processing" },
      tabs("processing"),
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("processing.title") }),
        h("button", {
          id: "processing-print",
          onclick: async () => {
            try {
              const path = await api.saveProcessingRegister({ language: null });
              if (path) out.textContent = t("request.saved", { path: shownPath(path) });
            } catch (e) {
              out.textContent = errorText(e);
            }
          },
          text: t("processing.print"),
        }),
        // The pack discloses the request log and the incidents: the person in charge's.
        (state.status?.session?.permissions || []).includes("export_register")
          ? h("button", {
              id: "regulator-pack",
              title: t("processing.pack.help"),
              onclick: async () => {
                try {
                  const path = await api.saveRegulatorPack({ language: null });
                  if (path) out.textContent = t("request.saved", { path: shownPath(path) });
                } catch (e) {
                  out.textContent = errorText(e);
                }
              },
              text: t("processing.pack"),
            })
          : null,
      ),
      h("p", { class: "muted", text: t("processing.help") }),
      h("p", {
        id: "processing-in-force",
        text: p.in_force ? t("processing.version", { n: p.in_force }) : t("processing.version.defaults"),
      }),
      versions,
      list,
      h("button", { class: "small", id: "processing-add", onclick: () => add(blank), text: t("processing.add") }),
      h(
        "form",
        {
          id: "processing-adopt",
          onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              const n = await api.adoptProcessing({
                activities: [...list.children].map((el) => el.read()),
                effective_on: effective.value || today(),
              });
              show("privacy.processing", t("processing.adopted", { n }));
            } catch (e) {
              showError(box, e);
            }
          },
        },
        field(t("processing.effective"), effective),
        box,
        out,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", class: "primary", id: "processing-save", text: t("processing.adopt") }),
        ),
      ),
    ),
  );
}

screen("privacy.processing", processingScreen);
