// What every screen shares: the app's status, the vocabularies from the backend and a
// router (the backend is reached through the generated `api.js`). Screens, dialogs and
// parts register themselves by name (`screen`, `part`) and are reached by name (`show`,
// `use`): no screen imports another.

import { api } from "./api.js";

export const main = document.getElementById("main");

/// `status`: the app_status reply; `vocab`: every closed list and each jurisdiction's
/// defaults (the `vocabularies` command).
export const state = { status: null, vocab: null };

/// The rules of a jurisdiction as the backend states them (paper, age of consent…).
export const rulesOf = (j) => state.vocab.jurisdictions.find((r) => r.jurisdiction === j);
/// The longest text a field takes, as the backend states it (a form's `maxlength`).
export const maxLength = (field) => state.vocab.field_limits[field];
/// `{ min, max }` of a number the domain bounds (`Vocabularies::number_limits`).
export const numberLimits = (name) => {
  const [min, max] = state.vocab.number_limits[name];
  return { min, max };
};
/// The organisation's region for dates and numbers (`CA`, `FR`).
export const region = () =>
  rulesOf(state.status?.profile?.jurisdiction || state.vocab.jurisdictions[0].jurisdiction)?.region;
/// The local calendar date (toISOString alone would give UTC's, a day off in the evening).
export const today = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
};

const screens = new Map();
const parts = new Map();
let current = () => {};
let currentName = "";
let onShow = () => {};

/// The name of the screen shown.
export const shownScreen = () => currentName;

/// Where an open register starts: the recovery key while it is not confirmed as put
/// away, else the people list.
export function home() {
  return show(state.status?.recovery_unconfirmed ? "app.recovery" : "people.list");
}

/// Registers a screen under `name` (e.g. `people.page`).
export function screen(name, fn) {
  screens.set(name, fn);
}
/// Registers a part under `name`: a dialog or a piece another screen shows.
export function part(name, fn) {
  parts.set(name, fn);
}

/// Shows screen `name`; the navigation is redrawn first.
export function show(name, ...args) {
  const fn = screens.get(name);
  if (!fn) throw new Error(`no screen ${name}`);
  current = () => fn(...args);
  currentName = name;
  onShow();
  return fn(...args);
}
/// Runs part `name` (a dialog, or a piece of page it returns; null when none is registered).
export function use(name, ...args) {
  const fn = parts.get(name);
  return fn ? fn(...args) : null;
}
/// Redraws the current screen (after a language switch).
export function refresh() {
  onShow();
  return current();
}
/// What to do before each screen is drawn (the navigation bar).
export function beforeEachScreen(fn) {
  onShow = fn;
}

/// Reads the status again (counts for the navigation's warning) and redraws the bar.
export async function refreshStatus() {
  state.status = await api.appStatus();
  onShow();
}
