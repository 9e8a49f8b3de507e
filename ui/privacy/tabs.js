// The privacy screens' tab bar (retention, processing register, incidents).
import { t } from "../i18n.js";
import { h } from "../dom.js";
import { show, part, state } from "../state.js";

const TABS = [
  ["retention", "privacy.retention"],
  ["processing", "privacy.processing"],
  ["incidents", "incidents.list"],
];

// The incident register is the person in charge's: office staff do not get its tab (the
// domain refuses it to them anyway).
const shown = () =>
  TABS.filter(([k]) => k !== "incidents" || (state.status?.session?.permissions || []).includes("incidents"));

export function tabs(current) {
  return h(
    "nav",
    { class: "tabs", "aria-label": t("nav.privacy") },
    shown().map(([k, screenName]) =>
      h("button", {
        class: k === current ? "tab current" : "tab",
        id: `tab-${k}`,
        "aria-current": k === current ? "page" : null,
        onclick: () => show(screenName),
        text: t(`privacy.tab.${k}`),
      }),
    ),
  );
}

part("privacy.tabs", tabs);
