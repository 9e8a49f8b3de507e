// Building blocks of every screen: `h()` makes elements (text is always set as text,
// never as HTML), labelled fields, alert boxes, modal dialogs.
import { t, errorText, formatDate } from "./i18n.js";
import { region } from "./state.js";

export function h(tag, attrs = {}, ...children) {
  const day = tag === "input" && attrs?.type === "date";
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (day && (k === "type" || k === "value")) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity))
    if (c !== null && c !== undefined && c !== false)
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  if (day) dayField(el, attrs.value);
  return el;
}

const nativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");

/// The ISO day ("2026-12-06") of what was typed: 2026-12-06 anywhere, 6/12/2026 or
/// 06.12.2026 where days come first; "" when it is not a real day.
export function parseDay(text, dayFirst = true) {
  const s = String(text || "").trim();
  const iso = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  // Day first only where the office writes days so (France): in Quebec "03/04/2026" could
  // be either, and a deadline counts from it.
  const dmy = dayFirst ? s.match(/^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/) : null;
  let y, mo, d;
  if (iso) [, y, mo, d] = iso;
  else if (dmy) [, d, mo, y] = dmy;
  else return "";
  const day = `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return check.toISOString().slice(0, 10) === day ? day : "";
}

/// A day field in the office's format whatever the computer's locale (a browser's date
/// field follows the PC's, month first on an English one): Quebec writes 2026-12-06, France
/// 06/12/2026. `.value` reads and takes the ISO day the commands use; a day that is not
/// one, or outside `min`/`max`, stops the form with words that say the expected form.
function dayField(el, initial) {
  el.type = "text";
  el.inputMode = "numeric";
  el.autocomplete = "off";
  el.classList.add("day");
  const france = () => region() === "FR";
  el.placeholder = t(france() ? "day.format.fr" : "day.format.ca");
  const show = (iso) => {
    if (!iso) return "";
    const [y, m, d] = iso.split("-");
    return france() ? `${d}/${m}/${y}` : iso;
  };
  Object.defineProperty(el, "value", {
    configurable: true,
    // Not a day reads as none; the field says why and stops its form.
    get() {
      return parseDay(nativeValue.get.call(el), france());
    },
    set(v) {
      nativeValue.set.call(el, show(parseDay(v) || ""));
      check();
    },
  });
  const check = () => {
    const raw = nativeValue.get.call(el).trim();
    const iso = parseDay(raw, france());
    const min = el.getAttribute("min");
    const max = el.getAttribute("max");
    let problem = "";
    if (raw && !iso) problem = t("day.invalid", { format: el.placeholder });
    else if (iso && max && iso > max) problem = t("day.after", { date: formatDate(max, region()) });
    else if (iso && min && iso < min) problem = t("day.before", { date: formatDate(min, region()) });
    el.setCustomValidity(problem);
  };
  el.addEventListener("input", check);
  el.addEventListener("blur", () => {
    const iso = parseDay(nativeValue.get.call(el), france());
    if (iso) nativeValue.set.call(el, show(iso));
    check();
  });
  if (initial) el.value = initial;
}

/// A table's header row: one column heading per label (an empty label, a column without
/// heading, e.g. for the row's buttons).
export function headRow(labels) {
  return h(
    "thead",
    {},
    h(
      "tr",
      {},
      labels.map((c) => (c ? h("th", { scope: "col", text: c }) : h("th", {}))),
    ),
  );
}

/// A table of the app's style: its headings and its rows (`tr` elements).
export function table(id, head, rows) {
  return h("table", { class: "table", id }, headRow(head), h("tbody", {}, rows));
}

let fieldSeq = 0;
/// A labelled field; `control` is an input, select or textarea element.
export function field(label, control, help) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const helpEl = help ? h("small", { id: `${id}-help`, class: "help", text: help }) : null;
  if (helpEl) control.setAttribute("aria-describedby", helpEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: label }), control, helpEl);
}

export function select(name, values, labelOf, selected) {
  return h(
    "select",
    { name },
    values.map((v) => h("option", { value: v, selected: v === selected, text: labelOf(v) })),
  );
}

export function alertBox() {
  return h("p", { class: "alert", role: "alert", "aria-live": "assertive" });
}

export function showError(box, err) {
  box.textContent = errorText(err);
  box.hidden = false;
}

export function dl(pairs) {
  return h(
    "dl",
    { class: "pairs" },
    pairs.filter(([, v]) => v).map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]),
  );
}

/// A modal dialog holding a form; Escape closes it and focus returns to the page.
export function dialog(title, body, onSubmit, submit = t("common.save")) {
  const box = alertBox();
  box.hidden = true;
  const dlg = h("dialog", { class: "card", "aria-label": title });
  const form = h(
    "form",
    {
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await onSubmit();
          dlg.close();
          dlg.remove();
        } catch (e) {
          showError(box, e);
        }
      },
    },
    h("h2", { text: title }),
    body,
    box,
    h(
      "div",
      { class: "actions" },
      h("button", {
        type: "button",
        onclick: () => {
          dlg.close();
          dlg.remove();
        },
        text: t("common.cancel"),
      }),
      h("button", { type: "submit", class: "primary", id: "dialog-submit", text: submit }),
    ),
  );
  dlg.append(form);
  document.body.append(dlg);
  dlg.showModal();
  form.querySelector("input, select, textarea")?.focus();
  return dlg;
}

/// A person as a list row (search results, pickers).
export function personLine(p) {
  const name = `${p.family_name}${p.family_name && p.given_name ? ", " : ""}${p.given_name}`;
  return h(
    "li",
    { role: "option", tabindex: "-1", "data-id": p.id, id: `person-${p.id}`, class: "row" },
    h("span", { class: "name", text: name }),
    h("span", { class: "muted", text: p.birth_date ? formatDate(p.birth_date, region()) : "" }),
  );
}
