// The request page: it walks the steps (identity check, letters previewed and saved,
// withdrawals carried out, extension in France, closing) as the backend allows them.
import { api } from "../api.js";
import { t, lang, errorText, formatDate, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError, dl, headRow } from "../dom.js";
import { main, state, region, today, screen, show, use, refreshStatus, maxLength } from "../state.js";
import { daysLeftText, urgency } from "./rows.js";
import { reviewPanel } from "./review.js";

/// The letter as the PDF will print it, drawn from the same blocks.
function previewDoc(doc) {
  const paper = h("div", {
    class: `paper ${doc.paper}`,
    role: "document",
    id: "letter-preview",
    "aria-label": doc.title,
    lang: doc.language,
  });
  drawBlocks(paper, doc.blocks);
  return paper;
}

function drawBlocks(paper, blocks) {
  for (const b of blocks) {
    const v = b.value;
    if (b.type === "title") paper.append(h("h2", { class: "doc-title", text: v }));
    else if (b.type === "heading") paper.append(h("h3", { text: v }));
    else if (b.type === "para") paper.append(h("p", { class: "pre", text: v }));
    else if (b.type === "small") paper.append(h("p", { class: "muted small", text: v }));
    else if (b.type === "mono") paper.append(h("pre", { text: v }));
    else if (b.type === "pairs")
      paper.append(
        h(
          "dl",
          { class: "pairs" },
          v.map(([k, x]) => [h("dt", { text: k }), h("dd", { text: x })]),
        ),
      );
    else if (b.type === "table")
      paper.append(
        h(
          "table",
          { class: "table" },
          headRow(v.head.map((c) => c)),
          h(
            "tbody",
            {},
            v.rows.map((r) =>
              h(
                "tr",
                {},
                r.map((c) => h("td", { text: c })),
              ),
            ),
          ),
        ),
      );
    else if (b.type === "gap") paper.append(h("div", { class: "gap" }));
    else if (b.type === "page_break") paper.append(h("hr", { class: "page-break", "aria-hidden": "true" }));
    else if (b.type === "together") drawBlocks(paper, v);
  }
}

async function requestScreen(id) {
  let page;
  try {
    page = await api.requestPage({ id });
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const open = page.open;
  // Steps 1–5: received, verify, prepare, review (a preview was looked at), send and close.
  const steps = h(
    "ol",
    { class: "steps", id: "request-steps", "aria-label": t("request.steps") },
    ["receive", "verify", "prepare", "review", "send"].map((s) => h("li", { text: t(`request.step.${s}`) })),
  );
  const setStep = (n) =>
    [...steps.children].forEach((li, i) => {
      li.className = i + 1 < n ? "done" : i + 1 === n ? "current" : "";
      if (i + 1 === n) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
  setStep(!open ? 6 : !page.identity ? 2 : 3);
  const back = h("button", { class: "link", onclick: () => show("requests.list", false), text: t("request.back") });
  const due = h(
    "p",
    { class: `deadline ${urgency(page)}`, id: "request-deadline" },
    h("strong", { text: `${t("request.due")} ${formatDate(page.deadline.due, region())}` }),
    " — ",
    daysLeftText(page),
    page.deadline.extended ? ` (${t("request.extended.note")})` : "",
  );

  // 1. Identity.
  let identity;
  if (!page.identity && !open) {
    identity = h("p", { class: "muted", id: "identity-done", text: t("request.identity.never") });
  } else if (page.identity) {
    identity = h("p", {
      class: "note",
      id: "identity-done",
      text: t("request.identity.done", {
        method: t(`method.${page.identity.method}`),
        who: page.identity.checked_by,
        date: formatDate(page.identity.checked_on, region()),
      }),
    });
  } else {
    const box = alertBox();
    box.hidden = true;
    // No method is chosen for the office: one click must never record a check not made.
    const methods = h(
      "fieldset",
      { id: "identity-methods" },
      h("legend", { text: t("request.identity.method") }),
      state.vocab.identity_methods.map((m) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name: "identity-method", value: m }),
          t(`method.${m}`),
        ),
      ),
    );
    const on = h("input", { type: "date", name: "identity-on", value: today(), max: today(), min: page.received_on });
    identity = h(
      "form",
      {
        onsubmit: async (ev) => {
          ev.preventDefault();
          const chosen = methods.querySelector("input:checked");
          if (!chosen) {
            box.textContent = t("request.identity.choose");
            box.hidden = false;
            methods.querySelector("input")?.focus();
            return;
          }
          try {
            await api.verifyRequestIdentity({ id, method: chosen.value, on: on.value || today() });
            show("requests.page", id);
          } catch (e) {
            showError(box, e);
          }
        },
      },
      h("p", {
        class: "muted",
        text: t(page.requester === "guardian" ? "request.identity.help.guardian" : "request.identity.help"),
      }),
      methods,
      field(t("request.identity.on"), on),
      box,
      h(
        "div",
        { class: "actions" },
        h("button", {
          type: "submit",
          class: "primary",
          id: "identity-verify",
          disabled: !open,
          text: t("request.identity.verify"),
        }),
      ),
    );
  }

  // 2. Letters and exports: preview, save, open to print.
  const previewBox = h("div", { class: "preview-box", id: "preview-box" });
  const saved = h("p", { class: "note", role: "status", id: "saved-path" });
  const savedOf = (path) => {
    saved.replaceChildren(
      t("request.saved", { path: shownPath(path) }),
      " ",
      h("button", {
        class: "small",
        id: "open-saved",
        onclick: async () => {
          try {
            await api.openSaved({ path });
          } catch (e) {
            saved.append(" ", errorText(e));
          }
        },
        text: t("request.open"),
      }),
    );
  };
  const langSel = select("letter-language", state.vocab.languages, (l) => t(`language.${l}`), page.language);
  langSel.id = "letter-language";
  const letters = page.letters.map((k) =>
    h(
      "li",
      { class: "letter-row" },
      h("span", { class: "letter-name", text: t(`letter.${k}`) }),
      h(
        "span",
        { class: "actions tight" },
        h("button", {
          class: "small",
          id: `letter-${k}-preview`,
          onclick: async () => {
            try {
              previewBox.replaceChildren(
                h("h3", { text: t("request.preview.title") }),
                previewDoc(await api.previewLetter({ id, kind: k, language: langSel.value })),
              );
              if (open) setStep(4);
            } catch (e) {
              previewBox.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
            }
          },
          text: t("request.preview"),
        }),
        h("button", {
          class: "small primary",
          id: `letter-${k}-save`,
          // The access report goes out once its package is approved (the review below).
          disabled: k === "access_report",
          onclick: async () => {
            try {
              const path = await api.saveLetter({ id, kind: k, language: langSel.value });
              if (path) {
                savedOf(path);
                if (open) setStep(5);
              }
            } catch (e) {
              saved.textContent = errorText(e);
            }
          },
          text: t("request.save.pdf"),
        }),
      ),
    ),
  );
  if (page.portability) {
    letters.push(
      h(
        "li",
        { class: "letter-row" },
        h("span", { class: "letter-name", text: t("letter.portability") }),
        h("button", {
          class: "small primary",
          id: "portability-save",
          onclick: async () => {
            try {
              const path = await api.savePortability({ id, language: langSel.value });
              if (path) saved.textContent = t("request.saved", { path: shownPath(path) });
            } catch (e) {
              saved.textContent = errorText(e);
            }
          },
          text: t("request.save.zip"),
        }),
      ),
    );
  }
  // A letter says how to answer it: the office's address and the person in charge first.
  const gaps =
    page.letter_gaps.length && (letters.length || page.portability)
      ? h(
          "div",
          { class: "warn", role: "alert", id: "letter-gaps" },
          h("p", { text: t("request.gaps", { missing: page.letter_gaps.map((f) => t(`gap.${f}`)).join(", ") }) }),
          h("button", {
            class: "small",
            id: "letter-gaps-settings",
            onclick: () => show("settings"),
            text: t("request.gaps.settings"),
          }),
        )
      : null;
  // An access report is reviewed before it is saved: the panel enables its save button.
  const review = page.letters.includes("access_report")
    ? reviewPanel(id, (released) => {
        const button = letters.map((li) => li.querySelector("#letter-access_report-save")).find(Boolean);
        if (button) {
          button.disabled = !released;
          button.title = released ? "" : t("review.save_after");
        }
      })
    : null;
  const prepare = [
    gaps,
    review,
    letters.length
      ? [field(t("request.letter.language"), langSel), h("ul", { class: "plain letters" }, letters)]
      : h("p", {
          class: "muted",
          id: "no-letter",
          text: page.identity ? t("request.letters.none") : t("request.letters.after_identity"),
        }),
    saved,
    previewBox,
  ];

  // France: the two-month extension, by reasoned notice within the first month.
  let extension = null;
  if (page.can_extend) {
    const box = alertBox();
    box.hidden = true;
    const reason = h("textarea", { name: "extension-reason", rows: 2, maxlength: maxLength("extension") });
    const on = h("input", { type: "date", name: "extension-on", value: today(), max: page.extension_deadline });
    extension = h(
      "details",
      {},
      h("summary", { text: t("request.extend") }),
      h(
        "form",
        {
          onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              await api.extendRequest({ id, notice_on: on.value, reason: reason.value });
              show("requests.page", id);
            } catch (e) {
              showError(box, e);
            }
          },
        },
        h("p", {
          class: "muted",
          text: t("request.extend.help", { date: formatDate(page.extension_deadline, region()) }),
        }),
        field(t("request.extend.reason"), reason),
        field(t("request.extend.on"), on),
        box,
        h("div", { class: "actions" }, h("button", { type: "submit", text: t("request.extend.save") })),
      ),
    );
  } else if (page.extension_notice_on) {
    extension = h("p", {
      class: "muted",
      text: t("request.extended.done", {
        date: formatDate(page.extension_notice_on, region()),
        reason: page.extension_reason,
      }),
    });
  }

  // Withdrawal, stop-communications, objection: the consents the request withdraws,
  // recorded from here in the requester's name.
  let withdrawal = null;
  if (page.consents) {
    const label = (p) => p[`label_${lang()}`];
    const done = page.withdrawals.length
      ? [
          h("h3", { text: t("request.withdrawn.title") }),
          h(
            "ul",
            { class: "plain", id: "withdrawn-list" },
            page.withdrawals.map((p) =>
              h("li", { text: t("request.withdrawn.row", { label: label(p), date: formatDate(p.on, region()) }) }),
            ),
          ),
        ]
      : null;
    let form = null;
    if (open && page.consents.length) {
      const box = alertBox();
      box.hidden = true;
      const boxes = page.consents.map((p) =>
        h("input", { type: "checkbox", name: "withdraw", value: p.code, checked: p.preselected }),
      );
      form = h(
        "form",
        {
          id: "withdraw-form",
          onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              await api.withdrawForRequest({
                id,
                purposes: boxes.filter((b) => b.checked).map((b) => b.value),
              });
              show("requests.page", id);
            } catch (e) {
              showError(box, e);
            }
          },
        },
        h(
          "fieldset",
          {},
          h("legend", { text: t("request.withdraw.title") }),
          h("p", { class: "muted", text: t("request.withdraw.help") }),
          page.consents.map((p, i) =>
            h(
              "label",
              { class: "choice" },
              boxes[i],
              `${label(p)} `,
              h("small", { class: "muted", text: t("request.withdraw.since", { date: formatDate(p.on, region()) }) }),
            ),
          ),
        ),
        box,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", id: "withdraw-save", text: t("request.withdraw.save") }),
        ),
      );
    } else if (open) {
      form = h("p", { class: "muted", id: "withdraw-none", text: t("request.withdraw.none") });
    }
    withdrawal = h("div", { id: "withdrawal" }, form, done);
  }

  // Rectification: the record's form opens from here and comes back here.
  const rectify =
    open && page.kind === "rectification"
      ? h(
          "div",
          { class: "actions start" },
          h("button", {
            id: "rectify-open",
            onclick: async () => {
              try {
                const pp = await api.personPage({ id: page.person_id });
                const back = () => show("requests.page", id);
                show("people.form", pp.person, back, back);
              } catch (e) {
                saved.textContent = errorText(e);
              }
            },
            text: t("request.rectify"),
          }),
        )
      : null;

  // 3. Close: answered, refused (ground + reasons), or withdrawn by the requester.
  let closing;
  if (open) {
    const box = alertBox();
    box.hidden = true;
    let outcome = "answered";
    const decision = h("textarea", {
      name: "decision",
      rows: 3,
      id: "request-decision",
      maxlength: maxLength("decision"),
    });
    const ground = h(
      "select",
      { name: "ground", id: "refusal-ground" },
      page.grounds.map((g) =>
        h("option", {
          value: g.ground,
          text: `${t(`ground.${g.ground}`)}${g.articles ? ` — ${t(`law.${page.jurisdiction}`, { articles: g.articles })}` : ""}`,
        }),
      ),
    );
    const provision = h("input", { name: "provision", maxlength: maxLength("refusal_ground") });
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
    closing = h(
      "form",
      {
        id: "close-form",
        onsubmit: async (ev) => {
          ev.preventDefault();
          try {
            await api.closeRequest({
              id,
              status: outcome,
              decision: decision.value,
              refusal: outcome === "refused" ? { ground: ground.value, provision: provision.value } : null,
              on: on.value || today(),
            });
            await refreshStatus();
            show("requests.page", id);
          } catch (e) {
            showError(box, e);
          }
        },
      },
      h(
        "fieldset",
        {},
        h("legend", { text: t("request.outcome") }),
        state.vocab.closing_statuses.map((o) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: "radio",
              name: "outcome",
              value: o,
              checked: o === outcome,
              onchange: () => {
                outcome = o;
                sync();
              },
            }),
            t(`request.outcome.${o}`),
          ),
        ),
      ),
      groundField,
      provisionField,
      decisionField,
      field(t("request.responded"), on),
      box,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "request-close", text: t("request.close") }),
      ),
    );
    sync();
  } else {
    closing = dl([
      [t("request.status"), t(`rstatus.${page.status}`)],
      [t("request.responded"), page.responded_on ? formatDate(page.responded_on, region()) : ""],
      [t("request.ontime"), page.on_time === null ? "" : page.on_time ? t("common.yes") : t("common.no")],
      [t("request.ground"), page.refusal ? t(`ground.${page.refusal.ground}`) : ""],
      [t(`request.decision.${page.status}`), page.decision],
    ]);
  }

  main.replaceChildren(
    h(
      "article",
      { class: "card", id: "request-page" },
      back,
      h("h1", { id: "request-title", text: `${t(`kind.${page.kind}`)} — ${page.person_name}` }),
      h(
        "p",
        { class: "muted" },
        t("request.received.line", {
          date: formatDate(page.received_on, region()),
          channel: t(`channel.${page.channel}`),
        }),
        " · ",
        page.requester === "person"
          ? t("requester.self")
          : `${t(`requester.${page.requester}`)} : ${page.requester_label}`,
        " · ",
        page.person_erased
          ? null
          : h("button", {
              class: "link",
              id: "request-person-open",
              onclick: () => show("people.page", page.person_id),
              text: t("request.person.open"),
            }),
      ),
      page.notes ? h("p", { class: "pre", text: page.notes }) : null,
      due,
      steps,
      h("section", {}, h("h2", { text: t("request.step.verify") }), identity),
      h(
        "section",
        {},
        h("h2", { text: t("request.step.prepare") }),
        open ? h("p", { class: "muted", id: "request-hint", text: t(`request.hint.${page.kind}`) }) : null,
        extension,
        withdrawal,
        rectify,
        use("privacy.erasure-section", page),
        use("privacy.recipient-notices", page, () => show("requests.page", id)),
        prepare,
      ),
      h("section", {}, h("h2", { text: open ? t("request.close.title") : t("request.outcome") }), closing),
    ),
  );
  document.getElementById("request-title").focus?.();
}

screen("requests.page", requestScreen);
