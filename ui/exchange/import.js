// The import wizard: the file chosen with the system's dialog, how it was read, the
// columns mapped (guessed from the headers, adjustable) with the first values beside
// them, an ambiguous date column asked about, every line's problem with its number,
// people perhaps already registered held for a decision, then the import itself with a
// progress bar and a cancel button. The backend decides everything; this screen shows it.
import { api, progressChannel } from "../api.js";
import { t, errorText, formatNumber } from "../i18n.js";
import { h, field, select, alertBox, showError, table } from "../dom.js";
import { main, state, region, today, screen, show } from "../state.js";

function importScreen() {
  const how = {
    mapping: [],
    date_order: null,
    channel: "paper_form",
    collected_on: null,
    members: false,
    decisions: {},
  };
  const box = alertBox();
  box.hidden = true;
  const fileName = h("p", { id: "import-file", class: "muted" });
  const report = h("div", { id: "import-report" });
  const channel = select("import-channel", state.vocab.channels, (c) => t(`channel.${c}`), how.channel);
  const collected = h("input", { type: "date", name: "import-collected", value: today() });
  const members = h("input", { type: "checkbox", name: "import-members", id: "import-members" });
  const readOptions = () => {
    how.channel = channel.value;
    how.collected_on = collected.value || null;
    how.members = members.checked;
  };
  const check = async () => {
    if (!collected.checkValidity()) {
      box.textContent = collected.validationMessage;
      box.hidden = false;
      return;
    }
    readOptions();
    box.hidden = true;
    try {
      draw(await api.checkPeopleImport({ how }));
    } catch (e) {
      showError(box, e);
    }
  };
  for (const el of [channel, collected, members]) el.addEventListener("change", check);

  const draw = (r) => {
    how.mapping = r.mapping;
    const sep = r.separator === "\t" ? t("import.separator.tab") : r.separator;
    const targets = [null, ...state.vocab.import_targets];
    const mappingRows = r.headers.map((header, i) => {
      const sel = h(
        "select",
        {
          name: `map-${i}`,
          "aria-label": `${t("import.col.target")} — ${header}`,
          onchange: () => {
            how.mapping[i] = sel.value || null;
            check();
          },
        },
        targets.map((v) =>
          h("option", {
            value: v || "",
            selected: (r.mapping[i] || null) === v,
            text: v ? t(`import_target.${v}`) : t("import_target.none"),
          }),
        ),
      );
      return h(
        "tr",
        {},
        h("th", { scope: "row", text: header }),
        h("td", {}, sel),
        h("td", {
          class: "muted",
          text: r.preview
            .map((row) => row[i] || "")
            .filter(Boolean)
            .slice(0, 3)
            .join(" · "),
        }),
      );
    });
    const ask = r.ask_date_order.map((i) => {
      const sel = select(
        "date-order",
        ["", ...state.vocab.date_orders],
        (o) => (o ? t(`date_order.${o}`) : t("import.date_order.choose")),
        how.date_order || "",
      );
      sel.id = "date-order";
      sel.addEventListener("change", () => {
        how.date_order = sel.value || null;
        check();
      });
      return h("div", { class: "warn banner" }, field(t("import.date_order", { header: r.headers[i] }), sel));
    });
    const count = (n, key, cls) =>
      h(
        "div",
        { class: `stat ${n ? cls : ""}` },
        h("strong", { text: formatNumber(n, region()) }),
        h("span", { text: t(`import.count.${key}`) }),
      );
    const reason = (p) =>
      t(`reason.${p.reason}`) === `reason.${p.reason}` ? t(`field.${p.field}`) : t(`reason.${p.reason}`);
    const problems = r.problems.length
      ? h(
          "section",
          { id: "import-problems" },
          h("h2", { text: t("import.problems") }),
          h(
            "ul",
            { class: "plain" },
            r.problems.map((p) =>
              h("li", {
                class: "problem",
                "data-line": p.line,
                text: t("import.problem", { line: p.line, field: t(`field.${p.field}`), reason: reason(p) }),
              }),
            ),
          ),
        )
      : null;
    const dups = r.attention.filter((l) => l.existing);
    const duplicates = dups.length
      ? h(
          "section",
          { id: "import-duplicates" },
          h("h2", { text: t("import.duplicates") }),
          h(
            "ul",
            { class: "plain" },
            dups.map((l) => {
              const sel = select(
                `decide-${l.line}`,
                state.vocab.duplicate_choices,
                (c) => t(`duplicate.${c}`),
                how.decisions[l.line] || "skip",
              );
              sel.addEventListener("change", () => {
                how.decisions[l.line] = sel.value;
                check();
              });
              return h(
                "li",
                { class: "row" },
                h("span", {
                  text: t("import.duplicate.line", {
                    line: l.line,
                    name: l.name,
                    existing: l.existing_name,
                    on: t(`import.matched.${l.matched_on}`),
                  }),
                }),
                sel,
              );
            }),
          ),
        )
      : null;
    const ready = r.problems.length === 0 && r.ask_date_order.length === 0;
    const go = h("button", {
      class: "primary",
      id: "import-go",
      disabled: !ready || r.created + r.updated === 0,
      onclick: () => run(go),
      text: t("import.go"),
    });
    report.replaceChildren(
      h(
        "div",
        {},
        h("p", {
          id: "import-read",
          text: t("import.read", {
            encoding: t(`import.encoding.${r.encoding}`),
            separator: sep,
            n: formatNumber(r.lines, region()),
          }),
        }),
        h("h2", { text: t("import.columns") }),
        table(
          "import-mapping",
          ["header", "target", "sample"].map((k) => t(`import.col.${k}`)),
          mappingRows,
        ),
        ask,
        h("h2", { text: t("import.summary") }),
        h(
          "div",
          { class: "stats", id: "import-counts" },
          count(r.created, "created", ""),
          count(r.updated, "updated", ""),
          count(r.unchanged, "unchanged", ""),
          count(r.duplicates, "duplicates", "soon"),
          count(r.skipped, "skipped", ""),
          count(r.invalid, "invalid", "overdue"),
        ),
        problems,
        duplicates,
        h("p", {
          class: ready ? "note" : "warn banner",
          id: "import-verdict",
          text: ready ? t("import.ready", { created: r.created, updated: r.updated }) : t("import.not_ready"),
        }),
        h(
          "div",
          { class: "actions" },
          h("button", { id: "import-recheck", onclick: check, text: t("import.recheck") }),
          go,
        ),
      ),
    );
  };

  const run = async (go) => {
    go.disabled = true;
    const bar = h("progress", { id: "import-progress", max: 1, value: 0 });
    const label = h("span", { role: "status" });
    const cancel = h("button", {
      id: "import-cancel",
      onclick: () => api.cancelImport(),
      text: t("import.cancel"),
    });
    report.append(h("div", { class: "progress" }, bar, label, cancel));
    // The backend pushes where it is (every 500 lines) through a channel.
    const onProgress = progressChannel((p) => {
      if (p.total) {
        bar.max = p.total;
        bar.value = p.done;
        label.textContent = t("import.running", {
          done: formatNumber(p.done, region()),
          total: formatNumber(p.total, region()),
        });
      }
    });
    try {
      const done = await api.importPeople({ how, on_progress: onProgress });
      report.replaceChildren(
        h("p", {
          class: "note",
          id: "import-done",
          role: "status",
          text: t("import.done", { created: done.created, updated: done.updated }),
        }),
        h("button", { class: "primary", onclick: () => show("people.list"), text: t("import.to_people") }),
      );
    } catch (e) {
      report.replaceChildren(
        h("p", {
          class: "alert",
          role: "alert",
          id: "import-failed",
          text: e?.code === "cancelled" ? t("import.cancelled") : errorText(e),
        }),
        h("button", { onclick: check, text: t("import.recheck") }),
      );
    }
  };

  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "import" },
      h("button", { class: "link", onclick: () => show("people.list"), text: t("person.back") }),
      h("h1", { text: t("import.title") }),
      h("p", { class: "muted", text: t("import.intro") }),
      h(
        "div",
        { class: "grid" },
        field(t("import.channel"), channel),
        field(t("import.collected_on"), collected),
        h("label", { class: "check" }, members, " ", t("import.members")),
      ),
      h(
        "div",
        { class: "actions start" },
        h("button", {
          class: "primary",
          id: "import-choose",
          onclick: async () => {
            try {
              const name = await api.chooseImportFile();
              if (!name) return;
              fileName.textContent = t("import.file", { name });
              how.mapping = [];
              how.decisions = {};
              how.date_order = null;
              await check();
            } catch (e) {
              showError(box, e);
            }
          },
          text: t("import.choose"),
        }),
      ),
      fileName,
      box,
      report,
    ),
  );
}

screen("exchange.import", importScreen);
