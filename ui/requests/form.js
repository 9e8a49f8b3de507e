// A new request: the person it concerns is picked first (or comes from their page: a
// parent's page offers the parent or one of their children), then the kind, date,
// channel and who asks (a parent started from is the requester).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { h, field, select, alertBox, showError, personLine } from "../dom.js";
import { main, state, today, screen, show, refreshStatus, maxLength } from "../state.js";

/// A new request. The person it concerns is picked first (or comes from their page).
async function requestForm(personId, from = null, preset = null) {
  if (!personId) {
    const q = h("input", { type: "search", name: "request-person", id: "request-person", autocomplete: "off" });
    const results = h("ul", { class: "list small-list", role: "listbox", "aria-label": t("people.results") });
    q.addEventListener("input", async () => {
      const found = q.value.trim() ? await api.searchPeople({ query: q.value, limit: 8 }) : [];
      results.replaceChildren(
        ...found.map((p) => {
          const li = personLine(p);
          li.tabIndex = 0;
          li.onclick = () => show("requests.new", p.id, null, preset);
          li.onkeydown = (ev) => {
            if (ev.key === "Enter") show("requests.new", p.id, null, preset);
          };
          return li;
        }),
      );
    });
    main.replaceChildren(
      h(
        "section",
        { class: "card narrow" },
        h("h1", { text: t("requests.new") }),
        field(t("request.person.pick"), q, t("request.person.help")),
        results,
        h(
          "div",
          { class: "actions" },
          h("button", { onclick: () => show("requests.list", false), text: t("common.cancel") }),
        ),
      ),
    );
    q.focus();
    return;
  }
  const page = await api.personPage({ id: personId });
  // Where the secretary started: a parent's page offers the parent or one of their
  // children, since a parent usually asks about a child.
  const origin = from && from !== personId ? await api.personPage({ id: from }) : page;
  const nameOf = (p) => [p.given_name, p.family_name].filter(Boolean).join(" ");
  const name = nameOf(page.person);
  const box = alertBox();
  box.hidden = true;
  const kind = select("kind", state.vocab.request_kinds, (k) => t(`kind.${k}`), preset || state.vocab.request_kinds[0]);
  kind.id = "request-kind";
  const kindHelp = h("small", { class: "help", id: "request-kind-help" });
  const syncKind = () => {
    kindHelp.textContent = t(`kind.help.${kind.value}`);
  };
  kind.addEventListener("change", syncKind);
  syncKind();
  const candidates = [
    { id: origin.person.id, label: t("request.about.self", { name: nameOf(origin.person) }) },
    ...origin.children.map((c) => ({
      id: c.child_id,
      label: t("request.about.child", { name: c.name, relation: t(`relation.${c.relation}`) }),
    })),
  ];
  const about =
    candidates.length > 1
      ? h(
          "fieldset",
          { id: "request-about" },
          h("legend", { text: t("request.about") }),
          candidates.map((c) =>
            h(
              "label",
              { class: "choice" },
              h("input", {
                type: "radio",
                name: "about",
                value: c.id,
                checked: c.id === personId,
                onchange: () => show("requests.new", c.id, origin.person.id, kind.value),
              }),
              c.label,
            ),
          ),
          h("small", { class: "help", text: t("request.about.help") }),
        )
      : null;
  const received = h("input", { type: "date", name: "received", value: today(), max: today() });
  const channel = select("channel", state.vocab.channels, (c) => t(`channel.${c}`), "email");
  const personGuardians = page.guardians.filter((g) => g.guardian.kind === "person");
  // Started from a parent's page, about their minor child: the parent asks (an adult
  // child asks for themselves, as the domain's default says).
  const fromGuardian =
    origin !== page &&
    page.default_requester === "guardian" &&
    personGuardians.some((g) => g.guardian.id === origin.person.id);
  let who = fromGuardian ? "guardian" : page.default_requester;
  const guardian = h(
    "select",
    { name: "guardian", id: "request-guardian" },
    personGuardians.map((g) =>
      h("option", {
        value: g.guardian.id,
        selected: fromGuardian && g.guardian.id === origin.person.id,
        text: `${g.name} (${t(`relation.${g.relation}`)})`,
      }),
    ),
  );
  const repName = h("input", { name: "representative", autocomplete: "off", maxlength: maxLength("requester") });
  const guardianField = field(t("request.guardian"), guardian);
  const repField = field(t("request.representative"), repName, t("request.representative.help"));
  const sync = () => {
    guardianField.hidden = who !== "guardian";
    repField.hidden = who !== "representative";
  };
  const requester = h(
    "fieldset",
    {},
    h("legend", { text: t("request.requester") }),
    state.vocab.requesters.map((r) =>
      h(
        "label",
        { class: "choice" },
        h("input", {
          type: "radio",
          name: "requester",
          value: r,
          checked: who === r,
          disabled: r === "guardian" && !personGuardians.length,
          onchange: () => {
            who = r;
            sync();
          },
        }),
        r === "person" ? t("request.requester.person", { name }) : t(`request.requester.${r}`),
      ),
    ),
    !personGuardians.length ? h("small", { class: "help", text: t("request.guardian.none") }) : null,
  );
  sync();
  const notes = h("textarea", { name: "notes", rows: 2, maxlength: maxLength("notes") });
  const form = h(
    "form",
    {
      class: "card",
      id: "request-form",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const input = {
          kind: kind.value,
          received_on: received.value || today(),
          channel: channel.value,
          person_id: personId,
          requester: who,
          requester_person_id: who === "guardian" ? Number(guardian.value) : null,
          requester_name: who === "representative" ? repName.value : "",
          notes: notes.value,
        };
        try {
          const id = await api.addRequest({ input });
          await refreshStatus();
          show("requests.page", id);
        } catch (e) {
          showError(box, e);
        }
      },
    },
    h("h1", { text: t("requests.new") }),
    about,
    h(
      "p",
      { id: "request-concerns" },
      t("request.concerns"),
      " ",
      h("strong", { text: name }),
      page.minor ? h("span", { class: "badge", text: t("person.minor", { n: page.age_of_consent }) }) : null,
    ),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field" }, h("label", { for: "request-kind", text: t("request.kind") }), kind, kindHelp),
      field(t("request.received"), received, t("request.received.help")),
      field(t("request.channel"), channel),
    ),
    requester,
    guardianField,
    repField,
    field(t("request.notes"), notes),
    box,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: () => show("people.page", origin.person.id), text: t("common.cancel") }),
      h("button", { type: "submit", class: "primary", id: "request-save", text: t("request.save") }),
    ),
  );
  main.replaceChildren(form);
  kind.focus();
}

screen("requests.new", requestForm);
