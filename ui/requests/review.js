// An access package's review before release: every item of the report that may concern
// someone else flagged first, a mask with its ground, and the approval. The domain decides
// what is flagged, which grounds exist and whether the letter may go out; this panel shows
// it and enables the save button only once the package is approved as it stands.
import { api } from "../api.js";
import { t, errorText, formatDate } from "../i18n.js";
import { h, headRow } from "../dom.js";
import { region } from "../state.js";

/// The panel for request `id`; `onRelease(released)` tells the letters whether they may
/// be saved.
export function reviewPanel(id, onRelease) {
  const box = h("section", { class: "review", id: "access-review", "aria-labelledby": "review-title" });
  const draw = (review) => {
    const released = Boolean(review.approval?.current);
    onRelease(released);
    const rows = review.items.map((item) => {
      const flags = [];
      if (item.others.length) flags.push(t("review.flag.names", { names: item.others.join(", ") }));
      if (item.staff_text) flags.push(t("review.flag.staff_text"));
      let decision;
      if (item.mask) {
        decision = h(
          "span",
          { class: "actions tight" },
          h("span", { class: "badge masked", text: t("review.masked", { ground: t(`review.ground.${item.mask}`) }) }),
          h("button", {
            class: "small",
            id: `review-unmask-${item.key}`,
            onclick: () => act(() => api.unmaskAccessItem({ id, item: item.key })),
            text: t("review.unmask"),
          }),
        );
      } else {
        const ground = h(
          "select",
          { "aria-label": t("review.ground"), id: `review-ground-${item.key}` },
          review.grounds.map((g) => h("option", { value: g, text: t(`review.ground.${g}`) })),
        );
        decision = h(
          "span",
          { class: "actions tight" },
          ground,
          h("button", {
            class: "small",
            id: `review-mask-${item.key}`,
            onclick: () => act(() => api.maskAccessItem({ id, item: item.key, ground: ground.value })),
            text: t("review.mask"),
          }),
        );
      }
      return h(
        "tr",
        { class: item.others.length || item.staff_text ? "flagged" : "" },
        h("td", { text: t(`review.item.${item.section}.${item.field}`) }),
        h("td", { class: item.mask ? "struck" : "", text: item.text }),
        h("td", { text: flags.join(" · ") || "—" }),
        h("td", {}, decision),
      );
    });
    const a = review.approval;
    const status = a
      ? a.current
        ? t("review.approved", { by: a.by, on: formatDate(a.at, region(), true), n: a.withheld })
        : t("review.changed", { by: a.by })
      : t("review.not_approved");
    box.replaceChildren(
      h("h3", { id: "review-title", text: t("review.title") }),
      h("p", { class: "muted", text: t("review.intro") }),
      review.items.length
        ? h(
            "table",
            { class: "table", id: "review-items" },
            headRow([t("review.col.item"), t("review.col.text"), t("review.col.flags"), t("review.col.decision")]),
            h("tbody", {}, rows),
          )
        : h("p", { class: "muted", text: t("review.nothing") }),
      h("p", { role: "status", id: "review-status", class: released ? "note" : "warn", text: status }),
      released
        ? null
        : h(
            "div",
            { class: "actions" },
            h("button", {
              class: "primary",
              id: "review-approve",
              onclick: () => act(() => api.approveAccessPackage({ id })),
              text: review.approval_needs_person_in_charge ? t("review.approve.masked") : t("review.approve"),
            }),
          ),
      error,
    );
  };
  const error = h("p", { class: "alert", role: "alert", id: "review-error", hidden: true });
  const load = async () => draw(await api.accessReview({ id }));
  const act = async (change) => {
    error.hidden = true;
    try {
      await change();
      await load();
    } catch (e) {
      error.textContent = e?.code === "not_permitted" ? t("review.not_permitted") : errorText(e);
      error.hidden = false;
    }
  };
  load().catch((e) => {
    box.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
  });
  return box;
}
