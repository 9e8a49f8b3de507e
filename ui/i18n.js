// Words on screen, in French (default) and English. Each context keeps its own words,
// one file per language (`<context>/words.fr.js`, `words.en.js`), and registers them
// (`<context>/words.js`); this module imports no context. Keys are stable and the UI
// never shows a backend message: it words the error's code.
const dictionaries = { fr: {}, en: {} };

/// Adds a context's words (each context's `words.js` calls it once, as the app loads).
/// A key defined twice is refused by `tests/tidy.rs`, never silently replaced here.
export function addWords(fr, en) {
  Object.assign(dictionaries.fr, fr);
  Object.assign(dictionaries.en, en);
}
let current = localStorage.getItem("carnet.lang") || "fr";

export function lang() {
  return current;
}

export function setLang(l) {
  current = dictionaries[l] ? l : "fr";
  localStorage.setItem("carnet.lang", current);
  document.documentElement.lang = current;
}

export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => params[k] ?? `{${k}}`);
}

/// Words an error `{code, message, detail}` from a command.
export function errorText(err) {
  if (!err || typeof err !== "object" || !err.code) return t("error.generic");
  if (err.code === "consent_refused" && err.detail) {
    return t(`rule.${err.detail.rule}`, err.detail);
  }
  const params = { ...(err.detail || {}) };
  if (err.code === "letter_incomplete") params.missing = (params.missing || []).map((f) => t(`gap.${f}`)).join(", ");
  // A field with words of its own for this error says what to do, not just which field.
  const specific = err.detail?.field && `error.${err.code}.${err.detail.field}`;
  if (specific && dictionaries[current][specific]) return t(specific, params);
  if (params.field) params.field = t(`field.${params.field}`);
  const key = `error.${err.code}`;
  return dictionaries[current][key] ? t(key, params) : t("error.generic");
}

/// A saved file as the office knows it: from the user's Documents ("Documents › Carnet ›
/// lettre.pdf"), else its folder and name: never the whole path.
export function shownPath(path) {
  const parts = String(path).split(/[\\/]/).filter(Boolean);
  const docs = parts.lastIndexOf("Documents");
  const shown = docs >= 0 ? parts.slice(docs) : parts.slice(-2);
  return shown.join(" › ");
}

/// The locale: the chosen language in the organisation's region (`CA`, `FR`).
const locale = (region) => `${current}-${region || "CA"}`;

/// A date ("2026-11-24" or an RFC 3339 time) in the locale's words.
export function formatDate(value, region, withTime = false) {
  if (!value) return t("common.unknown");
  const d = value.length === 10 ? new Date(`${value}T12:00:00`) : new Date(value);
  const opts = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "long" };
  return new Intl.DateTimeFormat(locale(region), opts).format(d);
}

export function formatNumber(n, region) {
  return new Intl.NumberFormat(locale(region)).format(n);
}
