// Pieces other screens show: the dashboard's privacy banner, an erasure request's
// section (plan, certificate), the recipients' checklist, a person's legal holds, the
// ledger's findings with the acknowledgement form.
import { api } from "../api.js";
import { t, formatDate, errorText, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError, dialog } from "../dom.js";
import { state, region, today, part, show, maxLength } from "../state.js";

/// What is to do: records due for purging, incidents, a ledger to review.
function summary() {
  const box = h("div", { id: "privacy-summary" });
  api
    .privacySummary()
    .then((s) => {
      const lines = [];
      if (s.purge_due) lines.push([t("privacy.summary.purge", { n: s.purge_due }), "privacy.retention"]);
      if (s.incidents_pending)
        lines.push([t("privacy.summary.incidents", { n: s.incidents_pending }), "incidents.list"]);
      if (s.ledger_needs_review) lines.push([t("privacy.summary.ledger"), "settings"]);
      box.replaceChildren(
        ...lines.map(([text, screenName]) =>
          h(
            "p",
            { class: "warn banner" },
            text,
            " ",
            h("button", { class: "link", onclick: () => show(screenName), text: t("privacy.summary.open") }),
          ),
        ),
      );
    })
    .catch(() => {});
  return box;
}

/// An erasure request's section on its page.
function erasureSection(page) {
  if (!page.erasure || page.erasure === "closed") return null;
  if (page.erasure === "identity_first")
    return h("p", { class: "muted", id: "erasure-identity-first", text: t("erasure.identity_first") });
  if (page.erasure === "plan") {
    return h(
      "div",
      { class: "actions start" },
      h("button", {
        class: "primary",
        id: "erasure-plan-open",
        onclick: () => show("privacy.erasure", page.id),
        text: t("erasure.plan.open"),
      }),
    );
  }
  return h(
    "div",
    { id: "erasure-done" },
    h("p", { class: "note", text: t("erasure.done") }),
    certificateButton(page.id),
  );
}

/// Saves the erasure certificate of a request.
function certificateButton(requestId) {
  const out = h("p", { class: "note", role: "status", id: "certificate-saved" });
  return h(
    "div",
    {},
    h("button", {
      class: "primary",
      id: "erasure-certificate",
      onclick: async () => {
        try {
          const path = await api.saveErasureCertificate({ request_id: requestId, language: null });
          if (path)
            out.replaceChildren(
              t("request.saved", { path: shownPath(path) }),
              " ",
              h("button", {
                class: "small",
                id: "certificate-open",
                onclick: () => api.openSaved({ path }).catch((e) => out.append(" ", errorText(e))),
                text: t("request.open"),
              }),
            );
        } catch (e) {
          out.textContent = errorText(e);
        }
      },
      text: t("erasure.certificate"),
    }),
    out,
  );
}

/// The recipients to tell of an erasure or a rectification, ticked as they are told.
function recipientNotices(page, onChange) {
  if (!page.recipients?.length) return null;
  return h(
    "section",
    { id: "recipient-notices" },
    h("h3", { text: t("notices.title") }),
    h("p", { class: "muted", text: t("notices.help") }),
    h(
      "ul",
      { class: "plain" },
      page.recipients.map((r, i) =>
        h(
          "li",
          { class: "letter-row" },
          h(
            "span",
            { class: "letter-name" },
            `${r.name} `,
            h("small", { class: "muted", text: `(${t(`role.${r.role}`)})` }),
          ),
          r.notified_on
            ? h("span", {
                class: "note small",
                text: t("notices.done", { date: formatDate(r.notified_on, region()), who: r.staff || "" }),
              })
            : h("button", {
                class: "small",
                id: `notice-${i}`,
                onclick: async (ev) => {
                  try {
                    await api.recordRecipientNotice({ request_id: page.id, recipient: r.name, on: today() });
                    onChange();
                  } catch (e) {
                    ev.target.after(" ", errorText(e));
                  }
                },
                text: t("notices.mark"),
              }),
        ),
      ),
    ),
  );
}

/// A person's legal holds, and the form to add one.
function holds(pp, onChange) {
  const list = pp.holds.length
    ? h(
        "ul",
        { class: "plain", id: "holds-list" },
        pp.holds.map((hd) =>
          h(
            "li",
            {},
            t("holds.row", { reason: t(`hold.${hd.reason}`), date: formatDate(hd.until, region()) }),
            hd.note ? ` — ${hd.note}` : "",
            hd.in_force ? "" : ` ${t("holds.ended")}`,
            " ",
            h("button", {
              class: "small",
              onclick: async () => {
                await api.releaseHold({ id: hd.id });
                onChange();
              },
              text: t("holds.release"),
            }),
          ),
        ),
      )
    : h("p", { class: "muted", text: t("holds.none") });
  const add = () => {
    const reason = select("hold-reason", state.vocab.hold_reasons, (r) => t(`hold.${r}`), "accounting");
    const note = h("input", { name: "hold-note", maxlength: maxLength("hold_reason") });
    const until = h("input", { type: "date", name: "hold-until", min: today() });
    dialog(
      t("holds.add"),
      [
        h("p", { class: "muted", text: t("holds.help") }),
        field(t("holds.reason"), reason),
        field(t("holds.note"), note),
        field(t("holds.until"), until),
      ],
      async () => {
        await api.addHold({
          input: { person_id: pp.person.id, reason: reason.value, note: note.value, until: until.value || null },
        });
        onChange();
      },
    );
  };
  return h(
    "section",
    { id: "holds" },
    h("h2", { text: t("holds.title") }),
    list,
    h("button", { class: "small", id: "hold-add", onclick: add, text: t("holds.add") }),
  );
}

/// The ledger check's findings, and the person in charge's acknowledgement.
function ledgerFindings(report, onChange) {
  const problems = (ps) => ps.map((p) => (p.seq ? `${p.problem} #${p.seq}` : p.problem)).join(", ");
  const list = report.findings.length
    ? [
        h("h3", { text: t("ledger.findings") }),
        h(
          "ul",
          { class: "plain", id: "ledger-findings" },
          report.findings.map((f) =>
            h(
              "li",
              {},
              t("ledger.finding.row", {
                date: formatDate(f.found_at || null, region()),
                origin: t(`ledger.origin.${f.origin}`),
                problems: problems(f.problems),
              }),
              " — ",
              f.acknowledged
                ? h("span", {
                    class: "muted",
                    text: t("ledger.finding.ack", {
                      date: formatDate(f.acknowledged.at, region()),
                      who: f.acknowledged.by,
                      note: f.acknowledged.note,
                    }),
                  })
                : h("strong", { text: t("ledger.finding.open") }),
            ),
          ),
        ),
      ]
    : null;
  let form = null;
  if (report.needs_review) {
    const box = alertBox();
    box.hidden = true;
    const note = h("textarea", { name: "ack-note", id: "ledger-ack-note", rows: 2, maxlength: maxLength("notes") });
    form = h(
      "form",
      {
        id: "ledger-ack",
        onsubmit: async (ev) => {
          ev.preventDefault();
          try {
            await api.acknowledgeLedger({ note: note.value });
            onChange();
          } catch (e) {
            showError(box, e);
          }
        },
      },
      h("p", { class: "muted", text: t("ledger.ack.help") }),
      field(t("ledger.ack.note"), note),
      box,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: t("ledger.ack") })),
    );
  }
  return h("div", {}, list, form);
}

part("privacy.summary", summary);
part("privacy.certificate", certificateButton);
part("privacy.erasure-section", erasureSection);
part("privacy.recipient-notices", recipientNotices);
part("privacy.holds", holds);
part("privacy.ledger-findings", ledgerFindings);
