// Locking: the "Lock" button of the navigation and the idle delay chosen in the settings
// (kept on this computer). Locking closes the register; the window then asks to unlock.
// The delays and their bound come from the backend, which enforces the delay too.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { h, field, select } from "../dom.js";
import { state, part } from "../state.js";

const delay = () => Number(localStorage.getItem("carnet.idle") ?? state.vocab.idle_lock_default);
let last = Date.now();
let told = 0;

export async function lockNow() {
  await api.lockRegister();
  location.reload();
}

/// The backend learns the delay at start, and that someone is here at most every 30 s.
export async function startIdle() {
  try {
    localStorage.setItem("carnet.idle", String(await api.setIdleDelay({ minutes: delay() })));
  } catch {
    /* the window's timer still locks */
  }
}

for (const ev of ["keydown", "pointerdown", "pointermove", "wheel"]) {
  window.addEventListener(
    ev,
    () => {
      last = Date.now();
      if (last - told > 30000 && state.status?.phase === "open") {
        told = last;
        api.stillHere().catch(() => {});
      }
    },
    { passive: true },
  );
}
setInterval(() => {
  const minutes = delay();
  if (minutes && state.status?.phase === "open" && Date.now() - last > minutes * 60000) lockNow();
}, 20000);

/// The settings' choice of the idle delay.
function idleSetting() {
  const choices = state.vocab.idle_lock_minutes.map(String);
  const sel = select("idle-delay", choices, (m) => t("lock.minutes", { n: m }), String(delay()));
  sel.id = "idle-delay";
  sel.addEventListener("change", async () => {
    const applied = await api.setIdleDelay({ minutes: Number(sel.value) });
    localStorage.setItem("carnet.idle", String(applied));
  });
  return h(
    "section",
    { id: "lock-section" },
    h("h2", { text: t("lock.title") }),
    field(t("lock.after"), sel),
    h("p", { class: "muted", id: "app-version", text: t("app.version", { version: state.status?.version || "" }) }),
  );
}

part("lock.settings", idleSetting);
