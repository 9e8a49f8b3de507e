// The contests list and the contest form (dates, prizes, eligibility, the skill-testing
// question, how long entrants' data is kept).
import { api } from "../api.js";
import { t, formatDate, formatNumber, errorText } from "../i18n.js";
import { h, field, select, alertBox, showError, headRow } from "../dom.js";
import { main, state, region, today, screen, show, maxLength } from "../state.js";

async function contestsScreen() {
  let list;
  try {
    list = await api.listContests();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const open = (id) => show("contests.page", id);
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "contests" },
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("contests.title") }),
        h("button", {
          class: "primary",
          id: "contest-new",
          onclick: () => show("contests.form"),
          text: t("contests.new"),
        }),
      ),
      list.length
        ? h(
            "table",
            { class: "table", id: "contests-table" },
            headRow(["name", "dates", "draw", "entries"].map((k) => t(`contests.col.${k}`))),
            h(
              "tbody",
              {},
              list.map((c) =>
                h(
                  "tr",
                  {
                    tabindex: "0",
                    class: "clickable",
                    onclick: () => open(c.contest.id),
                    onkeydown: (ev) => {
                      if (ev.key === "Enter") open(c.contest.id);
                    },
                  },
                  h("td", { text: c.contest.name }),
                  h("td", {
                    text: `${formatDate(c.contest.opens_on, region())} – ${formatDate(c.contest.closes_on, region())}`,
                  }),
                  h("td", {
                    text: formatDate(c.contest.draw_on, region()) + (c.drawn ? ` (${t("contests.drawn")})` : ""),
                  }),
                  h("td", { text: formatNumber(c.entries, region()) }),
                ),
              ),
            ),
          )
        : h("p", { class: "muted", text: t("contests.none") }),
    ),
  );
}

function contestForm() {
  const date = (name, value) => h("input", { type: "date", name, value });
  const num = (name, value, min = 0) => h("input", { type: "number", name, value: value ?? "", min, class: "narrow" });
  const f = {
    name: h("input", { name: "contest-name", maxlength: maxLength("contest_name") }),
    kind: select("contest-kind", state.vocab.contest_kinds, (k) => t(`contest_kind.${k}`), "free"),
    tombola: h("input", { name: "tombola", maxlength: maxLength("tombola_authorisation") }),
    opens: date("opens", today()),
    closes: date("closes", today()),
    draw: date("draw", today()),
    claim: num("claim-days", state.vocab.contest_defaults.claim_days, 1),
    min: num("min-age", ""),
    max: num("max-age", ""),
    regions: h("input", { name: "regions" }),
    onePer: select("one-per", state.vocab.one_per, (o) => t(`one_per.${o}`), "person"),
    question: h("input", { name: "question", maxlength: maxLength("skill_question") }),
    answer: h("input", { name: "answer", maxlength: maxLength("skill_question") }),
    publicSource: h("input", {
      name: "public-source",
      maxlength: maxLength("public_source"),
      placeholder: t("contest.public_source.example"),
    }),
    nonWinner: num("non-winner-days", state.vocab.contest_defaults.non_winner_days, 1),
    winner: num("winner-days", state.vocab.contest_defaults.winner_days, 1),
  };
  const tombolaField = field(t("contest.tombola"), f.tombola);
  const syncKind = () => {
    tombolaField.hidden = f.kind.value !== "tombola";
  };
  f.kind.addEventListener("change", syncKind);
  const prizes = h("div", { id: "prizes" });
  const addPrize = () => {
    const row = h(
      "div",
      { class: "grid recipient" },
      field(t("contest.prize.name"), h("input", { name: "prize-name", maxlength: maxLength("prizes") })),
      field(t("contest.prize.quantity"), h("input", { type: "number", name: "prize-quantity", min: 1, value: 1 })),
      field(
        t("contest.prize.value"),
        h("input", { type: "number", name: "prize-value", min: 0, step: "0.01", value: 0 }),
      ),
      h("button", { type: "button", class: "small", onclick: () => row.remove(), text: t("common.remove") }),
    );
    prizes.append(row);
  };
  addPrize();
  const box = alertBox();
  box.hidden = true;
  const optNum = (el) => (el.value === "" ? null : Number(el.value));
  main.replaceChildren(
    h(
      "form",
      {
        class: "card",
        id: "contest-form",
        onsubmit: async (ev) => {
          ev.preventDefault();
          const input = {
            name: f.name.value,
            kind: f.kind.value,
            tombola_authorisation: f.tombola.value,
            opens_on: f.opens.value,
            closes_on: f.closes.value,
            draw_on: f.draw.value,
            claim_days: Number(f.claim.value || state.vocab.contest_defaults.claim_days),
            min_age: optNum(f.min),
            max_age: optNum(f.max),
            regions: f.regions.value
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
            one_per: f.onePer.value,
            skill_question: f.question.value,
            skill_answer: f.answer.value,
            public_source: f.publicSource.value,
            non_winner_days: Number(f.nonWinner.value || state.vocab.contest_defaults.non_winner_days),
            winner_days: Number(f.winner.value || state.vocab.contest_defaults.winner_days),
            prizes: [...prizes.children].map((row) => {
              const [name, quantity, value] = row.querySelectorAll("input");
              return {
                name: name.value,
                quantity: Number(quantity.value || 0),
                value_cents: Math.round(Number(value.value || 0) * 100),
              };
            }),
          };
          try {
            show("contests.page", await api.addContest({ input }));
          } catch (e) {
            showError(box, e);
          }
        },
      },
      h("button", { type: "button", class: "link", onclick: () => show("contests.list"), text: t("contest.back") }),
      h("h1", { text: t("contests.new") }),
      h(
        "div",
        { class: "grid" },
        field(t("contest.name"), f.name),
        field(t("contest.kind"), f.kind),
        tombolaField,
        field(t("contest.opens"), f.opens),
        field(t("contest.closes"), f.closes),
        field(t("contest.draw_on"), f.draw),
        field(t("contest.claim_days"), f.claim),
        field(t("contest.min_age"), f.min),
        field(t("contest.max_age"), f.max),
        field(t("contest.one_per"), f.onePer),
      ),
      field(t("contest.regions"), f.regions),
      h("div", { class: "columns" }, field(t("contest.question"), f.question), field(t("contest.answer"), f.answer)),
      field(t("contest.public_source"), f.publicSource),
      h("p", { class: "muted small", text: t("contest.public_source.help") }),
      h("h2", { text: t("contest.prizes") }),
      prizes,
      h("button", { type: "button", class: "small", onclick: addPrize, text: t("contest.prize.add") }),
      h(
        "div",
        { class: "columns" },
        field(t("contest.non_winner_days"), f.nonWinner),
        field(t("contest.winner_days"), f.winner),
      ),
      box,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "contest-save", text: t("contest.save") }),
      ),
    ),
  );
  syncKind();
  f.name.focus();
}

screen("contests.list", contestsScreen);
screen("contests.form", contestForm);
