// Carnet's front end: plain ES modules, no framework, no bundler. This file composes
// the app: it loads every context's screens (each registers itself by name in
// `state.js`), draws the navigation before each screen, and starts on the right one.
// Screens reach each other by name only: no screen imports another.
import { api } from "./api.js";
import { t, setLang, lang, errorText } from "./i18n.js";
import { h } from "./dom.js";
import { main, state, show, use, refresh, refreshStatus, beforeEachScreen, home, shownScreen } from "./state.js";
import "./app/words.js";
import "./people/words.js";
import "./consent/words.js";
import "./requests/words.js";
import "./settings/words.js";
import "./privacy/words.js";
import "./incidents/words.js";
import "./contests/words.js";
import "./exchange/words.js";
import "./newsletter/words.js";
import "./licences/words.js";
import "./backup/words.js";
import "./accounts/words.js";
import "./app/setup.js";
import "./app/unlock.js";
import "./app/service.js";
import { lockNow, startIdle } from "./app/idle.js";
import "./app/rekey.js";
import "./people/list.js";
import "./people/person.js";
import "./consent/dialog.js";
import "./requests/dashboard.js";
import "./requests/form.js";
import "./requests/page.js";
import "./settings/settings.js";
import "./privacy/tabs.js";
import "./privacy/parts.js";
import "./privacy/erasure.js";
import "./privacy/retention.js";
import "./privacy/processing.js";
import "./incidents/incidents.js";
import "./contests/list.js";
import "./contests/page.js";
import "./exchange/import.js";
import "./exchange/parts.js";
import "./newsletter/lists.js";
import "./newsletter/parts.js";
import "./licences/licences.js";
import "./backup/parts.js";
import "./accounts/parts.js";
import "./app/strength.js";

function header() {
  const bar = document.getElementById("topbar");
  bar.replaceChildren(
    h("span", { class: "brand", text: state.status?.profile?.name || t("app.title") }),
    state.status?.phase === "open" && !state.status.recovery_unconfirmed
      ? h(
          "nav",
          { "aria-label": "Carnet" },
          h("button", { class: "link", id: "nav-people", onclick: () => show("people.list"), text: t("nav.people") }),
          h(
            "button",
            { class: "link", id: "nav-requests", onclick: () => show("requests.list", false) },
            t("nav.requests"),
            use("requests.badge"),
          ),
          h("button", {
            class: "link",
            id: "nav-contests",
            onclick: () => show("contests.list"),
            text: t("nav.contests"),
          }),
          h("button", {
            class: "link",
            id: "nav-newsletter",
            onclick: () => show("newsletter.list"),
            text: t("nav.newsletter"),
          }),
          h("button", {
            class: "link",
            id: "nav-licences",
            onclick: () => show("licences.list"),
            text: t("nav.licences"),
          }),
          h("button", {
            class: "link",
            id: "nav-privacy",
            onclick: () => show("privacy.retention"),
            text: t("nav.privacy"),
          }),
          h("button", { class: "link", id: "nav-settings", onclick: () => show("settings"), text: t("nav.settings") }),
          h("button", { class: "link", id: "nav-lock", onclick: lockNow, text: t("nav.lock") }),
        )
      : h("span", { class: "spacer" }),
    h("button", {
      class: "link",
      id: "lang-switch",
      lang: lang() === "fr" ? "en" : "fr",
      onclick: () => {
        setLang(lang() === "fr" ? "en" : "fr");
        refresh();
      },
      text: t("lang.switch"),
    }),
  );
  document.title = t("app.title");
}

async function start() {
  setLang(lang());
  beforeEachScreen(header);
  [state.vocab, state.status] = await Promise.all([api.vocabularies(), api.appStatus()]);
  startIdle();
  const s = state.status;
  if (s.phase === "setup") return show("app.where");
  if (s.phase === "service") return show("app.service");
  if (s.phase === "open") return home();
  if (s.key_file_damaged) return show("app.unlock", { code: "key_info_damaged" });
  if (s.unlock_keyring && s.keyring_available) return show("app.keyring");
  show("app.unlock", s.unlock_keyring ? { code: "keyring_unavailable" } : null);
}

/// On the office's service, colleagues change the register from other PCs: a list is read
/// again when the window comes back to the front (a form being typed is left alone).
const LISTS = ["people.list", "requests.list", "contests.list", "newsletter.list", "licences.list"];
window.addEventListener("focus", async () => {
  if (!state.status?.service || state.status.phase !== "open" || !LISTS.includes(shownScreen())) return;
  try {
    await refreshStatus();
    refresh();
  } catch {
    /* the screen says what failed at its next call */
  }
});

start().catch((e) => main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) })));
