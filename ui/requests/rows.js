// How a request row reads: days left (or its outcome once closed) and its urgency class,
// both as the backend decided them.
import { t } from "../i18n.js";

export function daysLeftText(r) {
  if (r.days_left === null || r.days_left === undefined) return t(`rstatus.${r.status}`);
  if (r.days_left < 0) return t("requests.overdue", { n: -r.days_left });
  if (r.days_left === 0) return t("requests.today");
  return r.days_left === 1 ? t("requests.left.one") : t("requests.left", { n: r.days_left });
}
/// The row's "soon" or "overdue" class, as the shell classed it.
export const urgency = (r) => r.urgency ?? "";
