// Staff accounts as other screens show them: the unlock form (pick your account, type your
// passphrase or use this session's keyring) and the settings' section (who is signed in;
// for the person in charge, every account, adding and removing one, a new passphrase).
// What a role may do is decided by the domain: this only shows it.
import { api } from "../api.js";
import { t, errorText, formatDate } from "../i18n.js";
import { h, field, select, dialog, headRow } from "../dom.js";
import { state, part, use, region, home, maxLength } from "../state.js";

const may = (permission) => (state.status?.session?.permissions || []).includes(permission);

/// The unlock form of a register with accounts.
function unlockForm(box) {
  const accounts = state.status.accounts;
  const last = localStorage.getItem("carnet.account");
  const pick = h(
    "select",
    { name: "account", id: "unlock-account" },
    accounts.map((a) => h("option", { value: a.id, selected: String(a.id) === last, text: a.name })),
  );
  const pass = h("input", {
    type: "password",
    name: "passphrase",
    id: "unlock-account-passphrase",
    autocomplete: "current-password",
  });
  const open = h("button", { class: "primary", type: "submit", id: "unlock-open", text: t("unlock.open") });
  const keyring = h("button", { type: "button", id: "unlock-account-keyring", text: t("accounts.unlock.keyring") });
  const chosen = () => accounts.find((a) => String(a.id) === pick.value);
  const ways = () => {
    const a = chosen();
    pass.closest(".field").hidden = !a.passphrase;
    open.hidden = !a.passphrase;
    keyring.hidden = !a.keyring || !state.status.keyring_available;
  };
  const go = async (button, passphrase) => {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = t("unlock.opening");
    try {
      await api.unlockAccount({ account: Number(pick.value), passphrase });
      localStorage.setItem("carnet.account", pick.value);
      state.status = await api.appStatus();
      home();
    } catch (e) {
      box.textContent = errorText(e);
      box.hidden = false;
      pass.select();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  };
  keyring.addEventListener("click", () => go(keyring, null));
  pick.addEventListener("change", ways);
  const form = h(
    "form",
    {
      id: "unlock-account-form",
      onsubmit: (ev) => {
        ev.preventDefault();
        go(open, pass.value);
      },
    },
    field(t("accounts.unlock.account"), pick),
    field(t("unlock.passphrase"), pass),
    h("div", { class: "actions" }, keyring, open),
  );
  ways();
  setTimeout(() => (chosen().passphrase ? pass : pick).focus(), 0);
  return form;
}

/// A passphrase field and, when this computer has a keyring, the choice to use it instead.
function wayIn(id) {
  const pass = h("input", {
    type: "password",
    name: "account-passphrase",
    id: `${id}-passphrase`,
    autocomplete: "new-password",
    minlength: 10,
  });
  const useKeyring = h("input", { type: "checkbox", id: `${id}-keyring`, disabled: !state.status.keyring_available });
  useKeyring.addEventListener("change", () => {
    pass.disabled = useKeyring.checked;
    pass.required = !useKeyring.checked;
  });
  pass.required = true;
  return {
    fields: [
      field(t("accounts.passphrase"), pass, t("accounts.passphrase.help")),
      use("app.strength", pass),
      h("label", { class: "choice" }, useKeyring, t("accounts.keyring")),
    ],
    value: () => (useKeyring.checked ? null : pass.value),
  };
}

function addDialog(first, done) {
  const name = h("input", { name: "account-name", id: "account-name", required: true, maxlength: maxLength("staff") });
  const role = first
    ? h("p", { class: "muted", text: t("accounts.first.role") })
    : field(
        t("field.staff_role"),
        select("account-role", state.vocab.staff_roles, (r) => t(`staff_role.${r}`), "office_staff"),
      );
  const way = wayIn("account-new");
  dialog(
    first ? t("accounts.first.title") : t("accounts.add"),
    h("div", {}, field(t("accounts.name"), name), role, way.fields),
    async () => {
      const chosen = first ? "privacy_officer" : document.querySelector("select[name=account-role]").value;
      await api.addAccount({ name: name.value, role: chosen, passphrase: way.value() });
      state.status = await api.appStatus();
      done();
    },
  );
}

function keyDialog(account, done) {
  if (onService()) return serviceKeyDialog(account, done);
  const way = wayIn("account-key");
  dialog(t("accounts.key.title", { name: account.name }), h("div", {}, way.fields), async () => {
    await api.setAccountKey({ account: account.id, passphrase: way.value() });
    done();
  });
}

/// At the office's service: a new passphrase, checked there; one's own with the current
/// one (a wrong one ends the session there, so the PC goes back to signing in).
function serviceKeyDialog(account, done) {
  const own = state.status.session?.account?.id === account.id;
  const current = h("input", {
    type: "password",
    name: "current-passphrase",
    id: "account-key-current",
    autocomplete: "current-password",
    required: true,
  });
  const pass = h("input", {
    type: "password",
    name: "account-passphrase",
    id: "account-key-passphrase",
    autocomplete: "new-password",
    minlength: 10,
    required: true,
  });
  const dlg = dialog(
    t("accounts.key.title.service", { name: account.name }),
    h(
      "div",
      {},
      own ? field(t("accounts.key.current"), current) : null,
      field(t("accounts.passphrase"), pass, t("accounts.passphrase.help")),
      use("app.strength", pass),
      h("p", { class: "muted", text: t("accounts.key.service.help") }),
    ),
    async () => {
      try {
        await api.setAccountKey({
          account: account.id,
          passphrase: pass.value,
          current_passphrase: own ? current.value : null,
        });
      } catch (e) {
        if (own && e?.code === "wrong_passphrase") {
          dlg.close();
          dlg.remove();
          window.alert(t("accounts.key.wrong_current"));
          await api.lockRegister();
          location.reload();
          return;
        }
        throw e;
      }
      done();
    },
  );
}

function ways(a) {
  if (a.removed_at) return t("accounts.removed", { date: formatDate(a.removed_at, region()) });
  const list = [
    a.passphrase ? t("accounts.way.passphrase") : null,
    a.keyring ? t("accounts.way.keyring") : null,
  ].filter(Boolean);
  return list.length ? list.join(", ") : t("accounts.way.none");
}

/// What a role protects against, in plain words: on one PC, mistakes and casual misuse.
/// On the office's service, an account's passphrase is checked there and opens nothing
/// on this PC: its keys and new accounts are managed on the service's computer.
const onService = () => !!state.status?.service;
const boundary = () =>
  h("p", {
    class: "note",
    id: "accounts-boundary",
    text: t(onService() ? "accounts.boundary.service" : "accounts.boundary"),
  });

function settingsSection() {
  const box = h("section", { id: "accounts-section" }, h("h2", { text: t("accounts.title") }));
  const out = h("p", { class: "note", role: "status", id: "accounts-out" });
  const body = h("div", {});
  const draw = async () => {
    const s = state.status.session;
    if (!s.accounts) {
      body.replaceChildren(
        h(
          "div",
          {},
          h("p", { class: "muted", text: t("accounts.none") }),
          h("button", {
            id: "accounts-first",
            onclick: () =>
              addDialog(true, () => {
                out.textContent = t("accounts.first.done");
                draw();
              }),
            text: t("accounts.first.title"),
          }),
        ),
      );
      return;
    }
    const me = s.account;
    const who = me
      ? h("p", { id: "accounts-me", text: t("accounts.me", { name: me.name, role: t(`staff_role.${s.role}`) }) })
      : h("p", { id: "accounts-me", class: "warn banner", text: t("accounts.me.recovery") });
    if (!may("manage_accounts")) {
      body.replaceChildren(
        h(
          "div",
          {},
          who,
          h("p", { class: "muted", text: t("accounts.staff.help") }),
          boundary(),
          h("button", {
            id: "accounts-my-key",
            onclick: () =>
              keyDialog(me, () => {
                out.textContent = t("accounts.key.done");
              }),
            text: t("accounts.key.mine"),
          }),
        ),
      );
      return;
    }
    let list;
    try {
      list = await api.staffAccounts();
    } catch (e) {
      body.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
      return;
    }
    body.replaceChildren(
      h(
        "div",
        {},
        who,
        h("p", { class: "muted", text: t("accounts.help") }),
        boundary(),
        h(
          "table",
          { id: "accounts-table" },
          headRow([t("accounts.name"), t("field.staff_role"), t("accounts.ways"), ""]),
          h(
            "tbody",
            {},
            list.map((a) =>
              h(
                "tr",
                { class: a.removed_at ? "muted" : "" },
                h("td", { text: a.name }),
                h("td", { text: t(`staff_role.${a.role}`) }),
                h("td", { text: ways(a) }),
                h(
                  "td",
                  {},
                  a.removed_at
                    ? null
                    : h(
                        "div",
                        { class: "actions start" },
                        h("button", {
                          class: "small",
                          onclick: () =>
                            keyDialog(a, () => {
                              out.textContent = t("accounts.key.done");
                              draw();
                            }),
                          text: t("accounts.key"),
                        }),
                        me && me.id === a.id
                          ? null
                          : h("button", {
                              class: "small danger",
                              onclick: async () => {
                                if (!window.confirm(t("accounts.remove.confirm", { name: a.name }))) return;
                                try {
                                  await api.removeAccount({ account: a.id });
                                  out.replaceChildren(
                                    t("accounts.remove.done", { name: a.name }),
                                    " ",
                                    onService()
                                      ? null
                                      : h("button", {
                                          type: "button",
                                          class: "link",
                                          id: "accounts-rekey-now",
                                          onclick: () => {
                                            document
                                              .getElementById("rekey-section")
                                              ?.scrollIntoView({ behavior: "smooth" });
                                            document.getElementById("rekey-prepare")?.focus();
                                          },
                                          text: t("accounts.rekey_now"),
                                        }),
                                  );
                                  draw();
                                } catch (e) {
                                  out.textContent = errorText(e);
                                }
                              },
                              text: t("accounts.remove"),
                            }),
                      ),
                ),
              ),
            ),
          ),
        ),
        onService()
          ? null
          : h(
              "div",
              { class: "actions start" },
              h("button", {
                id: "accounts-add",
                onclick: () =>
                  addDialog(false, () => {
                    out.textContent = t("accounts.added");
                    draw();
                  }),
                text: t("accounts.add"),
              }),
            ),
      ),
    );
  };
  box.append(body, out);
  draw();
  return box;
}

part("accounts.unlock", unlockForm);
part("accounts.settings", settingsSection);
