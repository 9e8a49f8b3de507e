// Locking: the "Lock" button of the navigation and the idle delay chosen in the settings
// (kept on this computer). Locking closes the register; the window then asks to unlock.
import { t } from "../i18n.js";
import { h, field, select } from "../dom.js";
import { invoke, state, part } from "../state.js";

/// Minutes of inactivity before the register locks (0: never), kept on this computer.
const DELAYS = [0, 5, 10, 15, 30, 60];
const delay = () => Number(localStorage.getItem("carnet.idle") ?? 15);
let last = Date.now();

export async function lockNow() {
  await invoke("lock_register");
  location.reload();
}

for (const ev of ["keydown", "pointerdown", "pointermove", "wheel"]) {
  window.addEventListener(ev, () => { last = Date.now(); }, { passive: true });
}
setInterval(() => {
  const minutes = delay();
  if (minutes && state.status?.phase === "open" && Date.now() - last > minutes * 60000) lockNow();
}, 20000);

/// The settings' choice of the idle delay.
function idleSetting() {
  const sel = select("idle-delay", DELAYS.map(String), (m) => (m === "0" ? t("lock.never") : t("lock.minutes", { n: m })), String(delay()));
  sel.id = "idle-delay";
  sel.addEventListener("change", () => localStorage.setItem("carnet.idle", sel.value));
  return h("section", { id: "lock-section" }, h("h2", { text: t("lock.title") }),
    field(t("lock.after"), sel),
    h("p", { class: "muted", id: "app-version", text: t("app.version", { version: state.status?.version || "" }) }));
}

part("lock.settings", idleSetting);
