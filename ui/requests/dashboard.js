// The requests dashboard (counts, open requests soonest first, the audit CSV), the
// navigation's warning and banner, and the list on a person's page.
import { api } from "../api.js";
import { t, errorText, formatDate, formatNumber, shownPath } from "../i18n.js";
import { h, table } from "../dom.js";
import { main, state, region, screen, part, show, use, refreshStatus } from "../state.js";
import { daysLeftText, urgency } from "./rows.js";

/// The navigation's warning: overdue requests in red, those due within a week in amber.
function requestsBadge() {
  const c = state.status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const n = c.overdue || c.due_soon;
  return h("span", {
    class: `badge ${c.overdue ? "overdue" : "soon"}`,
    id: "requests-badge",
    "aria-label": c.overdue ? t("requests.badge.overdue", { n }) : t("requests.badge.soon", { n }),
    text: String(n),
  });
}

/// A banner on the people screen when a deadline is near or passed.
function deadlineWarning() {
  const c = state.status?.requests;
  if (!c || (!c.overdue && !c.due_soon)) return null;
  const text = c.overdue
    ? t("requests.warning.overdue", { n: c.overdue })
    : t("requests.warning.soon", { n: c.due_soon });
  return h(
    "p",
    { class: c.overdue ? "alert banner" : "warn banner", role: "alert", id: "deadline-warning" },
    text,
    " ",
    h("button", { class: "link", onclick: () => show("requests.list", false), text: t("requests.warning.open") }),
  );
}

async function requestsScreen(all) {
  let list;
  try {
    list = await api.listRequests({ open_only: !all });
    await refreshStatus();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const c = list.counts;
  const stat = (n, label, cls, id) =>
    h(
      "div",
      { class: `stat ${n ? cls : ""}`, id },
      h("strong", { text: formatNumber(n, region()) }),
      h("span", { text: label }),
    );
  const saved = h("p", { class: "note", role: "status" });
  const open = (id) => show("requests.page", id);
  const rows = list.rows.map((r) =>
    h(
      "tr",
      {
        tabindex: "0",
        class: `clickable ${urgency(r)}`,
        "data-id": r.id,
        onclick: () => open(r.id),
        onkeydown: (ev) => {
          if (ev.key === "Enter") open(r.id);
        },
      },
      h("td", { class: `days ${urgency(r)}`, text: daysLeftText(r) }),
      h("td", { text: t(`kind.${r.kind}`) }),
      h("td", { text: r.person_name }),
      h("td", {
        text:
          r.requester === "person" ? t("requester.self") : `${r.requester_label} (${t(`requester.${r.requester}`)})`,
      }),
      h("td", { text: formatDate(r.received_on, region()) }),
      h("td", {
        text: formatDate(r.deadline.due, region()) + (r.deadline.extended ? ` ${t("requests.extended")}` : ""),
      }),
    ),
  );
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "requests" },
      h(
        "div",
        { class: "title-row" },
        h("h1", { text: t("requests.title") }),
        h("button", {
          class: "primary",
          id: "new-request",
          onclick: () => show("requests.new", null),
          text: t("requests.new"),
        }),
      ),
      commonCase(null),
      use("privacy.summary"),
      use("newsletter.banner"),
      use("licences.banner"),
      use("backup.banner"),
      h(
        "div",
        { class: "stats" },
        stat(c.open, t("requests.stat.open"), "", "stat-open"),
        stat(c.due_soon, t("requests.stat.soon"), "soon", "stat-soon"),
        stat(c.overdue, t("requests.stat.overdue"), "overdue", "stat-overdue"),
      ),
      list.rows.length
        ? table(
            "requests-table",
            ["days", "kind", "person", "requester", "received", "due"].map((k) => t(`requests.col.${k}`)),
            rows,
          )
        : h("p", { class: "muted", text: all ? t("requests.none.all") : t("requests.none") }),
      h(
        "div",
        { class: "actions" },
        h("button", {
          id: "requests-toggle",
          onclick: () => show("requests.list", !all),
          text: all ? t("requests.show.open") : t("requests.show.all"),
        }),
        h("button", {
          id: "requests-csv",
          onclick: async () => {
            try {
              const path = await api.saveRequestsCsv();
              if (path) saved.textContent = t("requests.csv.saved", { path: shownPath(path) });
            } catch (e) {
              saved.textContent = errorText(e);
            }
          },
          text: t("requests.csv"),
        }),
        use("exchange.export", "requests"),
      ),
      saved,
    ),
  );
}

/// The one line for the common case: a parent wants to know what is kept about their
/// child. From a person's page the form opens about this person or one of their children.
function commonCase(personId) {
  return h(
    "p",
    { class: "hint-line", id: "common-case" },
    t("requests.common.question"),
    " ",
    h("button", {
      class: "link",
      id: "common-case-access",
      onclick: () => show("requests.new", personId, personId, "access"),
      text: t("requests.common.action"),
    }),
  );
}

/// The person page's list of requests about the person or made by them for a child.
function requestsOfPerson(page) {
  if (!page.requests.length) return null;
  return h(
    "section",
    {},
    h("h2", { text: t("person.requests") }),
    h(
      "ul",
      { class: "plain", id: "person-requests" },
      page.requests.map((r) =>
        h(
          "li",
          {},
          h("button", {
            class: "link",
            onclick: () => show("requests.page", r.id),
            text: `${t(`kind.${r.kind}`)} — ${formatDate(r.received_on, region())}`,
          }),
          h("span", {
            class: `muted ${urgency(r)}`,
            text: ` — ${r.person_id === page.person.id ? "" : `${r.person_name} · `}${daysLeftText(r)}`,
          }),
        ),
      ),
    ),
  );
}

screen("requests.list", requestsScreen);
part("requests.badge", requestsBadge);
part("requests.warning", deadlineWarning);
part("requests.of-person", requestsOfPerson);
part("requests.common-case", commonCase);
