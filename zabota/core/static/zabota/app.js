// Забота: the little behaviour pages need, kept out of the HTML so the content security policy
// can forbid inline scripts.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// Close the menu when a link in it is followed or the page is clicked elsewhere.
document.addEventListener("click", (event) => {
  const menu = document.getElementById("menu");
  if (menu && menu.open && !menu.contains(event.target)) {
    menu.open = false;
  }
});

// Filter forms refresh their list when a filter changes, so a tablet needs one tap less; one
// change, one request. A form with hx-get has htmx fetch the list into #results on the
// "autosubmit" event (htmx follows the search box itself as one types: the box's change on
// leaving it would repeat the same request). Other forms are submitted when a select changes.
// Without scripts the form's button submits it.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (!form || event.target.type === "search") return;
  if (form.hasAttribute("hx-get")) {
    form.dispatchEvent(new Event("autosubmit"));
  } else if (event.target.tagName === "SELECT") {
    form.requestSubmit();
  }
});

// Masks of a СНИЛС, a phone and a passport (data-mask, set by zabota.core.forms.mask_field):
// digits typed on a tablet's keypad appear as «112-233-445 95», «+7 (900) 123-45-67», «32 03»
// and «512947». Only the look: the server reads any spacing. The value is reformatted while the
// caret is at its end (typing on), otherwise when the field is left, so an edit in the middle
// keeps its caret. A value with anything but digits and the mask's own signs (a foreign phone,
// «доб. 12», a birth certificate's letters) is left as typed.
(() => {
  const PATTERNS = {
    snils: "###-###-### ##",
    phone: "(###) ###-##-##",
    "passport-series": "## ##",
    "passport-number": "######",
  };
  const PASSPORT = /^Паспорт гражданина РФ/;

  const isPassport = (input) => {
    const type = input.form && input.form.elements.namedItem(input.name.replace(/document_(series|number)$/, "document_type"));
    return !type || !type.value || PASSPORT.test(type.value);
  };

  const shape = (pattern, digits) => {
    let out = "";
    let next = 0;
    for (const sign of pattern) {
      if (next >= digits.length) break;
      out += sign === "#" ? digits[next++] : sign;
    }
    return out;
  };

  const formatted = (kind, value) => {
    if (kind === "phone") {
      let rest = value.trim();
      if (!/^[\d\s()+\-.]*$/.test(rest)) return value;
      if (rest.startsWith("+")) {
        if (!rest.startsWith("+7")) return value;
        rest = rest.slice(2);
      } else if (/^[78]/.test(rest.replace(/\D/g, "")) && rest.replace(/\D/g, "").length !== 10) {
        rest = rest.replace(/^\D*[78]/, "");
      }
      const digits = rest.replace(/\D/g, "").slice(0, 10);
      return value.trim() === "" ? "" : `+7 ${shape(PATTERNS.phone, digits)}`.trimEnd();
    }
    if (!/^[\d\s\-]*$/.test(value)) return value;
    const size = PATTERNS[kind].split("#").length - 1;
    return shape(PATTERNS[kind], value.replace(/\D/g, "").slice(0, size));
  };

  const apply = (input) => {
    const kind = input.dataset.mask;
    if (!PATTERNS[kind]) return;
    if (kind.startsWith("passport") && !isPassport(input)) return;
    const value = formatted(kind, input.value);
    if (value !== input.value) input.value = value;
  };

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!input.dataset || !input.dataset.mask) return;
    if (event.inputType && event.inputType.startsWith("delete")) return;  // let backspace work
    if (input.selectionStart === input.value.length) apply(input);
  });
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input.dataset && input.dataset.mask) apply(input);
    // Another identity document: its series may hold letters, so no numeric keypad.
    if (input.name && input.name.endsWith("document_type") && input.form) {
      for (const name of ["document_series", "document_number"]) {
        const field = input.form.elements.namedItem(input.name.replace(/document_type$/, name));
        if (field) field.inputMode = PASSPORT.test(input.value) ? "numeric" : "text";
      }
    }
  });
})();
