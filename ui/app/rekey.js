// A new key for the register (a recovery sheet leaked, a colleague left): the new
// recovery key is shown and printed first; only then is every page re-encrypted. The old
// sheet and the old passphrase stop opening the register.
import { api } from "../api.js";
import { t, lang, errorText, shownPath } from "../i18n.js";
import { h, field } from "../dom.js";
import { part, use } from "../state.js";

function rekeySection() {
  const out = h("div", { id: "rekey-out" });
  const start = h("button", {
    id: "rekey-prepare",
    onclick: async () => {
      try {
        const key = await api.prepareRekey();
        const saved = h("p", { class: "note", role: "status" });
        const kept = h("input", { type: "checkbox", id: "rekey-kept" });
        const pass = h("input", { type: "password", name: "rekey-passphrase", autocomplete: "new-password" });
        const apply = h("button", {
          class: "danger",
          id: "rekey-apply",
          disabled: true,
          onclick: async () => {
            apply.disabled = true;
            try {
              await api.applyRekey({ passphrase: pass.value || null });
              out.replaceChildren(h("p", { class: "note", id: "rekey-done", role: "status", text: t("rekey.done") }));
            } catch (e) {
              saved.textContent = errorText(e);
              apply.disabled = false;
            }
          },
          text: t("rekey.apply"),
        });
        kept.addEventListener("change", () => {
          apply.disabled = !kept.checked;
        });
        start.hidden = true;
        out.replaceChildren(
          h(
            "div",
            {},
            h("p", { text: t("rekey.shown") }),
            h("p", { class: "recovery-key", id: "rekey-key", text: key }),
            h(
              "div",
              { class: "actions start" },
              h("button", {
                id: "rekey-save",
                onclick: async () => {
                  try {
                    const path = await api.saveRekeySheet({ language: lang() });
                    if (path) saved.textContent = t("recovery.saved", { path: shownPath(path) });
                  } catch (e) {
                    saved.textContent = errorText(e);
                  }
                },
                text: t("recovery.save"),
              }),
            ),
            saved,
            field(t("rekey.passphrase"), pass, t("rekey.passphrase.help")),
            use("app.strength", pass),
            h("label", { class: "choice" }, kept, t("rekey.kept")),
            h("div", { class: "actions" }, apply),
          ),
        );
      } catch (e) {
        out.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
      }
    },
    text: t("rekey.prepare"),
  });
  return h(
    "section",
    { id: "rekey-section" },
    h("h2", { text: t("rekey.title") }),
    h("p", { class: "muted", text: t("rekey.help") }),
    start,
    out,
  );
}

part("app.rekey", rekeySection);
