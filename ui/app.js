// Carnet's screens. Plain ES module, no framework: `h()` builds elements (text is always
// set as text, never as HTML), each screen is a function that fills <main>.
import { t, setLang, lang, errorText, formatDate, formatNumber } from "./i18n.js";

const invoke = (cmd, args = {}) => window.__TAURI__.core.invoke(cmd, args);
const main = document.getElementById("main");
const CHANNELS = ["paper_form", "in_person", "email", "contact_form", "account", "online_order", "phone_order", "social_media", "job_application", "mail", "staff", "other"];
let status = null;
let recoveryPending = false; // no way around the recovery-key confirmation

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

let fieldSeq = 0;
/// A labelled field; `control` is an input, select or textarea element.
function field(label, control, help) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const helpEl = help ? h("small", { id: `${id}-help`, class: "help", text: help }) : null;
  if (helpEl) control.setAttribute("aria-describedby", helpEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: label }), control, helpEl);
}

function select(name, values, labelOf, selected) {
  return h("select", { name }, values.map((v) => h("option", { value: v, selected: v === selected, text: labelOf(v) })));
}

function alertBox() {
  return h("p", { class: "alert", role: "alert", "aria-live": "assertive" });
}

function showError(box, err) {
  box.textContent = errorText(err);
  box.hidden = false;
}

const juris = () => status?.profile?.jurisdiction || "quebec";
/// The local calendar date (toISOString alone would give UTC's, a day off in the evening).
const today = () => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); };

function header() {
  const bar = document.getElementById("topbar");
  bar.replaceChildren(
    h("span", { class: "brand", text: status?.profile?.name || t("app.title") }),
    status?.phase === "open" && !recoveryPending
      ? h("nav", { "aria-label": "Carnet" },
          h("button", { class: "link", id: "nav-people", onclick: () => show(peopleScreen), text: t("nav.people") }),
          h("button", { class: "link", id: "nav-requests", onclick: () => show(requestsScreen, false) }, t("nav.requests"), requestsBadge()),
          h("button", { class: "link", id: "nav-settings", onclick: () => show(settingsScreen), text: t("nav.settings") }))
      : h("span", { class: "spacer" }),
    h("button", { class: "link", id: "lang-switch", lang: lang() === "fr" ? "en" : "fr", onclick: () => { setLang(lang() === "fr" ? "en" : "fr"); refresh(); }, text: t("lang.switch") }),
  );
}

let current = () => {};
function show(screen, ...args) {
  current = () => screen(...args);
  header();
  document.title = t("app.title");
  return screen(...args);
}
function refresh() {
  header();
  current();
}

// ---------------------------------------------------------------- first run ---------

function setupScreen() {
  const data = { profile: { name: "", address: "", privacy_contact: "", jurisdiction: "quebec", paper: "letter", language: lang(), age_of_consent: null }, staff: localStorage.getItem("carnet.staff") || "", protect: status.keyring_available ? "keyring" : "passphrase" };
  let step = 1;
  const total = 3;
  const render = () => {
    const box = alertBox();
    box.hidden = true;
    let body;
    if (step === 1) {
      const name = h("input", { name: "org-name", required: true, value: data.profile.name, autocomplete: "organization" });
      const address = h("textarea", { name: "org-address", rows: 2 }, data.profile.address);
      const contact = h("input", { name: "org-contact", value: data.profile.privacy_contact });
      const jur = h("fieldset", {}, h("legend", { text: t("settings.jurisdiction") }),
        ["quebec", "france"].map((j) => h("label", { class: "choice" }, h("input", { type: "radio", name: "jurisdiction", value: j, checked: data.profile.jurisdiction === j }), t(`jurisdiction.${j}`))));
      body = [field(t("settings.org.name"), name), field(t("settings.org.address"), address), field(t("settings.org.contact"), contact), jur];
      body.submit = () => {
        data.profile.name = name.value.trim();
        data.profile.address = address.value;
        data.profile.privacy_contact = contact.value;
        data.profile.jurisdiction = jur.querySelector("input:checked").value;
        data.profile.paper = data.profile.jurisdiction === "france" ? "a4" : "letter";
        if (!data.profile.name) { showError(box, { code: "invalid_input", detail: { field: "organisation name" } }); return false; }
        return true;
      };
    } else if (step === 2) {
      const staff = h("input", { name: "staff", required: true, value: data.staff, autocomplete: "name" });
      const language = select("language", ["fr", "en"], (l) => t(`language.${l}`), data.profile.language);
      body = [field(t("unlock.staff"), staff, t("setup.staff.help")), field(t("settings.language"), language)];
      body.submit = () => {
        data.staff = staff.value.trim();
        data.profile.language = language.value;
        if (!data.staff) { showError(box, { code: "invalid_input", detail: { field: "staff" } }); return false; }
        return true;
      };
    } else {
      const choices = h("fieldset", {}, h("legend", { text: t("setup.key") }),
        h("p", { text: t("setup.key.intro") }),
        status.keyring_available ? null : h("p", { class: "note", text: t("setup.key.nokeyring") }),
        ["keyring", "passphrase"].map((p) => h("label", { class: "choice" },
          h("input", { type: "radio", name: "protect", value: p, checked: data.protect === p, disabled: p === "keyring" && !status.keyring_available, onchange: () => { data.protect = p; render(); } }),
          t(`setup.key.${p}`))));
      const p1 = h("input", { type: "password", name: "passphrase", autocomplete: "new-password" });
      const p2 = h("input", { type: "password", name: "passphrase2", autocomplete: "new-password" });
      body = [choices, data.protect === "passphrase" ? [field(t("setup.passphrase"), p1), field(t("setup.passphrase2"), p2)] : null];
      body.submit = async () => {
        if (data.protect === "passphrase" && p1.value !== p2.value) { box.textContent = t("setup.passphrase.mismatch"); box.hidden = false; return false; }
        localStorage.setItem("carnet.staff", data.staff);
        setLang(data.profile.language);
        submitBtn.disabled = true;
        submitBtn.textContent = t("setup.creating");
        try {
          const created = await invoke("create_register", { profile: data.profile, passphrase: data.protect === "passphrase" ? p1.value : null, staff: data.staff });
          status = await invoke("app_status");
          recoveryPending = true;
          show(recoveryScreen, created.recovery_key, data.profile);
        } catch (e) {
          showError(box, e);
          submitBtn.disabled = false;
          submitBtn.textContent = t("setup.create");
        }
        return false;
      };
    }
    const submitBtn = h("button", { type: "submit", class: "primary", id: "setup-next", text: step < total ? t("common.next") : t("setup.create") });
    const form = h("form", { class: "card narrow", onsubmit: async (ev) => { ev.preventDefault(); if (await body.submit()) { step += 1; render(); } } },
      h("h1", { text: t("setup.title") }),
      h("p", { class: "muted", text: `${t("setup.intro")} ${t("setup.step", { n: step, total })}` }),
      h("h2", { text: [t("setup.org"), t("setup.you"), t("setup.key")][step - 1] }),
      body, box,
      h("div", { class: "actions" }, step > 1 ? h("button", { type: "button", onclick: () => { step -= 1; render(); }, text: t("common.back") }) : null, submitBtn));
    main.replaceChildren(form);
    form.querySelector("input, select, textarea")?.focus();
  };
  render();
}

function recoveryScreen(key, profile) {
  const savedNote = h("p", { class: "note", role: "status" });
  const kept = h("input", { type: "checkbox", id: "recovery-kept", onchange: () => { go.disabled = !kept.checked; } });
  const go = h("button", { class: "primary", id: "recovery-continue", disabled: true, onclick: () => { recoveryPending = false; show(peopleScreen); }, text: t("recovery.continue") });
  main.replaceChildren(h("section", { class: "card narrow printable" },
    h("h1", { text: t("recovery.title") }),
    h("p", { text: t("recovery.intro") }),
    h("p", { class: "recovery-key", id: "recovery-key", text: key }),
    h("div", { class: "actions no-print" },
      h("button", { id: "recovery-save", onclick: async () => {
        try {
          const path = await invoke("save_recovery_sheet", { recoveryKey: key, language: lang() });
          if (path) savedNote.textContent = t("recovery.saved", { path });
        } catch (e) { savedNote.textContent = errorText(e); }
      }, text: t("recovery.save") }),
      h("button", { onclick: () => window.print(), text: t("recovery.print") })),
    savedNote,
    h("div", { class: "no-print" }, h("label", { class: "choice" }, kept, t("recovery.kept")), h("div", { class: "actions" }, go))));
}

// ---------------------------------------------------------------- unlock ------------

function unlockScreen(firstError) {
  const box = alertBox();
  box.hidden = !firstError;
  if (firstError) box.textContent = errorText(firstError);
  const staff = h("input", { name: "staff", value: localStorage.getItem("carnet.staff") || "", autocomplete: "name" });
  const opened = async () => {
    localStorage.setItem("carnet.staff", staff.value.trim());
    await invoke("set_staff", { name: staff.value.trim() });
    status = await invoke("app_status");
    show(peopleScreen);
  };
  const pass = h("input", { type: "password", name: "passphrase", autocomplete: "current-password" });
  const passForm = status.unlock_passphrase
    ? h("form", { onsubmit: async (ev) => { ev.preventDefault(); try { await invoke("unlock_passphrase", { passphrase: pass.value }); await opened(); } catch (e) { showError(box, e); pass.select(); } } },
        field(t("unlock.passphrase"), pass), h("div", { class: "actions" }, h("button", { class: "primary", type: "submit", id: "unlock-open", text: t("unlock.open") })))
    : null;
  const rk = h("input", { name: "recovery-key", autocomplete: "off", spellcheck: "false", class: "mono" });
  const remember = h("input", { type: "checkbox", checked: status.keyring_available, disabled: !status.keyring_available });
  const rkForm = h("form", { onsubmit: async (ev) => { ev.preventDefault(); try { await invoke("unlock_recovery", { recoveryKey: rk.value, remember: remember.checked }); await opened(); } catch (e) { showError(box, e); } } },
    field(t("unlock.recovery.label"), rk), h("label", { class: "choice" }, remember, t("unlock.recovery.remember")),
    h("div", { class: "actions" }, h("button", { type: "submit", text: t("unlock.open") })));
  const details = h("details", { open: !passForm || (firstError && ["keyring_entry_missing", "key_info_missing", "keyring_unavailable"].includes(firstError.code)) }, h("summary", { text: t("unlock.recovery") }), rkForm);
  main.replaceChildren(h("section", { class: "card narrow" }, h("h1", { text: t("unlock.title") }), field(t("unlock.staff"), staff), box, passForm, details));
  (passForm ? pass : staff).focus();
  return { opened };
}

async function tryKeyring() {
  main.replaceChildren(h("p", { class: "muted", role: "status", text: t("unlock.trying") }));
  try {
    await invoke("unlock_keyring");
    await invoke("set_staff", { name: localStorage.getItem("carnet.staff") || "" });
    status = await invoke("app_status");
    if (!localStorage.getItem("carnet.staff")) return show(unlockStaffOnly);
    show(peopleScreen);
  } catch (e) {
    show(unlockScreen, e);
  }
}

function unlockStaffOnly() {
  const staff = h("input", { name: "staff", required: true, autocomplete: "name" });
  main.replaceChildren(h("form", { class: "card narrow", onsubmit: async (ev) => { ev.preventDefault(); localStorage.setItem("carnet.staff", staff.value.trim()); await invoke("set_staff", { name: staff.value.trim() }); show(peopleScreen); } },
    h("h1", { text: t("unlock.staff") }), field(t("unlock.staff"), staff, t("setup.staff.help")), h("div", { class: "actions" }, h("button", { class: "primary", type: "submit", text: t("common.next") }))));
  staff.focus();
}

// ---------------------------------------------------------------- people ------------

function personLine(p) {
  const name = `${p.family_name}${p.family_name && p.given_name ? ", " : ""}${p.given_name}`;
  return h("li", { role: "option", tabindex: "-1", "data-id": p.id, id: `person-${p.id}`, class: "row" },
    h("span", { class: "name", text: name }),
    h("span", { class: "muted", text: p.birth_date ? formatDate(p.birth_date, juris()) : "" }));
}

let lastQuery = "";
async function peopleScreen() {
  const search = h("input", { type: "search", id: "search", name: "search", value: lastQuery, placeholder: t("people.search.placeholder"), autocomplete: "off", role: "combobox", "aria-controls": "people-list", "aria-expanded": "true" });
  const list = h("ul", { id: "people-list", role: "listbox", "aria-label": t("people.results"), class: "list" });
  const count = h("p", { class: "muted", id: "people-count", role: "status" });
  const more = h("button", { class: "link", hidden: true, text: t("people.more") });
  let shown = 0;
  let seq = 0;
  const fill = (people, append) => {
    if (!append) list.replaceChildren();
    people.forEach((p) => list.append(personLine(p)));
  };
  const run = async () => {
    const mine = ++seq;
    const q = search.value.trim();
    lastQuery = search.value;
    try {
      if (q) {
        const found = await invoke("search_people", { query: q, limit: 50 });
        if (mine !== seq) return;
        fill(found, false);
        more.hidden = true;
        count.textContent = found.length ? "" : t("people.none", { q });
      } else {
        const page = await invoke("list_people", { offset: 0, limit: 100 });
        if (mine !== seq) return;
        fill(page.people, false);
        shown = page.people.length;
        more.hidden = shown >= page.total;
        count.textContent = page.total === 0 ? t("people.empty") : page.total === 1 ? t("people.count.one") : t("people.count", { n: formatNumber(page.total, juris()) });
      }
    } catch (e) { count.textContent = errorText(e); }
  };
  more.onclick = async () => { const page = await invoke("list_people", { offset: shown, limit: 100 }); fill(page.people, true); shown += page.people.length; more.hidden = shown >= page.total; };
  const open = (li) => li && show(personScreen, Number(li.dataset.id));
  const move = (delta) => {
    const items = [...list.children];
    if (!items.length) return;
    const i = items.indexOf(document.activeElement);
    const next = items[Math.max(0, Math.min(items.length - 1, i + delta))] || items[0];
    next.focus();
    search.setAttribute("aria-activedescendant", next.id);
  };
  search.addEventListener("input", run);
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
    if (ev.key === "Enter") { ev.preventDefault(); open(list.firstElementChild); }
  });
  list.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
    if (ev.key === "ArrowUp") { ev.preventDefault(); if (document.activeElement === list.firstElementChild) search.focus(); else move(-1); }
    if (ev.key === "Enter") { ev.preventDefault(); open(document.activeElement.closest("li")); }
  });
  list.addEventListener("click", (ev) => open(ev.target.closest("li")));
  main.replaceChildren(deadlineWarning() || "", h("section", { class: "card" },
    h("div", { class: "title-row" }, h("h1", { text: t("people.title") }), h("button", { class: "primary", id: "add-person", onclick: () => show(personForm, null), text: t("people.add") })),
    field(t("people.search"), search), count, list, more));
  search.focus();
  await run();
}

function personForm(existing, after) {
  const d = existing?.data || existing || { given_name: "", family_name: "", emails: [], phones: [], address: {}, preferred_language: lang(), birth_date: null, collection_channel: "paper_form", collected_on: today(), notes: "" };
  const inp = (name, value, type = "text", extra = {}) => h("input", { name, type, value: value ?? "", ...extra });
  const f = {
    given: inp("given", d.given_name, "text", { autocomplete: "off" }),
    family: inp("family", d.family_name, "text", { autocomplete: "off" }),
    emails: h("textarea", { name: "emails", rows: 2 }, (d.emails || []).join("\n")),
    phones: h("textarea", { name: "phones", rows: 2 }, (d.phones || []).join("\n")),
    street: inp("street", d.address?.street),
    city: inp("city", d.address?.city),
    region: inp("region", d.address?.region),
    postal: inp("postal", d.address?.postal_code),
    country: inp("country", d.address?.country),
    language: select("language", ["fr", "en"], (l) => t(`language.${l}`), d.preferred_language),
    birth: inp("birth", d.birth_date, "date", { max: today() }),
    channel: select("channel", CHANNELS, (c) => t(`channel.${c}`), d.collection_channel),
    collected: inp("collected", d.collected_on, "date", { max: today() }),
    notes: h("textarea", { name: "notes", rows: 2 }, d.notes || ""),
  };
  const box = alertBox();
  box.hidden = true;
  const lines = (ta) => ta.value.split("\n").map((s) => s.trim()).filter(Boolean);
  const form = h("form", { class: "card", onsubmit: async (ev) => {
    ev.preventDefault();
    const input = {
      given_name: f.given.value, family_name: f.family.value, emails: lines(f.emails), phones: lines(f.phones),
      address: { street: f.street.value, city: f.city.value, region: f.region.value, postal_code: f.postal.value, country: f.country.value },
      preferred_language: f.language.value, birth_date: f.birth.value || null, collection_channel: f.channel.value,
      collected_on: f.collected.value || today(), notes: f.notes.value,
    };
    try {
      const id = await invoke("save_person", { id: existing?.id ?? null, input });
      if (after) await after(id); else show(personScreen, id);
    } catch (e) { showError(box, e); }
  } },
    h("h1", { text: existing?.id ? t("person.edit") : t("person.new") }),
    h("div", { class: "grid" }, field(t("person.given"), f.given), field(t("person.family"), f.family),
      field(t("person.birth"), f.birth), field(t("person.language"), f.language),
      field(t("person.emails"), f.emails), field(t("person.phones"), f.phones),
      field(t("person.street"), f.street), field(t("person.city"), f.city),
      field(t("person.region"), f.region), field(t("person.postal"), f.postal), field(t("person.country"), f.country),
      field(t("person.channel"), f.channel), field(t("person.collected"), f.collected)),
    field(t("person.notes"), f.notes), box,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => (existing?.id ? show(personScreen, existing.id) : show(peopleScreen)), text: t("common.cancel") }),
      h("button", { type: "submit", class: "primary", id: "person-save", text: t("common.save") })));
  main.replaceChildren(form);
  f.given.focus();
}

function dl(pairs) {
  return h("dl", { class: "pairs" }, pairs.filter(([, v]) => v).map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
}

async function personScreen(id) {
  let page, purposes;
  try {
    [page, purposes] = await Promise.all([invoke("person_page", { id }), invoke("purposes")]);
  } catch (e) { main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) })); return; }
  const p = page.person;
  const name = [p.given_name, p.family_name].filter(Boolean).join(" ");
  const a = p.address || {};
  const addr = [a.street, [a.postal_code, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean).join(", ");
  const label = (code) => { const pu = purposes.find((x) => x.code === code); return pu ? pu.latest[`label_${lang()}`] : code; };
  const stateOf = (code) => page.consents.find((c) => c.purpose_code === code);

  const consentRows = purposes.filter((pu) => pu.active || stateOf(pu.code)).map((pu) => {
    const st = stateOf(pu.code);
    return h("tr", { "data-purpose": pu.code },
      h("th", { scope: "row", text: label(pu.code) }),
      h("td", { class: st ? (st.granted ? "ok" : "off") : "muted", text: st ? `${st.granted ? t("consent.granted") : t("consent.withdrawn")} — ${formatDate(st.since, juris())}` : t("consent.unanswered") }),
      h("td", {}, h("button", { class: "small", "data-action": "grant", "aria-label": `${t("consent.grant")} — ${label(pu.code)}`, onclick: () => consentDialog(page, pu, "granted"), text: t("consent.grant") }),
        " ", h("button", { class: "small", "data-action": "withdraw", "aria-label": `${t("consent.withdraw")} — ${label(pu.code)}`, onclick: () => consentDialog(page, pu, "withdrawn"), text: t("consent.withdraw") })));
  });
  const history = page.history.length
    ? h("table", { class: "table", id: "consent-history" },
        h("thead", {}, h("tr", {}, ["date", "purpose", "action", "version", "policy", "by", "channel", "evidence", "staff"].map((c) => h("th", { scope: "col", text: c === "purpose" ? t("consent.purpose") : t(`consent.col.${c}`) })))),
        h("tbody", {}, page.history.slice().reverse().map((e) => {
          const giver = e.giver_person_id ? page.guardians.find((g) => g.guardian.kind === "person" && g.guardian.id === e.giver_person_id)?.name : e.giver_org_id ? page.guardians.find((g) => g.guardian.kind === "organisation" && g.guardian.id === e.giver_org_id)?.name : null;
          return h("tr", {}, h("td", { text: formatDate(e.occurred_at, juris()) }), h("td", { text: label(e.purpose_code) }), h("td", { text: t(`action.${e.action}`) }),
            h("td", { text: t("consent.version", { n: e.purpose_version }) }), h("td", { text: e.policy_label || "—" }),
            h("td", { text: t(`given_by.${e.given_by}`) + (giver ? ` (${giver})` : "") }), h("td", { text: t(`channel.${e.channel}`) }),
            h("td", { text: e.evidence }), h("td", { text: e.staff }));
        })))
    : h("p", { class: "muted", text: t("person.history.empty") });

  const linkList = (links, kind) => links.length
    ? h("ul", { class: "plain" }, links.map((l) => h("li", {},
        kind === "child" || l.guardian.kind === "person"
          ? h("button", { class: "link", onclick: () => show(personScreen, kind === "child" ? l.child_id : l.guardian.id), text: l.name })
          : h("span", { text: l.name }),
        h("span", { class: "muted", text: ` — ${t(`relation.${l.relation}`)}` }))))
    : h("p", { class: "muted", text: t("common.none") });

  const memberships = page.memberships.length
    ? h("ul", { class: "plain" }, page.memberships.map((m) => h("li", { text: `${m.category || "—"} : ${formatDate(m.starts_on, juris())} → ${m.ends_on ? formatDate(m.ends_on, juris()) : "…"} (${t(`status.${m.status}`)})` })))
    : h("p", { class: "muted", text: t("common.none") });

  main.replaceChildren(h("article", { class: "card", id: "person-page" },
    h("button", { class: "link", onclick: () => show(peopleScreen), text: t("person.back") }),
    h("div", { class: "title-row" },
      h("h1", { id: "person-name", text: name }),
      h("div", { class: "actions tight" },
        h("button", { id: "person-request", onclick: () => show(requestForm, page.person.id), text: t("person.request") }),
        h("button", { id: "person-edit", onclick: () => show(personForm, p), text: t("common.edit") }))),
    h("p", { class: "muted" }, page.age !== null ? t("person.age", { n: page.age }) : t("common.unknown"),
      page.minor ? h("span", { class: "badge", id: "minor-badge", text: t("person.minor", { n: page.age_of_consent }) }) : null),
    h("div", { class: "columns" },
      h("section", {}, h("h2", { text: t("person.details") }), dl([
        [t("person.birth"), p.birth_date ? formatDate(p.birth_date, juris()) : ""],
        [t("person.emails"), (p.emails || []).join(", ")], [t("person.phones"), (p.phones || []).join(", ")],
        [t("person.street"), addr], [t("person.language"), t(`language.${p.preferred_language}`)], [t("person.notes"), p.notes]]),
        h("h2", { text: t("person.source") }), h("p", { id: "person-source", text: t("person.source.text", { channel: t(`channel.${p.collection_channel}`), date: formatDate(p.collected_on, juris()) }) })),
      h("section", {}, h("h2", { text: t("person.family.section") }),
        h("h3", { text: t("person.guardians") }), linkList(page.guardians, "guardian"),
        h("button", { class: "small", id: "add-guardian", onclick: () => linkDialog(page, "guardian"), text: t("person.add.guardian") }),
        h("h3", { text: t("person.children") }), linkList(page.children, "child"),
        h("button", { class: "small", id: "add-child", onclick: () => linkDialog(page, "child"), text: t("person.add.child") }),
        h("h3", { text: t("person.memberships") }), memberships,
        h("button", { class: "small", onclick: () => membershipDialog(page), text: t("person.membership.add") }))),
    h("section", {}, h("h2", { text: t("person.consents") }),
      h("table", { class: "table", id: "consent-state" }, h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("consent.purpose") }), h("th", { scope: "col", text: t("consent.state") }), h("th", {}))), h("tbody", {}, consentRows)),
      h("h2", { text: t("person.history") }), history)));
  document.getElementById("person-name").focus?.();
}

/// A modal dialog holding a form; Escape closes it and focus returns to the page.
function dialog(title, body, onSubmit) {
  const box = alertBox();
  box.hidden = true;
  const dlg = h("dialog", { class: "card", "aria-label": title });
  const form = h("form", { onsubmit: async (ev) => { ev.preventDefault(); try { await onSubmit(); dlg.close(); dlg.remove(); } catch (e) { showError(box, e); } } },
    h("h2", { text: title }), body, box,
    h("div", { class: "actions" }, h("button", { type: "button", onclick: () => { dlg.close(); dlg.remove(); }, text: t("common.cancel") }), h("button", { type: "submit", class: "primary", id: "dialog-submit", text: t("common.save") })));
  dlg.append(form);
  document.body.append(dlg);
  dlg.showModal();
  form.querySelector("input, select, textarea")?.focus();
  return dlg;
}

function consentDialog(page, purpose, action) {
  const personGuardians = page.guardians;
  const by = select("given_by", ["person", "guardian", "guardian_with_child", "school"], (g) => t(`given_by.${g}`), page.minor ? (juris() === "france" ? "guardian_with_child" : "guardian") : "person");
  const giver = h("select", { name: "giver" }, personGuardians.map((g) => h("option", { value: `${g.guardian.kind}:${g.guardian.id}`, text: `${g.name} (${t(`relation.${g.relation}`)})` })));
  const giverField = field(t("consent.giver"), giver);
  const sync = () => { giverField.hidden = by.value === "person"; };
  by.addEventListener("change", sync);
  sync();
  const channel = select("channel", CHANNELS, (c) => t(`channel.${c}`), "paper_form");
  const evidence = h("input", { name: "evidence" });
  const date = h("input", { type: "date", name: "date", value: today(), max: today() });
  dialog(t(action === "granted" ? "consent.title.grant" : "consent.title.withdraw") + ` — ${purpose[`latest`][`label_${lang()}`]}`,
    [h("blockquote", { class: "wording", text: purpose.latest[`wording_${lang()}`] }), field(t("consent.given_by"), by), giverField, field(t("consent.channel"), channel), field(t("consent.evidence"), evidence), field(t("consent.date"), date)],
    async () => {
      const [kind, gid] = (giver.value || ":").split(":");
      const occurred = date.value && date.value !== today() ? `${date.value}T12:00:00Z` : null;
      await invoke("record_consent", { form: { person_id: page.person.id, purpose: purpose.code, action, channel: channel.value, given_by: by.value,
        giver: by.value === "person" || !gid ? null : { kind, id: Number(gid) }, evidence: evidence.value, occurred_at: occurred } });
      show(personScreen, page.person.id);
    });
}

function linkDialog(page, kind) {
  const q = h("input", { type: "search", name: "link-search", autocomplete: "off" });
  const results = h("ul", { class: "list small-list", role: "listbox" });
  const relation = select("relation", ["parent", "tutor"], (r) => t(`relation.${r}`), "parent");
  let picked = null;
  q.addEventListener("input", async () => {
    const found = q.value.trim() ? await invoke("search_people", { query: q.value, limit: 8 }) : [];
    results.replaceChildren(...found.filter((p) => p.id !== page.person.id).map((p) => {
      const li = personLine(p);
      li.tabIndex = 0;
      li.onclick = li.onkeydown = (ev) => { if (ev.type === "click" || ev.key === "Enter") { ev.preventDefault(); picked = p.id; [...results.children].forEach((c) => c.classList.toggle("picked", c === li)); li.setAttribute("aria-selected", "true"); } };
      return li;
    }));
  });
  const link = async (otherId) => {
    if (kind === "guardian") await invoke("link_guardian", { childId: page.person.id, guardian: { kind: "person", id: otherId }, relation: relation.value, since: null });
    else await invoke("link_guardian", { childId: otherId, guardian: { kind: "person", id: page.person.id }, relation: relation.value, since: null });
  };
  const dlg = dialog(t(kind === "guardian" ? "link.title.guardian" : "link.title.child"),
    [field(t("link.search"), q), results, field(t("link.relation"), relation),
     h("p", {}, h("button", { type: "button", class: "link", id: "link-new", onclick: () => {
       dlg.close(); dlg.remove();
       const family = page.person.data?.family_name ?? page.person.family_name;
       show(personForm, { given_name: "", family_name: family, emails: [], phones: [], address: page.person.address, preferred_language: page.person.preferred_language, birth_date: null, collection_channel: page.person.collection_channel, collected_on: today(), notes: "" },
         async (newId) => { await link(newId); show(personScreen, page.person.id); });
     }, text: t("link.or.new") }))],
    async () => {
      if (!picked) throw { code: "invalid_input", detail: { field: "giver" } };
      await link(picked);
      show(personScreen, page.person.id);
    });
}

function membershipDialog(page) {
  const cat = h("input", { name: "category" });
  const start = h("input", { type: "date", name: "start", value: today() });
  const end = h("input", { type: "date", name: "end" });
  const st = select("status", ["active", "suspended", "ended"], (s) => t(`status.${s}`), "active");
  dialog(t("person.membership.add"), [field(t("membership.category"), cat), field(t("membership.start"), start), field(t("membership.end"), end), field(t("membership.status"), st)], async () => {
    await invoke("add_membership", { personId: page.person.id, membership: { category: cat.value, starts_on: start.value, ends_on: end.value || null, status: st.value } });
    show(personScreen, page.person.id);
  });
}

// ---------------------------------------------------------------- requests ----------

const KINDS = ["access", "rectification", "erasure", "portability", "objection", "consent_withdrawal", "stop_communications", "complaint"];
const METHODS = ["document_seen", "known_in_person", "member_number", "email_code"];

/// The navigation's warning: overdue requests in red, those due within a week in amber.
function requestsBadge() {
  const c = status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const n = c.overdue || c.due_soon;
  return h("span", { class: `badge ${c.overdue ? "overdue" : "soon"}`, id: "requests-badge", "aria-label": c.overdue ? t("requests.badge.overdue", { n }) : t("requests.badge.soon", { n }), text: String(n) });
}

/// A banner on the people screen when a deadline is near or passed.
function deadlineWarning() {
  const c = status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const text = c.overdue ? t("requests.warning.overdue", { n: c.overdue }) : t("requests.warning.soon", { n: c.due_soon });
  return h("p", { class: c.overdue ? "alert banner" : "warn banner", role: "alert", id: "deadline-warning" }, text, " ",
    h("button", { class: "link", onclick: () => show(requestsScreen, false), text: t("requests.warning.open") }));
}

async function refreshCounts() {
  status = await invoke("app_status");
  header();
}

function daysLeftText(r) {
  if (r.days_left === null || r.days_left === undefined) return t(`rstatus.${r.status}`);
  if (r.days_left < 0) return t("requests.overdue", { n: -r.days_left });
  if (r.days_left === 0) return t("requests.today");
  return r.days_left === 1 ? t("requests.left.one") : t("requests.left", { n: r.days_left });
}
const urgency = (r) => (r.days_left === null || r.days_left === undefined ? "" : r.days_left < 0 ? "overdue" : r.days_left <= 7 ? "soon" : "");

async function requestsScreen(all) {
  let list;
  try {
    list = await invoke("list_requests", { openOnly: !all });
    await refreshCounts();
  } catch (e) { main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) })); return; }
  const c = list.counts;
  const stat = (n, label, cls, id) => h("div", { class: `stat ${n ? cls : ""}`, id }, h("strong", { text: formatNumber(n, juris()) }), h("span", { text: label }));
  const saved = h("p", { class: "note", role: "status" });
  const open = (id) => show(requestScreen, id);
  const rows = list.rows.map((r) => h("tr", { tabindex: "0", class: `clickable ${urgency(r)}`, "data-id": r.id, onclick: () => open(r.id), onkeydown: (ev) => { if (ev.key === "Enter") open(r.id); } },
    h("td", { class: `days ${urgency(r)}`, text: daysLeftText(r) }),
    h("td", { text: t(`kind.${r.kind}`) }),
    h("td", { text: r.person_name }),
    h("td", { text: r.requester === "person" ? t("requester.self") : `${r.requester_label} (${t(`requester.${r.requester}`)})` }),
    h("td", { text: formatDate(r.received_on, juris()) }),
    h("td", { text: formatDate(r.deadline.due, juris()) + (r.deadline.extended ? ` ${t("requests.extended")}` : "") })));
  main.replaceChildren(h("section", { class: "card", id: "requests" },
    h("div", { class: "title-row" }, h("h1", { text: t("requests.title") }),
      h("button", { class: "primary", id: "new-request", onclick: () => show(requestForm, null), text: t("requests.new") })),
    h("div", { class: "stats" }, stat(c.open, t("requests.stat.open"), "", "stat-open"), stat(c.due_soon, t("requests.stat.soon"), "soon", "stat-soon"), stat(c.overdue, t("requests.stat.overdue"), "overdue", "stat-overdue")),
    list.rows.length
      ? h("table", { class: "table", id: "requests-table" },
          h("thead", {}, h("tr", {}, ["days", "kind", "person", "requester", "received", "due"].map((k) => h("th", { scope: "col", text: t(`requests.col.${k}`) })))),
          h("tbody", {}, rows))
      : h("p", { class: "muted", text: all ? t("requests.none.all") : t("requests.none") }),
    h("div", { class: "actions" },
      h("button", { onclick: () => show(requestsScreen, !all), text: all ? t("requests.show.open") : t("requests.show.all") }),
      h("button", { id: "requests-csv", onclick: async () => {
        try { const path = await invoke("save_requests_csv"); if (path) saved.textContent = t("requests.csv.saved", { path }); } catch (e) { saved.textContent = errorText(e); }
      }, text: t("requests.csv") })),
    saved));
}

/// A new request. The person it concerns is picked first (or comes from their page).
async function requestForm(personId) {
  if (!personId) {
    const q = h("input", { type: "search", name: "request-person", id: "request-person", autocomplete: "off" });
    const results = h("ul", { class: "list small-list", role: "listbox", "aria-label": t("people.results") });
    q.addEventListener("input", async () => {
      const found = q.value.trim() ? await invoke("search_people", { query: q.value, limit: 8 }) : [];
      results.replaceChildren(...found.map((p) => {
        const li = personLine(p);
        li.tabIndex = 0;
        li.onclick = () => show(requestForm, p.id);
        li.onkeydown = (ev) => { if (ev.key === "Enter") show(requestForm, p.id); };
        return li;
      }));
    });
    main.replaceChildren(h("section", { class: "card narrow" }, h("h1", { text: t("requests.new") }), field(t("request.person.pick"), q, t("request.person.help")), results,
      h("div", { class: "actions" }, h("button", { onclick: () => show(requestsScreen, false), text: t("common.cancel") }))));
    q.focus();
    return;
  }
  const page = await invoke("person_page", { id: personId });
  const name = [page.person.given_name, page.person.family_name].filter(Boolean).join(" ");
  const box = alertBox();
  box.hidden = true;
  const kind = select("kind", KINDS, (k) => t(`kind.${k}`), "access");
  kind.id = "request-kind";
  const received = h("input", { type: "date", name: "received", value: today(), max: today() });
  const channel = select("channel", CHANNELS, (c) => t(`channel.${c}`), "email");
  const personGuardians = page.guardians.filter((g) => g.guardian.kind === "person");
  let who = page.minor && personGuardians.length ? "guardian" : "person";
  const guardian = h("select", { name: "guardian", id: "request-guardian" }, personGuardians.map((g) => h("option", { value: g.guardian.id, text: `${g.name} (${t(`relation.${g.relation}`)})` })));
  const repName = h("input", { name: "representative", autocomplete: "off" });
  const guardianField = field(t("request.guardian"), guardian);
  const repField = field(t("request.representative"), repName, t("request.representative.help"));
  const sync = () => { guardianField.hidden = who !== "guardian"; repField.hidden = who !== "representative"; };
  const requester = h("fieldset", {}, h("legend", { text: t("request.requester") }),
    ["person", "guardian", "representative"].map((r) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "requester", value: r, checked: who === r, disabled: r === "guardian" && !personGuardians.length, onchange: () => { who = r; sync(); } }),
      r === "person" ? t("request.requester.person", { name }) : t(`request.requester.${r}`))),
    !personGuardians.length ? h("small", { class: "help", text: t("request.guardian.none") }) : null);
  sync();
  const notes = h("textarea", { name: "notes", rows: 2 });
  const form = h("form", { class: "card", id: "request-form", onsubmit: async (ev) => {
    ev.preventDefault();
    const input = { kind: kind.value, received_on: received.value || today(), channel: channel.value, person_id: personId, requester: who,
      requester_person_id: who === "guardian" ? Number(guardian.value) : null, requester_name: who === "representative" ? repName.value : "", notes: notes.value };
    try {
      const id = await invoke("add_request", { input });
      await refreshCounts();
      show(requestScreen, id);
    } catch (e) { showError(box, e); }
  } },
    h("h1", { text: t("requests.new") }),
    h("p", {}, t("request.concerns"), " ", h("strong", { text: name }), page.minor ? h("span", { class: "badge", text: t("person.minor", { n: page.age_of_consent }) }) : null),
    h("div", { class: "grid" }, field(t("request.kind"), kind), field(t("request.received"), received, t("request.received.help")), field(t("request.channel"), channel)),
    requester, guardianField, repField, field(t("request.notes"), notes), box,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => show(personScreen, personId), text: t("common.cancel") }),
      h("button", { type: "submit", class: "primary", id: "request-save", text: t("request.save") })));
  main.replaceChildren(form);
  kind.focus();
}

/// The letter as the PDF will print it, drawn from the same blocks.
function previewDoc(doc) {
  const paper = h("div", { class: `paper ${doc.paper}`, role: "document", id: "letter-preview", "aria-label": doc.title, lang: doc.language });
  for (const b of doc.blocks) {
    const v = b.value;
    if (b.type === "title") paper.append(h("h2", { class: "doc-title", text: v }));
    else if (b.type === "heading") paper.append(h("h3", { text: v }));
    else if (b.type === "para") paper.append(h("p", { class: "pre", text: v }));
    else if (b.type === "small") paper.append(h("p", { class: "muted small", text: v }));
    else if (b.type === "mono") paper.append(h("pre", { text: v }));
    else if (b.type === "pairs") paper.append(h("dl", { class: "pairs" }, v.map(([k, x]) => [h("dt", { text: k }), h("dd", { text: x })])));
    else if (b.type === "table") paper.append(h("table", { class: "table" }, h("thead", {}, h("tr", {}, v.head.map((c) => h("th", { scope: "col", text: c })))), h("tbody", {}, v.rows.map((r) => h("tr", {}, r.map((c) => h("td", { text: c })))))));
    else if (b.type === "gap") paper.append(h("div", { class: "gap" }));
    else if (b.type === "page_break") paper.append(h("hr", { class: "page-break", "aria-hidden": "true" }));
  }
  return paper;
}

async function requestScreen(id) {
  let page;
  try { page = await invoke("request_page", { id }); } catch (e) { main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) })); return; }
  const open = page.status === "received" || page.status === "identity_verified";
  const fr = juris() === "france";
  // Steps 1–5: received, verify, prepare, review (a preview was looked at), send and close.
  const steps = h("ol", { class: "steps", id: "request-steps", "aria-label": t("request.steps") }, ["receive", "verify", "prepare", "review", "send"].map((s) => h("li", { text: t(`request.step.${s}`) })));
  const setStep = (n) => [...steps.children].forEach((li, i) => {
    li.className = i + 1 < n ? "done" : i + 1 === n ? "current" : "";
    if (i + 1 === n) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
  });
  setStep(!page.identity ? 2 : open ? 3 : 6);
  const back = h("button", { class: "link", onclick: () => show(requestsScreen, false), text: t("request.back") });
  const due = h("p", { class: `deadline ${urgency(page)}`, id: "request-deadline" },
    h("strong", { text: `${t("request.due")} ${formatDate(page.deadline.due, juris())}` }), " — ", daysLeftText(page),
    page.deadline.extended ? ` (${t("request.extended.note")})` : "");

  // 1. Identity.
  let identity;
  if (page.identity) {
    identity = h("p", { class: "note", id: "identity-done", text: t("request.identity.done", { method: t(`method.${page.identity.method}`), who: page.identity.checked_by, date: formatDate(page.identity.checked_on, juris()) }) });
  } else {
    const box = alertBox();
    box.hidden = true;
    const method = select("method", METHODS, (m) => t(`method.${m}`), "document_seen");
    method.id = "identity-method";
    const on = h("input", { type: "date", name: "identity-on", value: today(), max: today(), min: page.received_on });
    identity = h("form", { onsubmit: async (ev) => {
      ev.preventDefault();
      try { await invoke("verify_request_identity", { id, method: method.value, on: on.value || today() }); show(requestScreen, id); } catch (e) { showError(box, e); }
    } }, h("p", { class: "muted", text: t("request.identity.help") }), h("div", { class: "grid" }, field(t("request.identity.method"), method), field(t("request.identity.on"), on)), box,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "identity-verify", disabled: !open, text: t("request.identity.verify") })));
  }

  // 2. Letters and exports: preview, save, open to print.
  const previewBox = h("div", { class: "preview-box", id: "preview-box" });
  const saved = h("p", { class: "note", role: "status", id: "saved-path" });
  const savedOf = (path) => {
    saved.replaceChildren(t("request.saved", { path }), " ", h("button", { class: "small", id: "open-saved", onclick: async () => { try { await invoke("open_saved", { path }); } catch (e) { saved.append(" ", errorText(e)); } }, text: t("request.open") }));
  };
  const langSel = select("letter-language", ["fr", "en"], (l) => t(`language.${l}`), page.language);
  langSel.id = "letter-language";
  const letters = page.letters.map((k) => h("li", { class: "letter-row" },
    h("span", { class: "letter-name", text: t(`letter.${k}`) }),
    h("span", { class: "actions tight" },
      h("button", { class: "small", id: `letter-${k}-preview`, onclick: async () => {
        try { previewBox.replaceChildren(h("h3", { text: t("request.preview.title") }), previewDoc(await invoke("preview_letter", { id, kind: k, language: langSel.value }))); if (open) setStep(4); } catch (e) { previewBox.replaceChildren(h("p", { class: "alert", text: errorText(e) })); }
      }, text: t("request.preview") }),
      h("button", { class: "small primary", id: `letter-${k}-save`, onclick: async () => {
        try { const path = await invoke("save_letter", { id, kind: k, language: langSel.value }); if (path) { savedOf(path); if (open) setStep(5); } } catch (e) { saved.textContent = errorText(e); }
      }, text: t("request.save.pdf") }))));
  if (page.kind === "portability" && page.identity) {
    letters.push(h("li", { class: "letter-row" }, h("span", { class: "letter-name", text: t("letter.portability") }),
      h("button", { class: "small primary", id: "portability-save", onclick: async () => {
        try { const path = await invoke("save_portability", { id, language: langSel.value }); if (path) saved.textContent = t("request.saved", { path }); } catch (e) { saved.textContent = errorText(e); }
      }, text: t("request.save.zip") })));
  }
  const prepare = [
    letters.length ? [field(t("request.letter.language"), langSel), h("ul", { class: "plain letters" }, letters)] : h("p", { class: "muted", id: "no-letter", text: page.identity ? t("request.letters.none") : t("request.letters.after_identity") }),
    saved, previewBox,
  ];

  // France: the two-month extension, by reasoned notice within the first month.
  let extension = null;
  if (fr && open && !page.extension_notice_on) {
    const box = alertBox();
    box.hidden = true;
    const reason = h("textarea", { name: "extension-reason", rows: 2 });
    const on = h("input", { type: "date", name: "extension-on", value: today(), max: page.extension_deadline });
    extension = h("details", {}, h("summary", { text: t("request.extend") }),
      h("form", { onsubmit: async (ev) => { ev.preventDefault(); try { await invoke("extend_request", { id, noticeOn: on.value, reason: reason.value }); show(requestScreen, id); } catch (e) { showError(box, e); } } },
        h("p", { class: "muted", text: t("request.extend.help", { date: formatDate(page.extension_deadline, juris()) }) }),
        field(t("request.extend.reason"), reason), field(t("request.extend.on"), on), box,
        h("div", { class: "actions" }, h("button", { type: "submit", text: t("request.extend.save") }))));
  } else if (page.extension_notice_on) {
    extension = h("p", { class: "muted", text: t("request.extended.done", { date: formatDate(page.extension_notice_on, juris()), reason: page.extension_reason }) });
  }

  // 3. Close: answered, refused (ground + reasons), or withdrawn by the requester.
  let closing;
  if (open) {
    const box = alertBox();
    box.hidden = true;
    let outcome = "answered";
    const decision = h("textarea", { name: "decision", rows: 3, id: "request-decision" });
    const ground = h("select", { name: "ground", id: "refusal-ground" }, page.grounds.map((g) => h("option", { value: g.ground, text: `${t(`ground.${g.ground}`)}${g.articles ? ` — ${t(`law.${page.jurisdiction}`, { articles: g.articles })}` : ""}` })));
    const provision = h("input", { name: "provision" });
    const groundField = field(t("request.ground"), ground);
    const provisionField = field(t("request.provision"), provision, t("request.provision.help"));
    const decisionField = field(t("request.decision.answered"), decision);
    const sync = () => {
      groundField.hidden = outcome !== "refused";
      provisionField.hidden = outcome !== "refused" || ground.value !== "other";
      decisionField.querySelector("label").textContent = t(`request.decision.${outcome}`);
    };
    ground.addEventListener("change", sync);
    const on = h("input", { type: "date", name: "responded-on", value: today(), max: today(), min: page.received_on });
    closing = h("form", { id: "close-form", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await invoke("close_request", { id, status: outcome, decision: decision.value, refusal: outcome === "refused" ? { ground: ground.value, provision: provision.value } : null, on: on.value || today() });
        await refreshCounts();
        show(requestScreen, id);
      } catch (e) { showError(box, e); }
    } },
      h("fieldset", {}, h("legend", { text: t("request.outcome") }),
        ["answered", "refused", "withdrawn"].map((o) => h("label", { class: "choice" }, h("input", { type: "radio", name: "outcome", value: o, checked: o === outcome, onchange: () => { outcome = o; sync(); } }), t(`request.outcome.${o}`)))),
      groundField, provisionField, decisionField, field(t("request.responded"), on), box,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "request-close", text: t("request.close") })));
    sync();
  } else {
    closing = dl([
      [t("request.status"), t(`rstatus.${page.status}`)],
      [t("request.responded"), page.responded_on ? formatDate(page.responded_on, juris()) : ""],
      [t("request.ontime"), page.responded_on ? (page.responded_on <= page.deadline.due ? t("common.yes") : t("common.no")) : ""],
      [t("request.ground"), page.refusal ? t(`ground.${page.refusal.ground}`) : ""],
      [t("request.decision.answered"), page.decision],
    ]);
  }

  main.replaceChildren(h("article", { class: "card", id: "request-page" }, back,
    h("h1", { id: "request-title", text: `${t(`kind.${page.kind}`)} — ${page.person_name}` }),
    h("p", { class: "muted" }, t("request.received.line", { date: formatDate(page.received_on, juris()), channel: t(`channel.${page.channel}`) }), " · ",
      page.requester === "person" ? t("requester.self") : `${t(`requester.${page.requester}`)} : ${page.requester_label}`, " · ",
      h("button", { class: "link", onclick: () => show(personScreen, page.person_id), text: t("request.person.open") })),
    page.notes ? h("p", { class: "pre", text: page.notes }) : null,
    due, steps,
    h("section", {}, h("h2", { text: t("request.step.verify") }), identity),
    h("section", {}, h("h2", { text: t("request.step.prepare") }), extension, prepare),
    h("section", {}, h("h2", { text: t("request.close.title") }), closing)));
  document.getElementById("request-title").focus?.();
}

// ---------------------------------------------------------------- settings ----------

async function settingsScreen() {
  const [profile, purposes, policies] = await Promise.all([invoke("profile"), invoke("purposes"), invoke("policy_versions")]);
  const box = alertBox();
  box.hidden = true;
  const saved = h("p", { role: "status", class: "note" });
  const name = h("input", { name: "org-name", value: profile.name });
  const address = h("textarea", { name: "org-address", rows: 2 }, profile.address);
  const contact = h("input", { name: "org-contact", value: profile.privacy_contact });
  const jur = select("jurisdiction", ["quebec", "france"], (j) => t(`jurisdiction.${j}`), profile.jurisdiction);
  const paper = select("paper", ["letter", "a4"], (p) => t(`paper.${p}`), profile.paper);
  const language = select("language", ["fr", "en"], (l) => t(`language.${l}`), profile.language);
  const age = h("input", { type: "number", name: "age", min: 1, max: 21, value: profile.age_of_consent ?? "" });
  const orgForm = h("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await invoke("update_profile", { profile: { name: name.value, address: address.value, privacy_contact: contact.value, jurisdiction: jur.value, paper: paper.value, language: language.value, age_of_consent: age.value ? Number(age.value) : null } });
      status = await invoke("app_status");
      header();
      saved.textContent = t("settings.saved");
      box.hidden = true;
    } catch (e) { showError(box, e); }
  } }, h("h2", { text: t("settings.org") }),
    h("div", { class: "grid" }, field(t("settings.org.name"), name), field(t("settings.org.contact"), contact), field(t("settings.org.address"), address),
      field(t("settings.jurisdiction"), jur), field(t("settings.paper"), paper), field(t("settings.language"), language),
      field(t("settings.age"), age, t("settings.age.help", { n: profile.jurisdiction === "france" ? 15 : 14 }))),
    box, saved, h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: t("common.save") })));

  const purposeList = h("table", { class: "table" }, h("tbody", {}, purposes.map((pu) => h("tr", {},
    h("th", { scope: "row", text: pu.latest[`label_${lang()}`] }),
    h("td", { text: `${t("consent.version", { n: pu.latest.version })} — ${pu.latest[`wording_${lang()}`]}` }),
    h("td", {}, h("button", { class: "small", onclick: () => purposeVersionDialog(pu), text: t("settings.purpose.new_version") }))))));

  const policyList = policies.length
    ? h("ul", { class: "plain" }, policies.map((p) => h("li", { text: `${p.label} — ${t("settings.effective")} ${formatDate(p.effective_on, juris())}` })))
    : h("p", { class: "muted", text: t("settings.policy.none") });

  const ledgerOut = h("p", { role: "status", id: "ledger-result" });
  main.replaceChildren(h("section", { class: "card" }, h("h1", { text: t("settings.title") }), orgForm,
    h("h2", { text: t("settings.purposes") }), purposeList,
    h("h2", { text: t("settings.policies") }), policyList, h("button", { class: "small", onclick: () => policyDialog(), text: t("settings.policy.add") }),
    h("h2", { text: t("settings.ledger") }),
    h("button", { onclick: async () => {
      const r = await invoke("verify_ledger");
      ledgerOut.className = r.problems.length ? "alert" : "note";
      ledgerOut.textContent = r.problems.length ? t("settings.ledger.bad", { list: r.problems.map((p) => p.seq ?? `${p.found_count}/${p.recorded_count}`).join(", ") }) : t("settings.ledger.ok", { n: r.events });
    }, text: t("settings.ledger.verify") }), ledgerOut));
}

function purposeVersionDialog(pu) {
  const f = Object.fromEntries(["label_fr", "label_en", "wording_fr", "wording_en"].map((k) => [k, k.startsWith("label") ? h("input", { name: k, value: pu.latest[k] }) : h("textarea", { name: k, rows: 3 }, pu.latest[k])]));
  const eff = h("input", { type: "date", name: "effective", value: today() });
  dialog(t("settings.purpose.new_version"), [...Object.entries(f).map(([k, el]) => field(t(`settings.purpose.${k}`), el)), field(t("settings.effective"), eff)], async () => {
    await invoke("add_purpose_version", { purposeId: pu.id, wording: Object.fromEntries(Object.entries(f).map(([k, el]) => [k, el.value])), effectiveOn: eff.value });
    show(settingsScreen);
  });
}

function policyDialog() {
  const label = h("input", { name: "label" });
  const eff = h("input", { type: "date", name: "effective", value: today() });
  const fr = h("textarea", { name: "text_fr", rows: 5 });
  const en = h("textarea", { name: "text_en", rows: 5 });
  dialog(t("settings.policy.add"), [field(t("settings.policy.label"), label), field(t("settings.effective"), eff), field(t("settings.policy.text_fr"), fr), field(t("settings.policy.text_en"), en)], async () => {
    await invoke("add_policy_version", { label: label.value, effectiveOn: eff.value, textFr: fr.value, textEn: en.value });
    show(settingsScreen);
  });
}

// ---------------------------------------------------------------- start -------------

async function start() {
  setLang(lang());
  status = await invoke("app_status");
  if (status.phase === "setup") return show(setupScreen);
  if (status.phase === "open") return show(peopleScreen);
  if (status.unlock_keyring && status.keyring_available) return tryKeyring();
  show(unlockScreen, status.unlock_keyring ? { code: "keyring_unavailable" } : null);
}

start().catch((e) => main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) })));
