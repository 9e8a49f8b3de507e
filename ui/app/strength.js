// A passphrase's strength shown as it is typed (the forms that set one: first run,
// accounts, a new key). The backend judges it with the same rule that refuses a weak one.
import { t } from "../i18n.js";
import { h } from "../dom.js";
import { invoke, part } from "../state.js";

function strengthMeter(input) {
  const meter = h("meter", { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, "aria-hidden": "true" });
  const words = h("small", { class: "help", role: "status", "aria-live": "polite" });
  const box = h("div", { class: "strength" }, meter, words);
  box.hidden = true;
  let seq = 0;
  input.addEventListener("input", async () => {
    const mine = ++seq;
    box.hidden = !input.value;
    if (!input.value) return;
    try {
      const s = await invoke("passphrase_strength", { passphrase: input.value });
      if (mine !== seq) return; // a later keystroke already asked
      meter.value = s.score;
      words.textContent = t(s.acceptable ? "strength.ok" : "strength.weak", { score: s.score });
    } catch { box.hidden = true; }
  });
  return box;
}

part("app.strength", strengthMeter);
