// Opening the register: with the keyring (tried first), the passphrase or the recovery key.
// The unlock runs off the window's thread; a recovery-key unlock says what it repaired.
import { api } from "../api.js";
import { t, errorText } from "../i18n.js";
import { h, field, alertBox, showError } from "../dom.js";
import { main, state, screen, show, home, maxLength, use } from "../state.js";

function unlockScreen(firstError) {
  const box = alertBox();
  box.hidden = !firstError;
  if (firstError) box.textContent = errorText(firstError);
  const staff = h("input", {
    name: "staff",
    value: localStorage.getItem("carnet.staff") || "",
    autocomplete: "name",
    maxlength: maxLength("staff"),
  });
  const opened = async () => {
    localStorage.setItem("carnet.staff", staff.value.trim());
    await api.setStaff({ name: staff.value.trim() });
    state.status = await api.appStatus();
    home();
  };
  const pass = h("input", { type: "password", name: "passphrase", autocomplete: "current-password" });
  // The passphrase takes about a second to check (Argon2id, off the window's thread):
  // the button says so meanwhile.
  const busy = async (button, work) => {
    button.disabled = true;
    button.textContent = t("unlock.opening");
    try {
      await work();
    } finally {
      button.disabled = false;
      button.textContent = t("unlock.open");
    }
  };
  const passButton = h("button", { class: "primary", type: "submit", id: "unlock-open", text: t("unlock.open") });
  const passForm = state.status.unlock_passphrase
    ? h(
        "form",
        {
          onsubmit: (ev) => {
            ev.preventDefault();
            busy(passButton, async () => {
              try {
                await api.unlockPassphrase({ passphrase: pass.value });
                await opened();
              } catch (e) {
                showError(box, e);
                pass.select();
              }
            });
          },
        },
        field(t("unlock.passphrase"), pass),
        h("div", { class: "actions" }, passButton),
      )
    : null;
  const damaged = state.status.key_file_damaged;
  // A register with staff accounts: each colleague picks their own (no typed name); the
  // register's key is not put in the keyring (each account has its own entry).
  const accounts = state.status.accounts.length && !damaged;
  const rk = h("input", { name: "recovery-key", autocomplete: "off", spellcheck: "false", class: "mono" });
  const remember = h("input", {
    type: "checkbox",
    checked: state.status.keyring_available && !accounts,
    disabled: !state.status.keyring_available || accounts,
  });
  const rkForm = h(
    "form",
    {
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          const recovered = await api.unlockRecovery({ recovery_key: rk.value, remember: remember.checked });
          if (recovered.key_file_set_aside || recovered.keyring_error) return show("app.recovered", recovered, opened);
          await opened();
        } catch (e) {
          showError(box, e);
        }
      },
    },
    field(t("unlock.recovery.label"), rk),
    accounts ? null : h("label", { class: "choice" }, remember, t("unlock.recovery.remember")),
    h(
      "div",
      { class: "actions" },
      h("button", {
        type: "submit",
        id: "recovery-open",
        class: passForm && !state.status.key_file_damaged ? "" : "primary",
        text: t("unlock.open"),
      }),
    ),
  );
  const details = h(
    "details",
    {
      open:
        (!passForm && !accounts) ||
        damaged ||
        (firstError &&
          ["keyring_entry_missing", "key_info_missing", "key_info_damaged", "keyring_unavailable"].includes(
            firstError.code,
          )),
    },
    h("summary", { text: t("unlock.recovery") }),
    rkForm,
  );
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow" },
      h("h1", { text: t("unlock.title") }),
      h("p", {
        class: "muted",
        id: "register-path",
        title: state.status.db_path,
        text: state.status.register_name
          ? t("unlock.register", { name: state.status.register_name })
          : t("unlock.where", { path: state.status.register_file }),
      }),
      accounts ? null : field(t("unlock.staff"), staff),
      box,
      accounts ? use("accounts.unlock", box) : null,
      damaged ? null : passForm,
      details,
    ),
  );
  if (!accounts) (passForm && !damaged ? pass : damaged ? rk : staff).focus();
  return { opened };
}

async function tryKeyring() {
  main.replaceChildren(h("p", { class: "muted", role: "status", text: t("unlock.trying") }));
  try {
    await api.unlockKeyring();
    await api.setStaff({ name: localStorage.getItem("carnet.staff") || "" });
    state.status = await api.appStatus();
    if (!localStorage.getItem("carnet.staff")) return show("app.unlock-staff");
    home();
  } catch (e) {
    show("app.unlock", e);
  }
}

function unlockStaffOnly() {
  const staff = h("input", { name: "staff", required: true, autocomplete: "name", maxlength: maxLength("staff") });
  main.replaceChildren(
    h(
      "form",
      {
        class: "card narrow",
        onsubmit: async (ev) => {
          ev.preventDefault();
          localStorage.setItem("carnet.staff", staff.value.trim());
          await api.setStaff({ name: staff.value.trim() });
          home();
        },
      },
      h("h1", { text: t("unlock.staff") }),
      field(t("unlock.staff"), staff, t("setup.staff.help")),
      h("div", { class: "actions" }, h("button", { class: "primary", type: "submit", text: t("common.next") })),
    ),
  );
  staff.focus();
}

/// After a recovery-key unlock that repaired the key file or could not use the keyring:
/// what happened, in words, before going on.
function recoveredScreen(recovered, opened) {
  const go = h("button", {
    class: "primary",
    id: "recovered-continue",
    onclick: () => opened(),
    text: t("common.next"),
  });
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow" },
      h("h1", { text: t("recovered.title") }),
      recovered.key_file_set_aside
        ? h("p", {
            class: "note",
            id: "recovered-set-aside",
            text: t("recovered.set_aside", { path: recovered.key_file_set_aside }),
          })
        : null,
      recovered.keyring_error
        ? h("p", {
            class: "alert",
            id: "recovered-keyring",
            text: t("recovered.keyring", { reason: errorText(recovered.keyring_error) }),
          })
        : null,
      h("div", { class: "actions" }, go),
    ),
  );
  go.focus();
}

screen("app.unlock", unlockScreen);
screen("app.recovered", recoveredScreen);
screen("app.unlock-staff", unlockStaffOnly);
screen("app.keyring", tryKeyring);
