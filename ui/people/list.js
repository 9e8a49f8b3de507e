// The people screen: search as you type (accents ignored), or the whole list page by page.
import { api } from "../api.js";
import { t, errorText, formatNumber } from "../i18n.js";
import { h, field, personLine } from "../dom.js";
import { main, region, screen, show, use } from "../state.js";

let lastQuery = "";
async function peopleScreen() {
  const search = h("input", {
    type: "search",
    id: "search",
    name: "search",
    value: lastQuery,
    placeholder: t("people.search.placeholder"),
    autocomplete: "off",
    role: "combobox",
    "aria-controls": "people-list",
    "aria-expanded": "true",
  });
  const list = h("ul", { id: "people-list", role: "listbox", "aria-label": t("people.results"), class: "list" });
  const count = h("p", { class: "muted", id: "people-count", role: "status" });
  const more = h("button", { class: "link", hidden: true, text: t("people.more") });
  let shown = 0;
  let seq = 0;
  const fill = (people, append) => {
    if (!append) list.replaceChildren();
    list.append(...people.map((p) => personLine(p)));
  };
  const run = async () => {
    const mine = ++seq;
    const q = search.value.trim();
    lastQuery = search.value;
    try {
      if (q) {
        const found = await api.searchPeople({ query: q, limit: 50 });
        if (mine !== seq) return;
        fill(found, false);
        more.hidden = true;
        count.textContent = found.length ? "" : t("people.none", { q });
      } else {
        const page = await api.listPeople({ offset: 0, limit: 100 });
        if (mine !== seq) return;
        fill(page.people, false);
        shown = page.people.length;
        more.hidden = shown >= page.total;
        count.textContent =
          page.total === 0
            ? t("people.empty")
            : page.total === 1
              ? t("people.count.one")
              : t("people.count", { n: formatNumber(page.total, region()) });
      }
    } catch (e) {
      count.textContent = errorText(e);
    }
  };
  more.onclick = async () => {
    const page = await api.listPeople({ offset: shown, limit: 100 });
    fill(page.people, true);
    shown += page.people.length;
    more.hidden = shown >= page.total;
  };
  const open = (li) => li && show("people.page", Number(li.dataset.id));
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
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      move(1);
    }
    if (ev.key === "Enter") {
      ev.preventDefault();
      open(list.firstElementChild);
    }
  });
  list.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      move(1);
    }
    if (ev.key === "ArrowUp") {
      ev.preventDefault();
      if (document.activeElement === list.firstElementChild) search.focus();
      else move(-1);
    }
    if (ev.key === "Enter") {
      ev.preventDefault();
      open(document.activeElement.closest("li"));
    }
  });
  list.addEventListener("click", (ev) => open(ev.target.closest("li")));
  main.replaceChildren(
    use("requests.warning") || "",
    h(
      "section",
      { class: "card" },
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("people.title") }),
        h(
          "div",
          { class: "actions tight" },
          h("button", { id: "import-people", onclick: () => show("exchange.import"), text: t("people.import") }),
          h("button", {
            class: "primary",
            id: "add-person",
            onclick: () => show("people.form", null),
            text: t("people.add"),
          }),
        ),
      ),
      field(t("people.search"), search),
      count,
      list,
      more,
      h("div", { class: "actions" }, use("exchange.export", "people"), use("exchange.export", "members")),
    ),
  );
  search.focus();
  await run();
}

screen("people.list", peopleScreen);
