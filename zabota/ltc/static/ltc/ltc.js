// Забота, long-term care: in the care plan editor show a service's days only when it is in the
// plan and the relative's name only when relatives provide it. Without this script everything
// stays visible and the form works the same.
(function () {
  function sync(pick) {
    const place = pick.querySelector("select[name^='place_']");
    if (!place) return;
    pick.querySelectorAll("[data-when]").forEach((block) => {
      block.hidden = block.dataset.when !== place.value;
    });
    const periodicity = pick.querySelector("select[name^='periodicity_']");
    const days = pick.querySelector(".days");
    if (periodicity && days && place.value === "plan") {
      days.hidden = periodicity.value !== "weekly";
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-service-pick]").forEach(sync);
  });
  document.addEventListener("change", (event) => {
    const pick = event.target.closest("[data-service-pick]");
    if (pick) sync(pick);
  });
})();

// «Проверить анкету»: a question with a condition is shown as soon as its earlier question gets
// one of the condition's answers. Without this script the page shows them after «Показать
// результат» (the server applies the same conditions).
(function () {
  function sync(form) {
    const asked = new Set();
    form.querySelectorAll(".preview-question").forEach((question) => {
      const on = question.dataset.showIf;
      let shown = true;
      if (on) {
        const picked = form.querySelector(`input[name="answer-${CSS.escape(on)}"]:checked`);
        const options = (question.dataset.showOptions || "").split(" ");
        shown = asked.has(on) && picked !== null && options.includes(picked.value);
      }
      question.hidden = !shown;
      if (shown) asked.add(question.dataset.code);
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.preview").forEach(sync);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form.preview");
    if (form) sync(form);
  });
})();

// The methodology editor: a refused edit comes back with what was typed (the server keeps it
// for one page load, zabota.ltc.views.editor._keep_typed), put into the form that sent it.
(function () {
  document.addEventListener("DOMContentLoaded", () => {
    const kept = document.getElementById("editor-typed");
    if (!kept) return;
    const typed = JSON.parse(kept.textContent);
    const place = document.getElementById(typed.form);
    if (!place) return;
    const form = place.tagName === "FORM" ? place : place.querySelector("form");
    if (!form) return;
    if (place.tagName === "DETAILS") place.open = true;
    Object.entries(typed.values).forEach(([name, value]) => {
      const field = form.elements.namedItem(name);
      if (field && "value" in field) field.value = value;
    });
    place.scrollIntoView({ block: "center" });
  });
})();
