// No register where Carnet looks: create one there (after saying where) or open an
// existing one. Then the first run: the organisation, who is at the desk, how the key is
// kept; then the recovery key, printed or saved before anything else. Until the office
// confirms it is put away, every start comes back to it (the key is rebuilt in Rust).
import { api } from "../api.js";
import { t, setLang, lang, errorText, formatDate, shownPath } from "../i18n.js";
import { h, field, select, alertBox, showError } from "../dom.js";
import { main, state, rulesOf, screen, show, use, home, maxLength, region } from "../state.js";

function whereScreen() {
  const box = alertBox();
  box.hidden = true;
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow" },
      h("h1", { text: t("setup.title") }),
      h("p", { text: t("setup.where") }),
      h("p", { class: "mono", id: "register-path", text: state.status.db_path }),
      h("p", { class: "muted", text: t("setup.where.help") }),
      box,
      h(
        "div",
        { class: "actions" },
        use("backup.restore"),
        h("button", {
          id: "register-open",
          onclick: async () => {
            try {
              if (await api.chooseRegister()) location.reload();
            } catch (e) {
              showError(box, e);
            }
          },
          text: t("setup.where.open"),
        }),
        h("button", {
          class: "primary",
          id: "register-create",
          onclick: () => show("app.setup"),
          text: t("setup.where.create"),
        }),
      ),
      h(
        "div",
        { class: "aside", id: "where-office" },
        h("h2", { text: t("setup.where.office") }),
        h("p", { class: "muted", text: t("setup.where.office.help") }),
        h("button", {
          id: "register-connect",
          onclick: () => show("app.connect"),
          text: t("setup.where.connect"),
        }),
      ),
    ),
  );
  document.getElementById("register-create").focus();
  offerBack(box);
}

/// Nothing at the register's place but a register a restore set aside (the restore was
/// interrupted): offered back first, before creating a new one.
async function offerBack(box) {
  let copies = [];
  try {
    copies = await api.setAsideRegisters();
  } catch {
    return;
  }
  if (!copies.length) return;
  const c = copies[0];
  const offer = h(
    "div",
    { class: "warn banner", id: "register-offer-back" },
    h("p", { text: t("setup.back", { date: c.modified ? formatDate(c.modified, region()) : "—" }) }),
    h(
      "div",
      { class: "actions start" },
      h("button", {
        class: "primary",
        id: "register-put-back",
        onclick: async () => {
          try {
            await api.putBackRegister({ file: c.file });
            location.reload();
          } catch (e) {
            showError(box, e);
          }
        },
        text: t("setup.back.go"),
      }),
    ),
  );
  document.getElementById("register-path")?.after(offer);
  document.getElementById("register-put-back").focus();
}

function setupScreen() {
  const first = state.vocab.jurisdictions[0];
  const data = {
    profile: {
      name: "",
      address: "",
      privacy_contact: "",
      privacy_email: "",
      privacy_phone: "",
      jurisdiction: first.jurisdiction,
      paper: first.paper,
      language: lang(),
      age_of_consent: null,
    },
    staff: localStorage.getItem("carnet.staff") || "",
    protect: state.status.keyring_available ? "keyring" : "passphrase",
  };
  let step = 1;
  const total = 3;
  const render = () => {
    const box = alertBox();
    box.hidden = true;
    let body;
    if (step === 1) {
      const name = h("input", {
        name: "org-name",
        required: true,
        value: data.profile.name,
        autocomplete: "organization",
        maxlength: maxLength("organisation_name"),
      });
      const address = h(
        "textarea",
        { name: "org-address", rows: 2, maxlength: maxLength("address") },
        data.profile.address,
      );
      const contact = h("input", {
        name: "org-contact",
        value: data.profile.privacy_contact,
        maxlength: maxLength("privacy_contact"),
      });
      const contactEmail = h("input", {
        type: "email",
        name: "org-contact-email",
        value: data.profile.privacy_email,
        maxlength: maxLength("privacy_email"),
      });
      const contactPhone = h("input", {
        type: "tel",
        name: "org-contact-phone",
        value: data.profile.privacy_phone,
        maxlength: maxLength("privacy_phone"),
      });
      const jur = h(
        "fieldset",
        {},
        h("legend", { text: t("settings.jurisdiction") }),
        state.vocab.jurisdictions.map(({ jurisdiction: j }) =>
          h(
            "label",
            { class: "choice" },
            h("input", { type: "radio", name: "jurisdiction", value: j, checked: data.profile.jurisdiction === j }),
            t(`jurisdiction.${j}`),
          ),
        ),
      );
      body = [
        field(t("settings.org.name"), name),
        field(t("settings.org.address"), address, t("setup.org.letters")),
        field(t("settings.org.contact"), contact),
        h(
          "div",
          { class: "grid" },
          field(t("settings.org.contact.email"), contactEmail),
          field(t("settings.org.contact.phone"), contactPhone),
        ),
        jur,
      ];
      body.submit = () => {
        data.profile.name = name.value.trim();
        data.profile.address = address.value;
        data.profile.privacy_contact = contact.value;
        data.profile.privacy_email = contactEmail.value;
        data.profile.privacy_phone = contactPhone.value;
        data.profile.jurisdiction = jur.querySelector("input:checked").value;
        data.profile.paper = rulesOf(data.profile.jurisdiction).paper;
        if (!data.profile.name) {
          showError(box, { code: "invalid_input", detail: { field: "organisation_name" } });
          return false;
        }
        return true;
      };
    } else if (step === 2) {
      const staff = h("input", {
        name: "staff",
        required: true,
        value: data.staff,
        autocomplete: "name",
        maxlength: maxLength("staff"),
      });
      const language = select("language", state.vocab.languages, (l) => t(`language.${l}`), data.profile.language);
      body = [field(t("unlock.staff"), staff, t("setup.staff.help")), field(t("settings.language"), language)];
      body.submit = () => {
        data.staff = staff.value.trim();
        data.profile.language = language.value;
        if (!data.staff) {
          showError(box, { code: "invalid_input", detail: { field: "staff" } });
          return false;
        }
        return true;
      };
    } else {
      const choices = h(
        "fieldset",
        {},
        h("legend", { text: t("setup.key") }),
        h("p", { text: t("setup.key.intro") }),
        state.status.keyring_available ? null : h("p", { class: "note", text: t("setup.key.nokeyring") }),
        ["keyring", "passphrase"].map((p) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: "radio",
              name: "protect",
              value: p,
              checked: data.protect === p,
              disabled: p === "keyring" && !state.status.keyring_available,
              onchange: () => {
                data.protect = p;
                render();
              },
            }),
            t(`setup.key.${p}`),
          ),
        ),
      );
      const p1 = h("input", { type: "password", name: "passphrase", autocomplete: "new-password" });
      const p2 = h("input", { type: "password", name: "passphrase2", autocomplete: "new-password" });
      body = [
        choices,
        data.protect === "passphrase"
          ? [field(t("setup.passphrase"), p1), use("app.strength", p1, p2), field(t("setup.passphrase2"), p2)]
          : null,
      ];
      body.submit = async () => {
        if (data.protect === "passphrase" && p1.value !== p2.value) {
          box.textContent = t("setup.passphrase.mismatch");
          box.hidden = false;
          return false;
        }
        localStorage.setItem("carnet.staff", data.staff);
        setLang(data.profile.language);
        submitBtn.disabled = true;
        submitBtn.textContent = t("setup.creating");
        try {
          await api.createRegister({
            profile: data.profile,
            passphrase: data.protect === "passphrase" ? p1.value : null,
            staff: data.staff,
            at: state.status.db_path,
          });
          state.status = await api.appStatus();
          show("app.recovery");
        } catch (e) {
          showError(box, e);
          submitBtn.disabled = false;
          submitBtn.textContent = t("setup.create");
        }
        return false;
      };
    }
    const submitBtn = h("button", {
      type: "submit",
      class: "primary",
      id: "setup-next",
      text: step < total ? t("common.next") : t("setup.create"),
    });
    const form = h(
      "form",
      {
        class: "card narrow",
        onsubmit: async (ev) => {
          ev.preventDefault();
          if (await body.submit()) {
            step += 1;
            render();
          }
        },
      },
      h("h1", { text: t("setup.title") }),
      h("p", { class: "muted", text: `${t("setup.intro")} ${t("setup.step", { n: step, total })}` }),
      h("h2", { text: [t("setup.org"), t("setup.you"), t("setup.key")][step - 1] }),
      body,
      box,
      h(
        "div",
        { class: "actions" },
        step > 1
          ? h("button", {
              type: "button",
              onclick: () => {
                step -= 1;
                render();
              },
              text: t("common.back"),
            })
          : null,
        submitBtn,
      ),
    );
    main.replaceChildren(form);
    form.querySelector("input, select, textarea")?.focus();
  };
  render();
}

async function recoveryScreen() {
  const key = await api.recoveryKey();
  const savedNote = h("p", { class: "note", role: "status" });
  const kept = h("input", {
    type: "checkbox",
    id: "recovery-kept",
    onchange: () => {
      go.disabled = !kept.checked;
    },
  });
  const go = h("button", {
    class: "primary",
    id: "recovery-continue",
    disabled: true,
    onclick: async () => {
      try {
        await api.confirmRecoveryKey();
        state.status = await api.appStatus();
        home();
      } catch (e) {
        savedNote.textContent = errorText(e);
      }
    },
    text: t("recovery.continue"),
  });
  main.replaceChildren(
    h(
      "section",
      { class: "card narrow printable" },
      h("h1", { text: t("recovery.title") }),
      h("p", { text: t("recovery.intro") }),
      h("p", { class: "recovery-key", id: "recovery-key", text: key }),
      h("p", { class: "note no-print", id: "recovery-pending", text: t("recovery.pending") }),
      h(
        "div",
        { class: "actions no-print" },
        h("button", {
          class: "primary",
          id: "recovery-print",
          onclick: async () => {
            try {
              await api.printPage();
            } catch (e) {
              savedNote.textContent = errorText(e);
            }
          },
          text: t("recovery.print"),
        }),
        h("button", {
          id: "recovery-save",
          onclick: async () => {
            try {
              const path = await api.saveRecoverySheet({ language: lang() });
              if (path) savedNote.textContent = t("recovery.saved", { path: shownPath(path) });
            } catch (e) {
              savedNote.textContent = errorText(e);
            }
          },
          text: t("recovery.save"),
        }),
      ),
      h("p", { class: "muted no-print", text: t("recovery.save.warning") }),
      savedNote,
      h(
        "div",
        { class: "no-print" },
        h("label", { class: "choice" }, kept, t("recovery.kept")),
        h("div", { class: "actions" }, go),
      ),
    ),
  );
  document.getElementById("recovery-print").focus();
}

screen("app.where", whereScreen);
screen("app.setup", setupScreen);
screen("app.recovery", recoveryScreen);
