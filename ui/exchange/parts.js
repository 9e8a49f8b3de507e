// The "Export (Excel)" button any list shows: the list as a spreadsheet for French
// Excel, optionally pseudonymised, saved where the user chooses.
import { api } from "../api.js";
import { t, errorText, shownPath } from "../i18n.js";
import { h } from "../dom.js";
import { part } from "../state.js";

function exportButton(list, scope = null) {
  const pseudo = h("input", { type: "checkbox", name: `pseudo-${list}` });
  const out = h("span", { class: "note", role: "status" });
  return h(
    "span",
    { class: "export", "data-list": list },
    h("button", {
      id: `export-${list}`,
      onclick: async () => {
        try {
          const path = await api.saveListCsv({ list, scope, pseudonymise: pseudo.checked });
          if (path) out.textContent = t("export.saved", { path: shownPath(path) });
        } catch (e) {
          out.textContent = errorText(e);
        }
      },
      text: `${t("export.button")} — ${t(`export_list.${list}`)}`,
    }),
    h("label", { class: "check small" }, pseudo, " ", t("export.pseudonymise")),
    out,
  );
}

part("exchange.export", exportButton);
