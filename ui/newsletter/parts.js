// What other screens show of newsletters: the dashboard's banner (unsubscribes to carry
// out, implied consents ending) and a person's subscriptions with subscribe/unsubscribe.
import { api } from "../api.js";
import { t, formatDate, errorText } from "../i18n.js";
import { h, field, select, dialog } from "../dom.js";
import { state, region, today, part, show, maxLength } from "../state.js";

function banner() {
  const box = h("div", { id: "newsletter-banner" });
  api
    .newsletterOverview()
    .then((o) => {
      const s = o.summary;
      const lines = [];
      if (s.overdue_unsubscribes) lines.push(t("newsletter.banner.overdue", { n: s.overdue_unsubscribes }));
      else if (s.pending_unsubscribes)
        lines.push(t("newsletter.banner.pending", { n: s.pending_unsubscribes, days: s.next_due_days }));
      if (s.implied_expiring) lines.push(t("newsletter.banner.expiring", { n: s.implied_expiring }));
      box.replaceChildren(
        ...lines.map((text) =>
          h(
            "p",
            { class: "warn banner" },
            text,
            " ",
            h("button", { class: "link", onclick: () => show("newsletter.list"), text: t("newsletter.open") }),
          ),
        ),
      );
    })
    .catch(() => {});
  return box;
}

/// When a person subscribed: today means now, another day its local noon.
const momentOf = (day) => (day === today() ? new Date() : new Date(`${day}T12:00`)).toISOString();

function subscribeDialog(personId, lists, redraw) {
  const list = select(
    "sub-list",
    lists.map((l) => String(l.id)),
    (id) => lists.find((l) => String(l.id) === id).name,
    String(lists[0].id),
  );
  const kind = select(
    "sub-kind",
    state.vocab.consent_kinds,
    (k) => t(`consent_kind.${k}`),
    state.vocab.consent_kinds[0],
  );
  const source = select(
    "sub-source",
    state.vocab.implied_sources,
    (s) => t(`implied_source.${s}`),
    state.vocab.implied_sources[0],
  );
  const sourceOn = h("input", { type: "date", name: "sub-source-on", value: today() });
  const channel = select("sub-channel", state.vocab.channels, (c) => t(`channel.${c}`), "paper_form");
  const evidence = h("input", { name: "sub-evidence", maxlength: maxLength("evidence") });
  const at = h("input", { type: "date", name: "sub-at", value: today() });
  const confirmed = h("input", { type: "date", name: "sub-confirmed" });
  const implied = h(
    "div",
    { class: "grid" },
    field(t("newsletter.sub.source"), source),
    field(t("newsletter.sub.source_on"), sourceOn),
  );
  const sync = () => {
    implied.hidden = kind.value !== "implied";
  };
  kind.addEventListener("change", sync);
  dialog(
    t("newsletter.subscribe"),
    h(
      "div",
      {},
      field(t("newsletter.sub.list"), list),
      field(t("newsletter.sub.kind"), kind),
      implied,
      h(
        "div",
        { class: "grid" },
        field(t("newsletter.sub.channel"), channel),
        field(t("newsletter.sub.at"), at),
        field(t("newsletter.sub.confirmed"), confirmed),
      ),
      field(t("newsletter.sub.evidence"), evidence),
    ),
    async () => {
      const isImplied = kind.value === "implied";
      await api.subscribe({
        input: {
          person_id: personId,
          list_id: Number(list.value),
          kind: kind.value,
          implied_source: isImplied ? source.value : null,
          source_on: isImplied ? sourceOn.value : null,
          channel: channel.value,
          evidence: evidence.value,
          occurred_at: momentOf(at.value),
          confirmed_at: confirmed.value ? momentOf(confirmed.value) : null,
        },
      });
      redraw();
    },
  );
  sync();
}

function ofPerson(page, redraw) {
  const box = h("section", { id: "person-newsletters" }, h("h2", { text: t("newsletter.person.title") }));
  Promise.all([api.subscriptionsOf({ person_id: page.person.id }), api.newsletterOverview()])
    .then(([subs, o]) => {
      const rows = subs.map((s) =>
        h(
          "li",
          { class: "row" },
          h("span", {
            text: s.granted
              ? t("newsletter.person.row", {
                  list: s.list_name,
                  kind: t(`consent_kind.${s.kind}`),
                  since: formatDate(s.since, region()),
                }) + (s.expires_on ? t("newsletter.person.ends", { date: formatDate(s.expires_on, region()) }) : "")
              : t("newsletter.person.out", { list: s.list_name, since: formatDate(s.since, region()) }),
          }),
          s.granted
            ? h("button", {
                class: "small",
                "data-list": s.list_id,
                onclick: async () => {
                  try {
                    await api.unsubscribe({
                      person_id: page.person.id,
                      list_id: s.list_id,
                      channel: "in_person",
                      evidence: "",
                    });
                    redraw();
                  } catch (e) {
                    box.append(h("p", { class: "alert", text: errorText(e) }));
                  }
                },
                text: t("newsletter.unsubscribe"),
              })
            : null,
        ),
      );
      box.append(
        rows.length ? h("ul", { class: "plain" }, rows) : h("p", { class: "muted", text: t("newsletter.person.none") }),
        o.lists.length
          ? h("button", {
              class: "small",
              id: "person-subscribe",
              onclick: () => subscribeDialog(page.person.id, o.lists, redraw),
              text: t("newsletter.subscribe"),
            })
          : null,
      );
    })
    .catch((e) => box.append(h("p", { class: "alert", text: errorText(e) })));
  return box;
}

part("newsletter.banner", banner);
part("newsletter.person", ofPerson);
