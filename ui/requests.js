// Privacy requests: the dashboard, a new request, and the request page that walks its
// steps (identity check, letters with preview, save and print, closing).
import { t, lang, errorText, formatDate, formatNumber } from "./i18n.js";
import { h, field, select, alertBox, showError, dl } from "./dom.js";
import { invoke, main, CHANNELS, status, juris, today, show, refreshCounts, personLine, personScreen, personForm } from "./app.js";

const KINDS = ["access", "rectification", "erasure", "portability", "objection", "consent_withdrawal", "stop_communications", "complaint"];
const METHODS = ["document_seen", "known_in_person", "member_number", "email_code"];

/// The navigation's warning: overdue requests in red, those due within a week in amber.
export function requestsBadge() {
  const c = status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const n = c.overdue || c.due_soon;
  return h("span", { class: `badge ${c.overdue ? "overdue" : "soon"}`, id: "requests-badge", "aria-label": c.overdue ? t("requests.badge.overdue", { n }) : t("requests.badge.soon", { n }), text: String(n) });
}

/// A banner on the people screen when a deadline is near or passed.
export function deadlineWarning() {
  const c = status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const text = c.overdue ? t("requests.warning.overdue", { n: c.overdue }) : t("requests.warning.soon", { n: c.due_soon });
  return h("p", { class: c.overdue ? "alert banner" : "warn banner", role: "alert", id: "deadline-warning" }, text, " ",
    h("button", { class: "link", onclick: () => show(requestsScreen, false), text: t("requests.warning.open") }));
}

export function daysLeftText(r) {
  if (r.days_left === null || r.days_left === undefined) return t(`rstatus.${r.status}`);
  if (r.days_left < 0) return t("requests.overdue", { n: -r.days_left });
  if (r.days_left === 0) return t("requests.today");
  return r.days_left === 1 ? t("requests.left.one") : t("requests.left", { n: r.days_left });
}
/// The row's "soon" or "overdue" class, as the shell classed it.
export const urgency = (r) => r.urgency ?? "";

export async function requestsScreen(all) {
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
      h("button", { id: "requests-toggle", onclick: () => show(requestsScreen, !all), text: all ? t("requests.show.open") : t("requests.show.all") }),
      h("button", { id: "requests-csv", onclick: async () => {
        try { const path = await invoke("save_requests_csv"); if (path) saved.textContent = t("requests.csv.saved", { path }); } catch (e) { saved.textContent = errorText(e); }
      }, text: t("requests.csv") })),
    saved));
}

/// A new request. The person it concerns is picked first (or comes from their page).
export async function requestForm(personId) {
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

export async function requestScreen(id) {
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
  setStep(!open ? 6 : !page.identity ? 2 : 3);
  const back = h("button", { class: "link", onclick: () => show(requestsScreen, false), text: t("request.back") });
  const due = h("p", { class: `deadline ${urgency(page)}`, id: "request-deadline" },
    h("strong", { text: `${t("request.due")} ${formatDate(page.deadline.due, juris())}` }), " — ", daysLeftText(page),
    page.deadline.extended ? ` (${t("request.extended.note")})` : "");

  // 1. Identity.
  let identity;
  if (!page.identity && !open) {
    identity = h("p", { class: "muted", id: "identity-done", text: t("request.identity.never") });
  } else if (page.identity) {
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

  // Withdrawal, stop-communications, objection: the consents the request withdraws,
  // recorded from here in the requester's name.
  let withdrawal = null;
  if (page.consents) {
    const label = (p) => p[`label_${lang()}`];
    const done = page.withdrawals.length
      ? [h("h3", { text: t("request.withdrawn.title") }), h("ul", { class: "plain", id: "withdrawn-list" }, page.withdrawals.map((p) => h("li", { text: t("request.withdrawn.row", { label: label(p), date: formatDate(p.on, juris()) }) })))]
      : null;
    let form = null;
    if (open && page.consents.length) {
      const box = alertBox();
      box.hidden = true;
      const boxes = page.consents.map((p) => h("input", { type: "checkbox", name: "withdraw", value: p.code, checked: page.kind === "stop_communications" && p.kind === "communication" }));
      form = h("form", { id: "withdraw-form", onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await invoke("withdraw_for_request", { id, purposes: boxes.filter((b) => b.checked).map((b) => b.value) });
          show(requestScreen, id);
        } catch (e) { showError(box, e); }
      } },
        h("fieldset", {}, h("legend", { text: t("request.withdraw.title") }),
          h("p", { class: "muted", text: t("request.withdraw.help") }),
          page.consents.map((p, i) => h("label", { class: "choice" }, boxes[i], `${label(p)} `, h("small", { class: "muted", text: t("request.withdraw.since", { date: formatDate(p.on, juris()) }) })))),
        box, h("div", { class: "actions" }, h("button", { type: "submit", id: "withdraw-save", text: t("request.withdraw.save") })));
    } else if (open) {
      form = h("p", { class: "muted", id: "withdraw-none", text: t("request.withdraw.none") });
    }
    withdrawal = h("div", { id: "withdrawal" }, form, done);
  }

  // Rectification: the record's form opens from here and comes back here.
  const rectify = open && page.kind === "rectification"
    ? h("div", { class: "actions start" }, h("button", { id: "rectify-open", onclick: async () => {
        try {
          const pp = await invoke("person_page", { id: page.person_id });
          const back = () => show(requestScreen, id);
          show(personForm, pp.person, back, back);
        } catch (e) { saved.textContent = errorText(e); }
      }, text: t("request.rectify") }))
    : null;

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
      [t(`request.decision.${page.status}`), page.decision],
    ]);
  }

  main.replaceChildren(h("article", { class: "card", id: "request-page" }, back,
    h("h1", { id: "request-title", text: `${t(`kind.${page.kind}`)} — ${page.person_name}` }),
    h("p", { class: "muted" }, t("request.received.line", { date: formatDate(page.received_on, juris()), channel: t(`channel.${page.channel}`) }), " · ",
      page.requester === "person" ? t("requester.self") : `${t(`requester.${page.requester}`)} : ${page.requester_label}`, " · ",
      h("button", { class: "link", id: "request-person-open", onclick: () => show(personScreen, page.person_id), text: t("request.person.open") })),
    page.notes ? h("p", { class: "pre", text: page.notes }) : null,
    due, steps,
    h("section", {}, h("h2", { text: t("request.step.verify") }), identity),
    h("section", {}, h("h2", { text: t("request.step.prepare") }), open ? h("p", { class: "muted", id: "request-hint", text: t(`request.hint.${page.kind}`) }) : null, extension, withdrawal, rectify, prepare),
    h("section", {}, h("h2", { text: open ? t("request.close.title") : t("request.outcome") }), closing)));
  document.getElementById("request-title").focus?.();
}

