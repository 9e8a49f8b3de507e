// Retention: the rules per category (months, the jurisdiction's default beside), what
// they have due today, the purge with its confirmation, and the purge reports.
import { api } from "../api.js";
import { t, formatDate, formatNumber, errorText } from "../i18n.js";
import { h, alertBox, showError, dialog } from "../dom.js";
import { main, region, screen, show, refreshStatus } from "../state.js";
import { tabs } from "./tabs.js";

async function retentionScreen(message) {
  let r;
  try {
    r = await api.retention();
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const box = alertBox();
  box.hidden = true;
  const saved = h("p", { class: "note", role: "status", id: "retention-saved", text: message || "" });
  const rules = h(
    "table",
    { class: "table", id: "retention-rules" },
    h(
      "tbody",
      {},
      r.rules.map((rule) => {
        const months = h("input", {
          type: "number",
          name: `months-${rule.category}`,
          id: `months-${rule.category}`,
          min: rule.min_months,
          max: rule.max_months,
          value: rule.months,
          class: "narrow",
        });
        return h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            t(`retention.${rule.category}`),
            h("small", { class: "muted explain", text: t(`retention.explain.${rule.category}`) }),
          ),
          h(
            "td",
            { class: "nowrap" },
            h("label", { class: "sr-only", for: `months-${rule.category}`, text: t("retention.months") }),
            months,
            " ",
            t("retention.months").toLowerCase(),
            h("br"),
            h("small", { class: "muted", text: t("retention.default", { n: rule.default_months }) }),
          ),
          h(
            "td",
            {},
            h("button", {
              class: "small",
              onclick: async () => {
                try {
                  await api.setRetention({ category: rule.category, months: Number(months.value) });
                  show("privacy.retention", t("retention.saved"));
                } catch (e) {
                  showError(box, e);
                }
              },
              text: t("retention.save"),
            }),
          ),
        );
      }),
    ),
  );
  const p = r.preview;
  const due = h(
    "ul",
    { class: "plain", id: "retention-due" },
    p.rules.map((rule) =>
      h(
        "li",
        {},
        h("strong", { text: `${t(`retention.${rule.category}`)} : ` }),
        t("retention.due", { n: formatNumber(rule.due, region()), date: formatDate(rule.cutoff, region()) }),
        rule.held ? h("span", { class: "muted", text: ` — ${t("retention.held", { n: rule.held })}` }) : null,
      ),
    ),
    h("li", { text: t("retention.deferred", { n: p.deferred_erasures_due }) }),
  );
  const purge = p.total_due
    ? h("button", {
        class: "danger",
        id: "purge-run",
        onclick: () =>
          dialog(
            t("retention.run.go"),
            h("p", { text: t("retention.run.confirm", { n: formatNumber(p.total_due, region()) }) }),
            async () => {
              await api.runPurge();
              await refreshStatus();
              show("privacy.retention");
            },
          ),
        text: t("retention.run", { n: formatNumber(p.total_due, region()) }),
      })
    : h("p", { class: "note", id: "purge-nothing", text: t("retention.nothing") });
  const reports = r.reports.length
    ? h(
        "ul",
        { class: "plain", id: "purge-reports" },
        r.reports.map((rep) =>
          h("li", {
            text: t("retention.report.row", {
              date: formatDate(rep.day, region()),
              n: formatNumber(rep.rules.reduce((s, x) => s + x.due, 0) + rep.deferred_erasures_completed, region()),
              who: rep.staff,
            }),
          }),
        ),
      )
    : h("p", { class: "muted", text: t("retention.reports.none") });
  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "retention" },
      tabs("retention"),
      h("h1", { text: t("retention.title") }),
      h("h2", { text: t("retention.rules") }),
      rules,
      box,
      saved,
      h("h2", { text: t("retention.preview") }),
      due,
      purge,
      h("h2", { text: t("retention.reports") }),
      reports,
    ),
  );
}

screen("privacy.retention", retentionScreen);
