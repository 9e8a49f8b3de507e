// The erasure of a request's person (and, if chosen, their linked family): the plan
// says what is erased, made anonymous and kept (and why), and whom to tell; the name
// typed again confirms; then the certificate is saved.
import { api } from "../api.js";
import { t, formatDate, errorText } from "../i18n.js";
import { h, field, alertBox, showError, headRow } from "../dom.js";
import { main, region, screen, show, use, refreshStatus } from "../state.js";

function table(head, rows, id) {
  return h(
    "table",
    { class: "table", id },
    headRow(head.map((c) => c)),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          {},
          r.map((c) => h("td", { text: c })),
        ),
      ),
    ),
  );
}

async function erasureScreen(requestId, also = []) {
  let page, plan;
  try {
    page = await api.requestPage({ id: requestId });
    plan = await api.erasurePlan({ input: { request_id: requestId, person_ids: [page.person_id, ...also] } });
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const back = h("button", {
    class: "link",
    id: "erasure-back",
    onclick: () => show("requests.page", requestId),
    text: t("erasure.back"),
  });
  const role = (p) => t(`erasure.role.${p.role}`);
  const people = h(
    "ul",
    { class: "plain", id: "erasure-people" },
    plan.people.map((p) =>
      h(
        "li",
        {},
        h("strong", { text: p.name }),
        ` — ${role(p)}`,
        p.held_until
          ? h("span", {
              class: "warn small",
              text: ` ${t("erasure.held", { date: formatDate(p.held_until, region()), reason: t(`hold.${p.hold_reasons[0]}`) })}`,
            })
          : null,
        p.role !== "subject"
          ? [
              " ",
              h("button", {
                class: "small",
                onclick: () =>
                  show(
                    "privacy.erasure",
                    requestId,
                    also.filter((x) => x !== p.id),
                  ),
                text: t("common.remove"),
              }),
            ]
          : null,
      ),
    ),
  );
  const family = plan.family.length
    ? h(
        "fieldset",
        { id: "erasure-family" },
        h("legend", { text: t("erasure.family") }),
        plan.family.map((p) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: "checkbox",
              "data-id": p.id,
              onchange: () => show("privacy.erasure", requestId, [...also, p.id]),
            }),
            `${p.name} — ${role(p)}`,
          ),
        ),
      )
    : null;
  const line = (l) => [t(`item.${l.item}`), String(l.count)];
  const kept = plan.kept
    .filter((k) => k.count > 0)
    .map((k) => [
      t(`item.${k.item}`),
      String(k.count),
      t(`keep.${k.reason}`) + (k.until ? ` — ${t("erasure.until", { date: formatDate(k.until, region()) })}` : ""),
    ]);
  const recipients = plan.recipients.length
    ? h(
        "ul",
        { id: "erasure-recipients" },
        plan.recipients.map((r) => h("li", { text: `${r.name} (${t(`role.${r.role}`)})` })),
      )
    : h("p", { class: "muted", text: t("erasure.recipients.none") });
  const blockers = plan.blockers.length
    ? h(
        "div",
        { class: "alert", role: "alert", id: "erasure-blockers" },
        h("p", { text: t("erasure.blockers") }),
        h(
          "ul",
          {},
          plan.blockers.map((b) =>
            h(
              "li",
              {},
              t(`blocker.${b.blocker}`, { kind: b.kind ? t(`kind.${b.kind}`) : "" }),
              " ",
              b.id
                ? h("button", {
                    class: "link",
                    onclick: () => show("requests.page", b.id),
                    text: t("privacy.summary.open"),
                  })
                : null,
            ),
          ),
        ),
      )
    : null;

  const box = alertBox();
  box.hidden = true;
  const typed = h("input", { name: "confirm-name", id: "erasure-confirm", autocomplete: "off", spellcheck: "false" });
  const run = h("button", {
    type: "submit",
    class: "danger",
    id: "erasure-run",
    disabled: true,
    text: t("erasure.run"),
  });
  typed.addEventListener("input", () => {
    run.disabled = !typed.value.trim();
  });
  const result = h("div", { id: "erasure-result", role: "status" });
  const confirm = plan.can_execute
    ? h(
        "form",
        {
          id: "erasure-form",
          onsubmit: async (ev) => {
            ev.preventDefault();
            run.disabled = true;
            run.textContent = t("erasure.running");
            try {
              const done = await api.executeErasure({
                input: { request_id: requestId, person_ids: plan.people.map((p) => p.id) },
                confirm_name: typed.value,
              });
              await refreshStatus();
              ev.target.replaceWith(
                h(
                  "div",
                  {},
                  h(
                    "ul",
                    { class: "plain", id: "erasure-surrogates" },
                    done.people.map((p) =>
                      h(
                        "li",
                        { class: "note" },
                        `${t(`erasure.role.${p.role}`)} — `,
                        p.deferred_until
                          ? t("erasure.result.deferred", { date: formatDate(p.deferred_until, region()) })
                          : t("erasure.result", { code: p.surrogate }),
                      ),
                    ),
                  ),
                  done.complete
                    ? null
                    : h("p", { class: "warn banner", id: "erasure-incomplete", text: t("erasure.incomplete") }),
                  h("p", { class: "warn", text: t("erasure.certificate.fresh") }),
                  use("privacy.certificate", requestId),
                ),
              );
            } catch (e) {
              showError(box, e);
              run.disabled = false;
              run.textContent = t("erasure.run");
            }
          },
        },
        field(t("erasure.confirm", { name: plan.confirm_name }), typed),
        box,
        h("div", { class: "actions" }, run),
      )
    : null;

  main.replaceChildren(
    h(
      "article",
      { class: "card", id: "erasure-page" },
      back,
      h("h1", { text: t("erasure.title", { name: plan.confirm_name }) }),
      blockers,
      h("section", {}, h("h2", { text: t("erasure.people") }), people, family),
      h(
        "section",
        { class: "columns" },
        h(
          "div",
          {},
          h("h2", { text: t("erasure.deleted") }),
          table(
            [t("erasure.col.item"), t("erasure.col.count")],
            plan.deleted.filter((l) => l.count > 0).map(line),
            "erasure-deleted",
          ),
        ),
        h(
          "div",
          {},
          h("h2", { text: t("erasure.anonymised") }),
          table(
            [t("erasure.col.item"), t("erasure.col.count")],
            plan.anonymised.filter((l) => l.count > 0).map(line),
            "erasure-anonymised",
          ),
        ),
      ),
      h(
        "section",
        {},
        h("h2", { text: t("erasure.kept") }),
        table([t("erasure.col.item"), t("erasure.col.count"), t("erasure.col.reason")], kept, "erasure-kept"),
      ),
      h("section", {}, h("h2", { text: t("erasure.recipients") }), recipients),
      plan.mentions.length
        ? h(
            "section",
            { id: "erasure-mentions" },
            h("h2", { text: t("erasure.mentions") }),
            h("p", { class: "muted", text: t("erasure.mentions.help") }),
            h(
              "ul",
              { class: "plain" },
              plan.mentions.map((m) => h("li", { text: t(`erasure.mention.${m.place}`, { id: m.id }) })),
            ),
          )
        : null,
      h(
        "section",
        { id: "erasure-copies" },
        h("h2", { text: t("erasure.copies") }),
        ...copiesText(plan.copies).map((text) => h("p", { text })),
      ),
      confirm,
      result,
    ),
  );
}

/// Where copies still hold the person after the erasure: the backups and until when
/// rotation keeps them, and the copies beside the register (the domain counted them).
function copiesText(c) {
  const lines = [];
  if (c.backups > 0 || c.folder_missing)
    lines.push(
      t(c.folder_missing ? "erasure.copies.backups_unknown" : "erasure.copies.backups", {
        n: c.backups,
        date: formatDate(c.backups_until, region()),
      }),
    );
  if (c.beside > 0) lines.push(t("erasure.copies.beside", { n: c.beside }));
  if (!lines.length) lines.push(t("erasure.copies.none"));
  return lines;
}

screen("privacy.erasure", erasureScreen);
