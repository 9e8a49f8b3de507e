// A contest's page: its rules, the entries with their eligibility and the duplicates to
// decide, the import of a form file (checked first), the draw, the winners with the
// skill-testing question and the claim, the shipments and the labels.
import { api } from "../api.js";
import { t, lang, formatDate, formatNumber, errorText, shownPath } from "../i18n.js";
import { h, field, dialog, personLine, table } from "../dom.js";
import { main, region, today, screen, show, use, maxLength } from "../state.js";

/// Saves one of the contest's documents and says where.
function docButton(id, contestId, document, label, out) {
  return h("button", {
    id,
    onclick: async () => {
      try {
        const path = await api.saveContestDocument({ contest_id: contestId, document, language: lang() });
        if (path) out.textContent = t("request.saved", { path: shownPath(path) });
      } catch (e) {
        out.textContent = errorText(e);
      }
    },
    text: label,
  });
}

function entriesSection(page, reload) {
  const c = page.contest;
  const drawn = Boolean(page.draw);
  const q = h("input", {
    type: "search",
    name: "entry-search",
    id: "entry-search",
    placeholder: t("contest.entries.search"),
    autocomplete: "off",
  });
  const decide = (id, decision) => async () => {
    try {
      await api.decideEntry({ id, decision });
      reload();
    } catch (e) {
      out.textContent = errorText(e);
    }
  };
  const out = h("p", { class: "note", role: "status", id: "entries-status" });
  const row = (e) =>
    h(
      "tr",
      { "data-id": e.id, class: e.duplicate_group !== null ? "soon" : "" },
      h("td", { text: String(e.id) }),
      h("td", { text: e.name }),
      h("td", { text: e.birth_date ? formatDate(e.birth_date, region()) : "" }),
      h("td", { text: e.city }),
      h("td", { text: formatDate(e.entered_on, region()) }),
      h(
        "td",
        {},
        t(`eligibility.${e.eligibility}`),
        e.duplicate_group !== null
          ? h("strong", {
              text: ` · ${t("contest.duplicate.group", { n: e.duplicate_group + 1, reason: t(`duplicate.${page.duplicates[e.duplicate_group].reason}`) })}`,
            })
          : null,
      ),
      h(
        "td",
        {},
        drawn || page.closing
          ? null
          : e.eligibility === "excluded"
            ? h("button", { class: "small", onclick: decide(e.id, "included"), text: t("contest.include") })
            : [
                h("button", { class: "small", onclick: decide(e.id, "excluded"), text: t("contest.exclude") }),
                e.duplicate_group !== null
                  ? [
                      " ",
                      h("button", { class: "small", onclick: decide(e.id, "distinct"), text: t("contest.distinct") }),
                    ]
                  : null,
              ],
      ),
    );
  const rows = page.entries.map(row);
  const body = table(
    "entries-table",
    ["number", "name", "birth", "city", "entered", "state"].map((k) => t(`contest.col.${k}`)).concat([""]),
    rows,
  );
  // The domain matches (accents, case and œ ignored, as the people search).
  let typed = 0;
  q.addEventListener("input", async () => {
    const mine = ++typed;
    try {
      const ids = new Set(await api.matchingEntries({ contest_id: c.id, query: q.value }));
      if (mine === typed)
        rows.forEach((r) => {
          r.hidden = !ids.has(Number(r.dataset.id));
        });
    } catch (e) {
      out.textContent = errorText(e);
    }
  });
  // Import: the file is checked (every line's problems) before anything is written.
  const report = h("div", { id: "import-report" });
  const link = h("input", { type: "checkbox", name: "link-existing", id: "import-link" });
  const showReport = (r, name) => {
    const problems = r.problems.length
      ? [
          h("p", { class: "alert", text: t("contest.import.problems") }),
          h(
            "ul",
            { id: "import-problems" },
            r.problems.map((p) =>
              h("li", { text: t("contest.import.problem", { line: p.line, field: t(`field.${p.field}`) }) }),
            ),
          ),
        ]
      : null;
    report.replaceChildren(
      h(
        "div",
        {},
        h("p", { text: t("contest.import.file", { name }) }),
        h("p", {
          id: "import-counts",
          text: t("contest.import.report", { created: r.created, linked: r.linked, skipped: r.skipped }),
        }),
        problems,
        r.problems.length
          ? null
          : [
              h("label", { class: "choice" }, link, t("contest.import.link")),
              h(
                "div",
                { class: "actions start" },
                h("button", {
                  class: "primary",
                  id: "import-go",
                  onclick: async () => {
                    try {
                      await api.importEntries({ contest_id: c.id, dry_run: false, link_existing: link.checked });
                      reload(t("contest.import.done"));
                    } catch (e) {
                      report.append(h("p", { class: "alert", text: errorText(e) }));
                    }
                  },
                  text: t("contest.import.go", { n: r.created + (link.checked ? r.linked : 0) }),
                }),
              ),
            ],
      ),
    );
    link.onchange = () => showReport(r, name);
  };
  const importButton = drawn
    ? null
    : h("button", {
        id: "import-pick",
        onclick: async () => {
          try {
            const name = await api.pickEntriesFile();
            if (!name) return;
            showReport(await api.importEntries({ contest_id: c.id, dry_run: true, link_existing: false }), name);
          } catch (e) {
            report.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
          }
        },
        text: t("contest.import"),
      });
  // A person of the register, found by name.
  const addEntry =
    drawn || page.closing
      ? null
      : (() => {
          const s = h("input", {
            type: "search",
            name: "entry-person",
            id: "entry-person",
            autocomplete: "off",
            placeholder: t("contest.add_entry"),
          });
          const results = h("ul", { class: "list small-list", role: "listbox" });
          s.addEventListener("input", async () => {
            const found = s.value.trim() ? await api.searchPeople({ query: s.value, limit: 8 }) : [];
            results.replaceChildren(
              ...found.map((p) => {
                const li = personLine(p);
                li.addEventListener("click", async () => {
                  try {
                    const n = await api.addEntry({
                      contest_id: c.id,
                      person_id: p.id,
                      entered_on: today(),
                      channel: "paper_form",
                    });
                    reload(t("contest.entry.added", { n }));
                  } catch (e) {
                    out.textContent = errorText(e);
                  }
                });
                return li;
              }),
            );
          });
          return h("div", {}, s, results);
        })();
  return h(
    "section",
    { id: "entries" },
    h("h2", { text: t("contest.entries") }),
    h("p", {
      id: "entries-count",
      text: t("contest.entries.count", {
        n: formatNumber(page.entries.length, region()),
        e: formatNumber(page.eligible, region()),
      }),
    }),
    page.duplicates.length
      ? h("p", {
          class: "warn",
          id: "duplicates-warning",
          text: `${t("contest.duplicates")} : ${page.duplicates.length}`,
        })
      : null,
    h("div", { class: "actions start" }, importButton, q, use("exchange.export", "entrants", page.contest.id)),
    report,
    addEntry,
    out,
    page.entries.length ? body : h("p", { class: "muted", text: t("contest.entries.none") }),
  );
}

function drawSection(page, reload) {
  const c = page.contest;
  if (page.draw) {
    const d = page.draw;
    return h(
      "section",
      { id: "draw" },
      h("h2", { text: t("contest.draw") }),
      h("p", {
        class: d.valid ? "note" : "alert",
        id: "draw-check",
        text: d.valid ? t("contest.draw.ok") : t("contest.draw.bad"),
      }),
      d.secret
        ? h("p", { class: "mono small", id: "draw-secret", text: t("contest.draw.secret", { secret: d.secret }) })
        : h("p", { class: "mono small", text: t("contest.draw.seed", { seed: d.seed }) }),
      d.public_value
        ? h("p", { class: "small", id: "draw-public", text: t("contest.draw.public", { value: d.public_value }) })
        : null,
      h("p", { class: "mono small", text: t("contest.draw.digest", { digest: d.list_digest }) }),
      h("p", { class: "small", text: t("contest.draw.order", { order: d.drawn.join(", ") }) }),
    );
  }
  const closing = page.closing
    ? h("p", {
        class: "note",
        id: "closing-info",
        text: t("contest.closing.done", {
          n: page.closing.entry_numbers.length,
          digest: page.closing.list_digest,
        }),
      })
    : null;
  const close = page.may_close
    ? h("button", {
        id: "entries-close",
        onclick: () =>
          dialog(t("contest.closing.run"), h("p", { text: t("contest.closing.confirm") }), async () => {
            await api.closeEntries({ id: c.id });
            reload(t("contest.closing.saved"));
          }),
        text: t("contest.closing.run"),
      })
    : null;
  const publicValue = h("input", { name: "public-value", maxlength: maxLength("public_value") });
  const drawBody = c.public_source
    ? h(
        "div",
        {},
        h("p", { text: t("contest.draw.confirm", { n: page.eligible }) }),
        field(t("contest.draw.public_value", { source: c.public_source }), publicValue),
      )
    : h("p", { text: t("contest.draw.confirm", { n: page.eligible }) });
  const blockers = page.draw_blockers.map((b) =>
    h("li", {
      text: t(`draw_blocker.${b.blocker}`, {
        date: b.draw_on ? formatDate(b.draw_on, region()) : "",
        n: b.groups ?? "",
      }),
    }),
  );
  return h(
    "section",
    { id: "draw" },
    h("h2", { text: t("contest.draw") }),
    closing,
    blockers.length ? h("ul", { id: "draw-blockers" }, blockers) : null,
    close,
    h("button", {
      class: "primary",
      id: "draw-run",
      disabled: blockers.length > 0,
      onclick: () =>
        dialog(t("contest.draw.run"), drawBody, async () => {
          await api.drawContest({ id: c.id, public_value: publicValue.value });
          reload();
        }),
      text: t("contest.draw.run"),
    }),
  );
}

function winnersSection(page, reload) {
  if (!page.winners.length) return null;
  const out = h("p", { class: "note", role: "status" });
  const act = (fn) => async () => {
    try {
      await fn();
      reload();
    } catch (e) {
      out.textContent = errorText(e);
    }
  };
  const rows = page.winners.map((w) => {
    let skill;
    if (w.skill_correct === true) skill = t("contest.skill.right");
    else if (w.skill_correct === false) skill = t("contest.skill.wrong", { answer: w.skill_answer });
    else if (w.status === "selected" && page.contest.skill_question) {
      const answer = h("input", { name: "skill-answer", class: "narrow", "aria-label": t("contest.skill.answer") });
      skill = h(
        "span",
        {},
        answer,
        " ",
        h("button", {
          class: "small",
          "data-action": "skill",
          onclick: act(() => api.recordSkillAnswer({ winner_id: w.id, answer: answer.value })),
          text: t("contest.skill.save"),
        }),
      );
    }
    const canClaim = w.status === "selected" && (w.skill_correct === true || !page.contest.skill_question);
    const needsShipment = w.status === "claimed" && !w.shipment_id;
    return h(
      "tr",
      { "data-winner": w.id },
      h("td", { text: String(w.rank) }),
      h("td", { text: w.name || `#${w.entry_id ?? "—"}` }),
      h("td", { text: w.prize ?? "" }),
      h(
        "td",
        {},
        t(`winner_status.${w.status}`),
        h("br"),
        h("small", {
          class: "muted",
          text: w.entry_id && w.prize ? t(w.may_publish ? "contest.publish.yes" : "contest.publish.no") : "",
        }),
      ),
      h("td", {}, skill ?? ""),
      h(
        "td",
        {},
        canClaim
          ? h("button", {
              class: "small primary",
              "data-action": "claim",
              onclick: act(() => api.claimPrize({ winner_id: w.id, on: today() })),
              text: t("contest.claim"),
            })
          : null,
        needsShipment
          ? h("button", {
              class: "small",
              "data-action": "prepare",
              onclick: () => shipmentDialog(w, reload),
              text: t("contest.ship.prepare"),
            })
          : null,
      ),
    );
  });
  return h(
    "section",
    { id: "winners" },
    h("h2", { text: t("contest.winners") }),
    h("p", { class: "muted", text: t("contest.claim_deadline", { date: formatDate(page.claim_deadline, region()) }) }),
    table(
      "winners-table",
      ["rank", "name", "prize", "status", "skill"].map((k) => t(`contest.col.${k}`)).concat([""]),
      rows,
    ),
    out,
    h("button", {
      class: "small",
      id: "forfeit",
      onclick: act(() => api.forfeitUnclaimed({ contest_id: page.contest.id })),
      text: t("contest.forfeit"),
    }),
  );
}

async function shipmentDialog(w, reload) {
  const to = await api.winnerAddress({ winner_id: w.id });
  const inp = (name, value) => h("input", { name, value: value ?? "" });
  const f = {
    name: inp("ship-name", to.name),
    street: h("textarea", { name: "ship-street", rows: 2 }, to.address.street),
    city: inp("ship-city", to.address.city),
    region: inp("ship-region", to.address.region),
    postal: inp("ship-postal", to.address.postal_code),
    country: inp("ship-country", to.address.country),
  };
  dialog(
    t("contest.ship.address"),
    [
      field(t("contest.ship.name"), f.name),
      field(t("person.street"), f.street),
      h(
        "div",
        { class: "grid" },
        field(t("person.city"), f.city),
        field(t("person.region"), f.region),
        field(t("person.postal"), f.postal),
        field(t("person.country"), f.country),
      ),
    ],
    async () => {
      await api.prepareShipment({
        winner_id: w.id,
        input: {
          name: f.name.value,
          address: {
            street: f.street.value,
            city: f.city.value,
            region: f.region.value,
            postal_code: f.postal.value,
            country: f.country.value,
          },
        },
      });
      reload();
    },
  );
}

function shipmentsSection(page, reload, preview) {
  if (!page.shipments.length && !page.winners.length) return null;
  const out = h("p", { class: "note", role: "status", id: "shipments-status" });
  const rows = page.shipments.map((s) => {
    const carrier = h("input", {
      name: "carrier",
      value: s.carrier,
      class: "narrow",
      "aria-label": t("contest.ship.carrier"),
    });
    const tracking = h("input", { name: "tracking", value: s.tracking, "aria-label": t("contest.ship.tracking") });
    const move = (status) => async () => {
      try {
        await api.updateShipment({
          id: s.id,
          status,
          carrier: carrier.value,
          tracking: tracking.value,
          on: today(),
        });
        reload();
      } catch (e) {
        out.textContent = errorText(e);
      }
    };
    return h(
      "tr",
      { "data-shipment": s.id },
      h("td", { class: "label-lines", text: s.label.join("\n") }),
      h("td", { text: s.prize }),
      h("td", { text: t(`shipment_status.${s.status}`) }),
      h("td", {}, s.next.includes("shipped") ? [carrier, " ", tracking] : `${s.carrier} ${s.tracking}`),
      h(
        "td",
        {},
        s.next.map((n) => [
          h("button", { class: "small", "data-action": n, onclick: move(n), text: t(`contest.ship.${n}`) }),
          " ",
        ]),
      ),
    );
  });
  return h(
    "section",
    { id: "shipments" },
    h("h2", { text: t("contest.shipments") }),
    rows.length
      ? table(
          "shipments-table",
          [
            t("contest.ship.address"),
            t("contest.col.prize"),
            t("contest.col.status"),
            `${t("contest.ship.carrier")} / ${t("contest.ship.tracking")}`,
            "",
          ],
          rows,
        )
      : h("p", { class: "muted", text: t("contest.ship.none") }),
    out,
    labelsPart(page, preview, out),
    h(
      "div",
      { class: "actions start" },
      docButton("packing-save", page.contest.id, "packing_list", t("contest.packing"), out),
      docButton("shipments-csv", page.contest.id, "shipments_csv", t("contest.csv"), out),
    ),
  );
}

/// The sheet drawn as on paper (labels to print from the chosen position), and the print.
function labelsPart(page, preview, out) {
  const sheet = preview.sheet;
  if (!preview.labels.length) return h("p", { class: "muted", id: "labels-none", text: t("contest.labels.none") });
  const start = h("input", {
    type: "number",
    name: "label-start",
    id: "label-start",
    min: 1,
    max: sheet.columns * sheet.rows,
    value: 1,
    class: "narrow",
  });
  const ox = h("input", { type: "number", name: "offset-x", step: "0.5", value: 0, class: "narrow" });
  const oy = h("input", { type: "number", name: "offset-y", step: "0.5", value: 0, class: "narrow" });
  const scale = 2.2; // px per mm on screen
  const paper = h("div", {
    class: "sheet",
    id: "label-sheet",
    style: `width:${sheet.page[0] * scale}px;height:${sheet.page[1] * scale}px`,
  });
  const draw = () => {
    const first = Math.max(1, Number(start.value || 1)) - 1;
    paper.replaceChildren(
      ...Array.from({ length: sheet.columns * sheet.rows }, (_, i) => {
        const col = i % sheet.columns;
        const row = Math.floor(i / sheet.columns);
        const lines = i >= first ? preview.labels[i - first] : null;
        return h(
          "div",
          {
            class: lines ? "label filled" : "label",
            style: `left:${(sheet.left + col * sheet.pitch[0]) * scale}px;top:${(sheet.top + row * sheet.pitch[1]) * scale}px;width:${sheet.label[0] * scale}px;height:${sheet.label[1] * scale}px`,
          },
          lines ? h("span", { text: lines.join("\n") }) : null,
        );
      }),
    );
  };
  start.addEventListener("input", draw);
  draw();
  return h(
    "div",
    { id: "labels" },
    h("h3", { text: t("contest.labels") }),
    h("p", {}, t("contest.labels.sheet", { sheet: sheet.name }), " ", start),
    h("p", {}, t("contest.labels.offset"), " ", ox, " ", oy),
    paper,
    h(
      "div",
      { class: "actions start" },
      h("button", {
        class: "primary",
        id: "labels-print",
        onclick: async () => {
          try {
            const path = await api.saveLabels({
              contest_id: page.contest.id,
              start: Number(start.value || 1),
              offset_x: Number(ox.value || 0),
              offset_y: Number(oy.value || 0),
            });
            if (path) out.textContent = t("request.saved", { path: shownPath(path) });
          } catch (e) {
            out.textContent = errorText(e);
          }
        },
        text: t("contest.labels.print"),
      }),
    ),
  );
}

async function contestScreen(id, message) {
  let page, preview;
  try {
    [page, preview] = await Promise.all([api.contestPage({ id }), api.labelPreview({ contest_id: id })]);
  } catch (e) {
    main.replaceChildren(h("p", { class: "alert", role: "alert", text: errorText(e) }));
    return;
  }
  const reload = (msg) => show("contests.page", id, msg);
  const c = page.contest;
  const out = h("p", { class: "note", role: "status", id: "contest-saved", text: message || "" });
  main.replaceChildren(
    h(
      "article",
      { class: "card", id: "contest-page" },
      h("button", { class: "link", onclick: () => show("contests.list"), text: t("contest.back") }),
      h("h1", { id: "contest-title", text: c.name }),
      h(
        "p",
        { class: "muted" },
        `${formatDate(c.opens_on, region())} – ${formatDate(c.closes_on, region())} · ${t("contest.draw_on")} ${formatDate(c.draw_on, region())} · ${t(`one_per.${c.one_per}`)}`,
      ),
      c.commitment
        ? h("p", {
            class: "small",
            id: "contest-commitment",
            title: t("contest.commitment.help"),
            text: t("contest.commitment", { commitment: c.commitment }),
          })
        : null,
      c.counts
        ? h("p", { class: "note", id: "contest-counts", text: t("contest.counts", c.counts) })
        : h("p", {
            class: "muted",
            text: t("contest.purge_after", { date: formatDate(page.non_winners_kept_until, region()) }),
          }),
      h(
        "div",
        { class: "actions start" },
        docButton("rules-save", c.id, "rules", t("contest.rules.pdf"), out),
        page.closing ? docButton("closing-save", c.id, "closing_statement", t("contest.closing.pdf"), out) : null,
        page.draw ? docButton("report-save", c.id, "draw_report", t("contest.report.pdf"), out) : null,
      ),
      out,
      h(
        "details",
        { id: "contest-rules" },
        h("summary", { text: t("contest.rules") }),
        h("p", { class: "pre", text: lang() === "fr" ? page.rules_fr : page.rules_en }),
      ),
      entriesSection(page, reload),
      drawSection(page, reload),
      winnersSection(page, reload),
      shipmentsSection(page, reload, preview),
    ),
  );
}

screen("contests.page", contestScreen);
