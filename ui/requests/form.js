// A new request: the person it concerns is picked first (or comes from their page),
// then the kind, date, channel and who asks.
import { t } from "../i18n.js";
import { h, field, select, alertBox, showError, personLine } from "../dom.js";
import { invoke, main, state, today, screen, show, refreshStatus, maxLength } from "../state.js";

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
        li.onclick = () => show("requests.new", p.id);
        li.onkeydown = (ev) => { if (ev.key === "Enter") show("requests.new", p.id); };
        return li;
      }));
    });
    main.replaceChildren(h("section", { class: "card narrow" }, h("h1", { text: t("requests.new") }), field(t("request.person.pick"), q, t("request.person.help")), results,
      h("div", { class: "actions" }, h("button", { onclick: () => show("requests.list", false), text: t("common.cancel") }))));
    q.focus();
    return;
  }
  const page = await invoke("person_page", { id: personId });
  const name = [page.person.given_name, page.person.family_name].filter(Boolean).join(" ");
  const box = alertBox();
  box.hidden = true;
  const kind = select("kind", state.vocab.request_kinds, (k) => t(`kind.${k}`), state.vocab.request_kinds[0]);
  kind.id = "request-kind";
  const received = h("input", { type: "date", name: "received", value: today(), max: today() });
  const channel = select("channel", state.vocab.channels, (c) => t(`channel.${c}`), "email");
  const personGuardians = page.guardians.filter((g) => g.guardian.kind === "person");
  let who = page.default_requester;
  const guardian = h("select", { name: "guardian", id: "request-guardian" }, personGuardians.map((g) => h("option", { value: g.guardian.id, text: `${g.name} (${t(`relation.${g.relation}`)})` })));
  const repName = h("input", { name: "representative", autocomplete: "off", maxlength: maxLength("requester") });
  const guardianField = field(t("request.guardian"), guardian);
  const repField = field(t("request.representative"), repName, t("request.representative.help"));
  const sync = () => { guardianField.hidden = who !== "guardian"; repField.hidden = who !== "representative"; };
  const requester = h("fieldset", {}, h("legend", { text: t("request.requester") }),
    state.vocab.requesters.map((r) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "requester", value: r, checked: who === r, disabled: r === "guardian" && !personGuardians.length, onchange: () => { who = r; sync(); } }),
      r === "person" ? t("request.requester.person", { name }) : t(`request.requester.${r}`))),
    !personGuardians.length ? h("small", { class: "help", text: t("request.guardian.none") }) : null);
  sync();
  const notes = h("textarea", { name: "notes", rows: 2, maxlength: maxLength("notes") });
  const form = h("form", { class: "card", id: "request-form", onsubmit: async (ev) => {
    ev.preventDefault();
    const input = { kind: kind.value, received_on: received.value || today(), channel: channel.value, person_id: personId, requester: who,
      requester_person_id: who === "guardian" ? Number(guardian.value) : null, requester_name: who === "representative" ? repName.value : "", notes: notes.value };
    try {
      const id = await invoke("add_request", { input });
      await refreshStatus();
      show("requests.page", id);
    } catch (e) { showError(box, e); }
  } },
    h("h1", { text: t("requests.new") }),
    h("p", {}, t("request.concerns"), " ", h("strong", { text: name }), page.minor ? h("span", { class: "badge", text: t("person.minor", { n: page.age_of_consent }) }) : null),
    h("div", { class: "grid" }, field(t("request.kind"), kind), field(t("request.received"), received, t("request.received.help")), field(t("request.channel"), channel)),
    requester, guardianField, repField, field(t("request.notes"), notes), box,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => show("people.page", personId), text: t("common.cancel") }),
      h("button", { type: "submit", class: "primary", id: "request-save", text: t("request.save") })));
  main.replaceChildren(form);
  kind.focus();
}

screen("requests.new", requestForm);
