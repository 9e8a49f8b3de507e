// The office's register on another PC (the register service): pairing this PC with the
// address and the code the service shows, then signing in there with one's own account.
// The passphrase is checked at the service, where the key lives; this PC keeps only the
// pairing (no personal data, nothing in the window's storage).
import { api } from "../api.js";
import { t, formatDate, errorText } from "../i18n.js";
import { h, field, alertBox, showError, table } from "../dom.js";
import { main, state, screen, show, home, part, region } from "../state.js";

/// A button that says it is working while `work` runs (pairing and signing in take a
/// second or two: a key exchange, a passphrase check at the service).
async function busy(button, words, work) {
  const idle = button.textContent;
  button.disabled = true;
  button.textContent = words;
  try {
    await work();
  } finally {
    button.disabled = false;
    button.textContent = idle;
  }
}

function connectScreen() {
  const box = alertBox();
  box.hidden = true;
  const address = h("input", {
    name: "service-address",
    id: "service-address",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "192.168.1.20:7443",
    maxlength: 200,
    required: true,
  });
  const code = h("input", {
    name: "service-code",
    id: "service-code",
    autocomplete: "off",
    spellcheck: "false",
    class: "mono",
    placeholder: "ABCD-EFGH",
    maxlength: 12,
    required: true,
  });
  const device = h("input", { name: "device-name", id: "device-name", autocomplete: "off", maxlength: 80 });
  const submit = h("button", { class: "primary", type: "submit", id: "service-pair", text: t("service.pair") });
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow" },
      h("h1", { text: t("service.connect.title") }),
      h("p", { text: t("service.connect.help") }),
      box,
      h(
        "form",
        {
          onsubmit: (ev) => {
            ev.preventDefault();
            busy(submit, t("service.pairing"), async () => {
              try {
                await api.pairService({ address: address.value, code: code.value, device_name: device.value });
                state.status = await api.appStatus();
                show("app.service");
              } catch (e) {
                showError(box, e);
                code.select();
              }
            });
          },
        },
        field(t("service.address"), address, t("service.address.help")),
        field(t("service.code"), code, t("service.code.help")),
        field(t("service.device"), device, t("service.device.help")),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", onclick: () => show("app.where"), text: t("common.back") }),
          submit,
        ),
      ),
    ),
  );
  address.focus();
}

function signInScreen(firstError) {
  const box = alertBox();
  box.hidden = !firstError;
  if (firstError) showError(box, firstError);
  const account = h("input", { name: "service-account", id: "service-account", autocomplete: "username" });
  const pass = h("input", {
    type: "password",
    name: "service-passphrase",
    id: "service-passphrase",
    autocomplete: "current-password",
  });
  const submit = h("button", { class: "primary", type: "submit", id: "service-sign-in", text: t("service.sign_in") });
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow" },
      h("h1", { text: t("service.sign_in.title") }),
      h("p", { text: t("service.sign_in.help") }),
      h("p", { class: "mono", id: "service-where", text: state.status.service }),
      box,
      h(
        "form",
        {
          onsubmit: (ev) => {
            ev.preventDefault();
            busy(submit, t("service.signing_in"), async () => {
              try {
                await api.signInService({ account: account.value, passphrase: pass.value });
                pass.value = "";
                state.status = await api.appStatus();
                home();
              } catch (e) {
                showError(box, e);
                pass.select();
              }
            });
          },
        },
        field(t("service.account"), account),
        field(t("service.passphrase"), pass),
        h("div", { class: "actions" }, submit),
      ),
      h(
        "details",
        {},
        h("summary", { text: t("service.alone.title") }),
        h("p", { class: "muted", text: t("service.alone.help") }),
        h("button", {
          id: "service-forget",
          onclick: async () => {
            if (!confirm(t("service.alone.confirm"))) return;
            try {
              await api.forgetService();
              location.reload();
            } catch (e) {
              showError(box, e);
            }
          },
          text: t("service.alone"),
        }),
      ),
    ),
  );
  account.focus();
}

screen("app.connect", connectScreen);
screen("app.service", signInScreen);

/// The settings' section on a PC that works on the office's service: where the register
/// is, and for the person in charge the code that pairs another PC and the paired PCs,
/// each with "Revoke" (a stolen laptop). The service checks who may.
function serviceSettings() {
  const may = (state.status?.session?.permissions || []).includes("manage_accounts");
  const out = alertBox();
  out.hidden = true;
  const body = h("div", {});
  const draw = async () => {
    if (!may) return;
    try {
      const [code, devices] = await Promise.all([api.pairingCode(), api.serviceDevices()]);
      body.replaceChildren(
        h("p", {}, t("service.code.now"), " ", h("strong", { class: "mono", id: "service-pairing-code", text: code })),
        table(
          "service-devices",
          [t("service.devices.name"), t("service.devices.paired"), t("service.devices.state"), ""],
          devices.map((d) =>
            h(
              "tr",
              {},
              h("td", {}, d.name, d.id === state.status?.service_device ? ` (${t("service.devices.this")})` : ""),
              h("td", { text: formatDate(d.paired_at, region()) }),
              h("td", {
                text: d.revoked_at
                  ? t("service.devices.revoked", { date: formatDate(d.revoked_at, region()), by: d.revoked_by || "" })
                  : t("service.devices.active"),
              }),
              h(
                "td",
                {},
                d.revoked_at || d.id === state.status?.service_device
                  ? null
                  : h("button", {
                      class: "small",
                      id: `revoke-device-${d.id}`,
                      onclick: async () => {
                        if (!confirm(t("service.devices.revoke.confirm", { name: d.name }))) return;
                        try {
                          await api.revokeDevice({ id: d.id });
                          draw();
                        } catch (e) {
                          showError(out, e);
                        }
                      },
                      text: t("service.devices.revoke"),
                    }),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      body.replaceChildren(h("p", { class: "alert", text: errorText(e) }));
    }
  };
  draw();
  return h(
    "section",
    { id: "service-section" },
    h("h2", { text: t("service.settings.title") }),
    h("p", { class: "muted", text: t("service.settings.where", { address: state.status?.service || "" }) }),
    may ? null : h("p", { class: "muted", text: t("service.settings.not_mine") }),
    out,
    body,
  );
}

part("service.settings", serviceSettings);
