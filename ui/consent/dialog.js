// Recording a consent given or withdrawn: the wording shown, who gives it (a minor's
// default giver comes from the backend), the channel, the evidence and the date.
import { api } from "../api.js";
import { t, lang } from "../i18n.js";
import { h, field, select, dialog } from "../dom.js";
import { state, today, part, show, maxLength } from "../state.js";

function consentDialog(page, purpose, action) {
  const personGuardians = page.guardians;
  const by = select("given_by", state.vocab.given_by, (g) => t(`given_by.${g}`), page.default_giver);
  const giver = h(
    "select",
    { name: "giver" },
    personGuardians.map((g) =>
      h("option", { value: `${g.guardian.kind}:${g.guardian.id}`, text: `${g.name} (${t(`relation.${g.relation}`)})` }),
    ),
  );
  const giverField = field(t("consent.giver"), giver);
  const sync = () => {
    giverField.hidden = by.value === "person";
  };
  by.addEventListener("change", sync);
  sync();
  const channel = select("channel", state.vocab.channels, (c) => t(`channel.${c}`), "paper_form");
  const evidence = h("input", { name: "evidence", maxlength: maxLength("evidence") });
  const date = h("input", { type: "date", name: "date", value: today(), max: today() });
  dialog(
    `${t(action === "granted" ? "consent.title.grant" : "consent.title.withdraw")} — ${purpose.latest[`label_${lang()}`]}`,
    [
      h("blockquote", { class: "wording", text: purpose.latest[`wording_${lang()}`] }),
      field(t("consent.given_by"), by),
      giverField,
      field(t("consent.channel"), channel),
      field(t("consent.evidence"), evidence),
      field(t("consent.date"), date),
    ],
    async () => {
      const [kind, gid] = (giver.value || ":").split(":");
      const occurred = date.value && date.value !== today() ? `${date.value}T12:00:00Z` : null;
      await api.recordConsent({
        form: {
          person_id: page.person.id,
          purpose: purpose.code,
          action,
          channel: channel.value,
          given_by: by.value,
          giver: by.value === "person" || !gid ? null : { kind, id: Number(gid) },
          evidence: evidence.value,
          occurred_at: occurred,
        },
      });
      show("people.page", page.person.id);
    },
  );
}

part("consent.record", consentDialog);
