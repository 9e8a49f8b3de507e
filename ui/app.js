// Carnet's screens. Plain ES modules, no framework: each screen is a function that fills
// <main>; `dom.js` has the building blocks, `requests.js` the privacy-request screens.
import { t, setLang, lang, errorText, formatDate, formatNumber } from "./i18n.js";
import { h, field, select, alertBox, showError, dl, dialog } from "./dom.js";
import { requestsBadge, deadlineWarning, requestsScreen, requestForm, requestScreen, daysLeftText, urgency } from "./requests.js";

export const invoke = (cmd, args = {}) => window.__TAURI__.core.invoke(cmd, args);
export const main = document.getElementById("main");
export const CHANNELS = ["paper_form", "in_person", "email", "contact_form", "account", "online_order", "phone_order", "social_media", "job_application", "mail", "staff", "other"];
export let status = null;
let recoveryPending = false; // no way around the recovery-key confirmation

export const juris = () => status?.profile?.jurisdiction || "quebec";
/// The local calendar date (toISOString alone would give UTC's, a day off in the evening).
export const today = () => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); };

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
export function show(screen, ...args) {
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

export function personLine(p) {
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

/// The person form; `after(id)` runs once saved and `back()` on cancel (by default both
/// return to the person's page, or the people list for a new person).
export function personForm(existing, after, back) {
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
      h("button", { type: "button", id: "person-cancel", onclick: () => (back ? back() : existing?.id ? show(personScreen, existing.id) : show(peopleScreen)), text: t("common.cancel") }),
      h("button", { type: "submit", class: "primary", id: "person-save", text: t("common.save") })));
  main.replaceChildren(form);
  f.given.focus();
}

export async function personScreen(id) {
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
    page.requests.length ? h("section", {}, h("h2", { text: t("person.requests") }),
      h("ul", { class: "plain", id: "person-requests" }, page.requests.map((r) => h("li", {},
        h("button", { class: "link", onclick: () => show(requestScreen, r.id), text: `${t(`kind.${r.kind}`)} — ${formatDate(r.received_on, juris())}` }),
        h("span", { class: `muted ${urgency(r)}`, text: ` — ${r.person_id === page.person.id ? "" : `${r.person_name} · `}${daysLeftText(r)}` }))))) : null,
    h("section", {}, h("h2", { text: t("person.consents") }),
      h("table", { class: "table", id: "consent-state" }, h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("consent.purpose") }), h("th", { scope: "col", text: t("consent.state") }), h("th", {}))), h("tbody", {}, consentRows)),
      h("h2", { text: t("person.history") }), history)));
  document.getElementById("person-name").focus?.();
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

export async function refreshCounts() {
  status = await invoke("app_status");
  header();
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
