// Backups as other screens show them: the settings' section (folder, rotation, a backup
// now, the backups in the folder), the dashboard's warning, and the restore dialog the
// first screen offers on a new computer.
import { api } from "../api.js";
import { t, lang, formatDate, formatNumber, errorText } from "../i18n.js";
import { h, field, alertBox, showError, dialog } from "../dom.js";
import { state, region, part, show, home, numberLimits } from "../state.js";

const may = (permission) => (state.status?.session?.permissions || []).includes(permission);

const size = (bytes) => `${formatNumber(Math.max(1, Math.round(bytes / 1024)), region())} Ko`;
const when = (time) =>
  `${formatDate(time, region())} ${new Date(time).toLocaleTimeString(`${lang()}-${region() || "CA"}`, { hour: "2-digit", minute: "2-digit" })}`;

function settingsSection() {
  const box = h(
    "section",
    { id: "backup-section" },
    h("h2", { text: t("backup.title") }),
    h("p", { class: "muted", text: t("backup.help") }),
  );
  const out = h("p", { class: "note", role: "status", id: "backup-out" });
  const body = h("div", {});
  const draw = async () => {
    let s;
    try {
      s = await api.backupStatus();
    } catch (e) {
      body.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
      return;
    }
    const folder = s.settings.folder;
    const daily = h("input", {
      type: "number",
      name: "keep-daily",
      ...numberLimits("keep_daily"),
      value: s.settings.keep_daily,
    });
    const monthly = h("input", {
      type: "number",
      name: "keep-monthly",
      ...numberLimits("keep_monthly"),
      value: s.settings.keep_monthly,
    });
    const erased = h("input", {
      type: "number",
      name: "erased-days",
      ...numberLimits("erased_days"),
      value: s.settings.erased_days,
    });
    body.replaceChildren(
      h(
        "div",
        {},
        h("p", {
          id: "backup-folder",
          class: s.folder_missing ? "warn banner" : "",
          text: folder
            ? s.folder_missing
              ? t("backup.folder.missing", { folder })
              : t("backup.folder", { folder })
            : state.status?.service
              ? t("backup.folder.none.service")
              : t("backup.folder.none"),
        }),
        h("p", { id: "backup-last", text: s.last ? t("backup.last", { date: when(s.last) }) : t("backup.last.never") }),
        s.auto_error
          ? h("p", { class: "alert", text: t("backup.auto_failed", { reason: errorText({ code: s.auto_error }) }) })
          : null,
        h(
          "div",
          { class: "actions start" },
          // On the office's service the folder is on the service's computer, given to it
          // there; this PC's dialog could only name a folder of its own.
          state.status?.service
            ? null
            : h("button", {
                id: "backup-folder-choose",
                onclick: async () => {
                  try {
                    if (await api.chooseBackupFolder()) draw();
                  } catch (e) {
                    out.textContent = errorText(e);
                  }
                },
                text: t("backup.folder.choose"),
              }),
          folder
            ? h("button", {
                class: "primary",
                id: "backup-now",
                onclick: async (ev) => {
                  ev.target.disabled = true;
                  out.textContent = t("backup.running");
                  try {
                    const r = await api.backupNow();
                    out.textContent = t("backup.done", {
                      file: r.info.file,
                      people: r.info.people_in_register,
                      kept: r.rotation.kept,
                      removed: r.rotation.removed.length,
                    });
                    draw();
                  } catch (e) {
                    out.textContent = errorText(e);
                    ev.target.disabled = false;
                  }
                },
                text: t("backup.now"),
              })
            : null,
        ),
        s.backups.length
          ? h(
              "div",
              {},
              h("h3", { text: t("backup.list") }),
              h(
                "ul",
                { class: "plain", id: "backup-list" },
                s.backups.map((b, i) =>
                  h(
                    "li",
                    {},
                    t("backup.row", { date: when(b.taken_at), size: size(b.bytes) }),
                    // On the office's service, the person in charge restores one of its
                    // backups from here (on one PC, from the first screen).
                    state.status?.service && may("restore")
                      ? [
                          " ",
                          h("button", {
                            class: "small",
                            id: `backup-restore-${i}`,
                            onclick: () => serviceRestoreDialog(b),
                            text: t("restore.service.open"),
                          }),
                        ]
                      : null,
                  ),
                ),
              ),
            )
          : null,
        s.copies.length
          ? h(
              "div",
              { id: "backup-copies" },
              h("h3", { text: t("backup.copies") }),
              h("p", { class: "muted", text: t("backup.copies.help") }),
              h(
                "ul",
                { class: "plain" },
                s.copies.map((c) =>
                  h("li", {
                    text: t(`backup.copy.${c.kind}`, {
                      date: c.modified ? when(c.modified) : "—",
                      size: size(c.bytes),
                      name: c.file.split(/[\\/]/).pop(),
                    }),
                  }),
                ),
              ),
            )
          : null,
        h(
          "div",
          { class: "grid" },
          field(t("backup.keep_daily"), daily),
          field(t("backup.keep_monthly"), monthly),
          field(t("backup.erased_days"), erased),
        ),
        h(
          "div",
          { class: "actions start" },
          h("button", {
            id: "backup-rotation-save",
            onclick: async () => {
              try {
                await api.setBackupRotation({
                  keep_daily: Number(daily.value),
                  keep_monthly: Number(monthly.value),
                  erased_days: Number(erased.value),
                });
                out.textContent = t("backup.rotation.saved");
              } catch (e) {
                out.textContent = errorText(e);
              }
            },
            text: t("backup.rotation.save"),
          }),
        ),
      ),
    );
  };
  box.append(body, out);
  draw();
  return box;
}

function banner() {
  const box = h("div", { id: "backup-banner" });
  api
    .backupStatus()
    .then((s) => {
      const text = !s.settings.folder ? t("backup.banner.none") : s.due ? t("backup.banner.due") : null;
      if (text)
        box.replaceChildren(
          h(
            "p",
            { class: "warn banner" },
            text,
            " ",
            h("button", { class: "link", onclick: () => show("settings"), text: t("backup.banner.open") }),
          ),
        );
    })
    .catch(() => {});
  return box;
}

/// What a restore did, as its dialog shows it once done (here or at the office's service).
function restoredView(done, next) {
  const replayed = done.withdrawals_replayed.filter((w) => !w.refused).length;
  const refused = done.withdrawals_replayed.length - replayed;
  return h(
    "div",
    {},
    h("h2", { text: t("restore.title") }),
    h("p", { class: "note", id: "restore-done", role: "status", text: t("restore.done") }),
    done.erasures_reapplied
      ? h("p", {
          class: "note",
          id: "restore-reapplied",
          text: t("restore.reapplied", { n: done.erasures_reapplied }),
        })
      : null,
    replayed ? h("p", { class: "note", id: "restore-replayed", text: t("restore.replayed", { n: replayed }) }) : null,
    refused
      ? h("p", { class: "warn banner", id: "restore-refused", text: t("restore.not_replayed", { n: refused }) })
      : null,
    done.suppressions_restored
      ? h("p", { class: "note", text: t("restore.suppressions", { n: done.suppressions_restored }) })
      : null,
    done.closed_again.accounts + done.closed_again.devices
      ? h("p", {
          class: "note",
          id: "restore-closed",
          text: t("restore.closed", {
            accounts: done.closed_again.accounts,
            devices: done.closed_again.devices,
          }),
        })
      : null,
    done.closed_again.last_person_in_charge_kept
      ? h("p", { class: "warn banner", text: t("restore.last_in_charge") })
      : null,
    done.set_aside.length ? h("p", { class: "muted", text: t("restore.aside", { path: done.set_aside[0] }) }) : null,
    h("div", { class: "actions" }, next),
  );
}

/// At the office's service: one of its backups restored there, with the recovery key.
/// What was decided since is done again; every session ends, this PC's too.
function serviceRestoreDialog(backup) {
  const key = h("input", {
    name: "restore-key",
    id: "restore-service-key",
    autocomplete: "off",
    spellcheck: "false",
    class: "mono",
    required: true,
  });
  const allow = { without_journal: false, other_register: false };
  const acknowledge = h("div", { id: "restore-acknowledge" });
  const dlg = dialog(
    t("restore.service.title", { date: when(backup.taken_at) }),
    h(
      "div",
      {},
      h("p", { class: "muted", text: t("restore.service.help") }),
      field(t("restore.key"), key),
      acknowledge,
    ),
    async () => {
      let done;
      try {
        done = await api.restoreBackup({ recovery_key: key.value, staff: "", allow, file: backup.file });
      } catch (e) {
        const ask = {
          journal_missing: ["without_journal", t("restore.ask.journal")],
          other_register: [
            "other_register",
            t("restore.ask.other", { organisation: e?.detail?.backup_organisation || "" }),
          ],
        }[e?.code];
        // What only the person in charge may acknowledge: said, and a second click
        // restores anyway (the acknowledgement is recorded at the service).
        if (ask && !allow[ask[0]]) {
          allow[ask[0]] = true;
          acknowledge.replaceChildren(
            h("p", { class: "warn banner", text: ask[1] }),
            h("p", { class: "muted", text: t("restore.service.again") }),
          );
        }
        throw e;
      }
      const next = h("button", {
        class: "primary",
        id: "restore-continue",
        // Signed out with the restore: the window starts again on the sign-in.
        onclick: () => location.reload(),
        text: t("restore.service.signin"),
      });
      const shown = h("dialog", { class: "card" }, restoredView(done, next));
      document.body.append(shown);
      shown.showModal();
      next.focus();
    },
    t("restore.service.go"),
  );
  return dlg;
}

/// The restore: choose the backup, type the recovery key, see what it holds, restore.
function restoreButton() {
  return h("button", { id: "restore-open", onclick: () => restoreDialog(), text: t("restore.open") });
}

function restoreDialog() {
  const box = alertBox();
  box.hidden = true;
  const name = h("p", { id: "restore-file", class: "muted" });
  const key = h("input", { name: "restore-key", autocomplete: "off", spellcheck: "false", class: "mono" });
  const staff = h("input", { name: "restore-staff", value: localStorage.getItem("carnet.staff") || "" });
  const info = h("p", { id: "restore-info", role: "status" });
  const go = h("button", {
    class: "primary",
    id: "restore-go",
    disabled: true,
    onclick: async () => {
      box.hidden = true;
      try {
        const done = await api.restoreBackup({ recovery_key: key.value, staff: staff.value, allow });
        localStorage.setItem("carnet.staff", staff.value);
        state.status = await api.appStatus();
        const next = h("button", {
          class: "primary",
          id: "restore-continue",
          onclick: () => {
            dlg.close();
            dlg.remove();
            home();
          },
          text: t("restore.continue"),
        });
        dlg.replaceChildren(restoredView(done, next));
        next.focus();
      } catch (e) {
        // What only the person in charge may acknowledge is explained, with a button that
        // restores anyway (the acknowledgement is recorded).
        const ask = {
          journal_missing: ["without_journal", t("restore.ask.journal")],
          other_register: [
            "other_register",
            t("restore.ask.other", { organisation: e?.detail?.backup_organisation || "" }),
          ],
        }[e?.code];
        if (ask && !allow[ask[0]]) {
          acknowledge.replaceChildren(
            h("p", { class: "warn banner", text: ask[1] }),
            h("button", {
              class: "danger",
              id: "restore-anyway",
              onclick: () => {
                allow[ask[0]] = true;
                acknowledge.replaceChildren();
                go.click();
              },
              text: t("restore.anyway"),
            }),
          );
        } else showError(box, e);
      }
    },
    text: t("restore.go"),
  });
  const allow = { without_journal: false, other_register: false };
  const acknowledge = h("div", { id: "restore-acknowledge" });
  const check = h("button", {
    id: "restore-check",
    onclick: async () => {
      box.hidden = true;
      try {
        const r = await api.inspectBackup({ recovery_key: key.value });
        info.textContent = t("restore.info", {
          organisation: r.organisation,
          date: r.taken_at ? when(r.taken_at) : "—",
          people: formatNumber(r.people_in_register, region()),
          events: formatNumber(r.counts.consent_events, region()),
          requests: formatNumber(r.counts.requests, region()),
        });
        go.disabled = false;
      } catch (e) {
        showError(box, e);
        go.disabled = true;
      }
    },
    text: t("restore.check"),
  });
  const dlg = h(
    "dialog",
    { class: "card", "aria-label": t("restore.title") },
    h("h2", { text: t("restore.title") }),
    h("p", { class: "muted", text: t("restore.help") }),
    h(
      "div",
      { class: "actions start" },
      h("button", {
        id: "restore-choose",
        onclick: async () => {
          try {
            const n = await api.chooseBackupFile();
            if (n) name.textContent = t("restore.file", { name: n });
          } catch (e) {
            showError(box, e);
          }
        },
        text: t("restore.choose"),
      }),
    ),
    name,
    field(t("restore.key"), key),
    field(t("restore.staff"), staff),
    info,
    box,
    acknowledge,
    h(
      "div",
      { class: "actions" },
      h("button", {
        onclick: () => {
          dlg.close();
          dlg.remove();
        },
        text: t("common.cancel"),
      }),
      check,
      go,
    ),
  );
  document.body.append(dlg);
  dlg.showModal();
}

part("backup.settings", settingsSection);
part("backup.banner", banner);
part("backup.restore", restoreButton);
