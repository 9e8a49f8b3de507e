// Settings: the organisation's profile, the purposes' wordings, policy versions, and
// a check of the consent ledger.
import { api } from "../api.js";
import { t, lang, formatDate } from "../i18n.js";
import { h, field, select, alertBox, showError, dialog } from "../dom.js";
import {
  main,
  state,
  rulesOf,
  region,
  today,
  screen,
  show,
  use,
  refreshStatus,
  maxLength,
  numberLimits,
} from "../state.js";

async function settingsScreen() {
  const [profile, purposes, policies] = await Promise.all([api.profile(), api.purposes(), api.policyVersions()]);
  const box = alertBox();
  box.hidden = true;
  const saved = h("p", { role: "status", class: "note" });
  const name = h("input", { name: "org-name", value: profile.name, maxlength: maxLength("organisation_name") });
  const address = h("textarea", { name: "org-address", rows: 2, maxlength: maxLength("address") }, profile.address);
  const contact = h("input", {
    name: "org-contact",
    value: profile.privacy_contact,
    maxlength: maxLength("privacy_contact"),
  });
  const contactEmail = h("input", {
    type: "email",
    name: "org-contact-email",
    value: profile.privacy_email,
    maxlength: maxLength("privacy_email"),
  });
  const contactPhone = h("input", {
    type: "tel",
    name: "org-contact-phone",
    value: profile.privacy_phone,
    maxlength: maxLength("privacy_phone"),
  });
  const jur = select(
    "jurisdiction",
    state.vocab.jurisdictions.map((r) => r.jurisdiction),
    (j) => t(`jurisdiction.${j}`),
    profile.jurisdiction,
  );
  const paper = select("paper", state.vocab.papers, (p) => t(`paper.${p}`), profile.paper);
  const language = select("language", state.vocab.languages, (l) => t(`language.${l}`), profile.language);
  const age = h("input", {
    type: "number",
    name: "age",
    ...numberLimits("age_of_consent"),
    value: profile.age_of_consent ?? "",
  });
  const orgForm = h(
    "form",
    {
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await api.updateProfile({
            profile: {
              name: name.value,
              address: address.value,
              privacy_contact: contact.value,
              privacy_email: contactEmail.value,
              privacy_phone: contactPhone.value,
              jurisdiction: jur.value,
              paper: paper.value,
              language: language.value,
              age_of_consent: age.value ? Number(age.value) : null,
            },
          });
          await refreshStatus();
          saved.textContent = t("settings.saved");
          box.hidden = true;
        } catch (e) {
          showError(box, e);
        }
      },
    },
    h("h2", { text: t("settings.org") }),
    h("p", { class: "muted", text: t("settings.org.letters") }),
    h(
      "div",
      { class: "grid" },
      field(t("settings.org.name"), name),
      field(t("settings.org.address"), address),
      field(t("settings.org.contact"), contact),
      field(t("settings.org.contact.email"), contactEmail),
      field(t("settings.org.contact.phone"), contactPhone),
      field(t("settings.jurisdiction"), jur),
      field(t("settings.paper"), paper),
      field(t("settings.language"), language),
      field(t("settings.age"), age, t("settings.age.help", { n: rulesOf(profile.jurisdiction).age_of_consent })),
    ),
    box,
    saved,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: t("common.save") })),
  );

  const purposeList = h(
    "table",
    { class: "table" },
    h(
      "tbody",
      {},
      purposes.map((pu) =>
        h(
          "tr",
          {},
          h("th", { scope: "row", text: pu.latest[`label_${lang()}`] }),
          h("td", { text: `${t("consent.version", { n: pu.latest.version })} — ${pu.latest[`wording_${lang()}`]}` }),
          h(
            "td",
            {},
            h("button", {
              class: "small",
              onclick: () => purposeVersionDialog(pu),
              text: t("settings.purpose.new_version"),
            }),
          ),
        ),
      ),
    ),
  );

  const policyList = policies.length
    ? h(
        "ul",
        { class: "plain" },
        policies.map((p) =>
          h("li", { text: `${p.label} — ${t("settings.effective")} ${formatDate(p.effective_on, region())}` }),
        ),
      )
    : h("p", { class: "muted", text: t("settings.policy.none") });

  const ledgerOut = h("p", { role: "status", id: "ledger-result" });
  const ledgerMore = h("div", { id: "ledger-more" });
  const verify = async () => {
    const r = await api.verifyLedger();
    ledgerOut.className = r.needs_review ? "alert" : "note";
    ledgerOut.textContent = r.problems.length
      ? t("settings.ledger.bad", {
          list: r.problems
            .map((p) => p.seq ?? (p.found_count !== undefined ? `${p.found_count}/${p.recorded_count}` : p.problem))
            .join(", "),
        })
      : t("settings.ledger.ok", { n: r.events });
    ledgerMore.replaceChildren(use("privacy.ledger-findings", r, verify));
  };
  main.replaceChildren(
    h(
      "section",
      { class: "card" },
      h("h1", { text: t("settings.title") }),
      orgForm,
      h("h2", { text: t("settings.purposes") }),
      purposeList,
      h("h2", { text: t("settings.policies") }),
      policyList,
      h("button", { class: "small", onclick: () => policyDialog(), text: t("settings.policy.add") }),
      h("h2", { text: t("privacy.tab.processing") }),
      h("p", { class: "muted", text: t("processing.help") }),
      h("button", {
        class: "small",
        id: "settings-processing",
        onclick: () => show("privacy.processing"),
        text: t("settings.processing.open"),
      }),
      h("h2", { text: t("settings.ledger") }),
      h("button", { id: "ledger-verify", onclick: verify, text: t("settings.ledger.verify") }),
      ledgerOut,
      ledgerMore,
      use("accounts.settings"),
      // On the office's service, the backups are taken there and the key is its own.
      state.status?.service ? use("service.settings") : null,
      use("backup.settings"),
      state.status?.service ? null : use("app.rekey"),
      use("lock.settings"),
    ),
  );
}

function purposeVersionDialog(pu) {
  const f = Object.fromEntries(
    ["label_fr", "label_en", "wording_fr", "wording_en"].map((k) => [
      k,
      k.startsWith("label")
        ? h("input", { name: k, value: pu.latest[k], maxlength: maxLength("purpose_label") })
        : h("textarea", { name: k, rows: 3, maxlength: maxLength("purpose_wording") }, pu.latest[k]),
    ]),
  );
  const eff = h("input", { type: "date", name: "effective", value: today() });
  dialog(
    t("settings.purpose.new_version"),
    [...Object.entries(f).map(([k, el]) => field(t(`settings.purpose.${k}`), el)), field(t("settings.effective"), eff)],
    async () => {
      await api.addPurposeVersion({
        purpose_id: pu.id,
        wording: Object.fromEntries(Object.entries(f).map(([k, el]) => [k, el.value])),
        effective_on: eff.value,
      });
      show("settings");
    },
  );
}

function policyDialog() {
  const label = h("input", { name: "label", maxlength: maxLength("policy_version") });
  const eff = h("input", { type: "date", name: "effective", value: today() });
  const fr = h("textarea", { name: "text_fr", rows: 5, maxlength: maxLength("policy_text") });
  const en = h("textarea", { name: "text_en", rows: 5, maxlength: maxLength("policy_text") });
  dialog(
    t("settings.policy.add"),
    [
      field(t("settings.policy.label"), label),
      field(t("settings.effective"), eff),
      field(t("settings.policy.text_fr"), fr),
      field(t("settings.policy.text_en"), en),
    ],
    async () => {
      await api.addPolicyVersion({
        label: label.value,
        effective_on: eff.value,
        text_fr: fr.value,
        text_en: en.value,
      });
      show("settings");
    },
  );
}

screen("settings", settingsScreen);
