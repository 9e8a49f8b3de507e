// A passphrase's strength shown as it is typed (the forms that set one: first run,
// accounts, a new key), and a "suggest one" button: everyday words drawn by the backend,
// shown in clear so they can be written down. The backend judges with the same rule that
// refuses a weak one.
import { api } from "../api.js";
import { t, lang } from "../i18n.js";
import { h } from "../dom.js";
import { part } from "../state.js";

function strengthMeter(input, confirm) {
  const meter = h("meter", { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, "aria-hidden": "true" });
  const words = h("small", { class: "help", role: "status", "aria-live": "polite" });
  const box = h("div", { class: "strength" }, meter, words);
  box.hidden = true;
  let seq = 0;
  const judge = async () => {
    const mine = ++seq;
    box.hidden = !input.value;
    if (!input.value) return;
    try {
      const s = await api.passphraseStrength({ passphrase: input.value });
      if (mine !== seq) return; // a later keystroke already asked
      meter.value = s.score;
      words.textContent = t(s.acceptable ? "strength.ok" : "strength.weak", { score: s.score });
    } catch {
      box.hidden = true;
    }
  };
  input.addEventListener("input", judge);
  const shown = h("p", { class: "suggested", "aria-live": "polite" });
  shown.hidden = true;
  const suggest = h(
    "button",
    {
      type: "button",
      class: "link passphrase-suggest",
      onclick: async () => {
        try {
          const phrase = await api.suggestPassphrase({ language: lang() });
          input.value = phrase;
          if (confirm) confirm.value = phrase;
          shown.replaceChildren(t("strength.suggested"), " ", h("strong", { class: "phrase" }, phrase));
          shown.hidden = false;
          judge();
        } catch {
          shown.hidden = true;
        }
      },
    },
    t("strength.suggest"),
  );
  input.addEventListener("input", () => {
    shown.hidden = true;
  });
  return h("div", {}, box, suggest, shown);
}

part("app.strength", strengthMeter);
