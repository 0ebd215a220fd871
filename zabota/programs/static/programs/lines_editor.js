// The ИППСУ's rows editor (programs/_lines_editor.html). Without scripts every button submits the
// form and the server shows it again; with them a row is added in place, the catalogue is
// searched as one types, and the server recomputes the sum and the fee from the rows as typed.
// No money is computed here.
(() => {
  const editor = document.querySelector("[data-lines-editor]");
  if (!editor) return;
  const form = editor.closest("form");
  const total = editor.querySelector('input[name$="-TOTAL_FORMS"]');
  const most = editor.querySelector('input[name$="-MAX_NUM_FORMS"]');
  const rows = editor.querySelector("[data-lines]");
  const template = editor.querySelector("template[data-line-template]");
  const sum = editor.querySelector("[data-lines-sum]");

  const isBlank = (row) =>
    ![...row.querySelectorAll("select, input[type=text], input[type=number]")].some(
      (field) => field.value.trim() !== "",
    ) && !row.querySelector("input[type=checkbox]:checked");

  function addRow() {
    const index = Number(total.value);
    if (most && index >= Number(most.value)) return null; // the server says why
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    return rows.lastElementChild;
  }

  editor.querySelector("[data-add-line]").addEventListener("click", (event) => {
    const row = addRow();
    if (!row) return;
    event.preventDefault();
    row.querySelector("select").focus();
  });

  // The sum and the fee: one request at a time, the newest wins.
  let timer;
  let pending;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (pending) pending.abort();
      pending = new AbortController();
      const body = new FormData(form);
      body.delete("lines_action");
      try {
        const response = await fetch(editor.dataset.sumUrl, {
          method: "POST",
          body,
          signal: pending.signal,
          headers: { "X-Requested-With": "fetch" },
        });
        sum.innerHTML = await response.text();
      } catch (error) {
        if (error.name !== "AbortError") sum.textContent = "Сумма не обновилась: нет связи с сервером.";
      }
    }, 300);
  }
  editor.addEventListener("input", (event) => {
    if (!event.target.closest("[data-lines-search]")) refresh();
  });
  editor.addEventListener("change", (event) => {
    if (!event.target.closest("[data-lines-search]")) refresh();
  });

  // The catalogue search: found services are buttons (Tab or ↓ to reach them, Enter to add).
  const search = editor.querySelector("[data-lines-search]");
  const box = search.querySelector("input");
  const found = search.querySelector("[data-lines-found]");
  search.hidden = false;
  let searchTimer;
  let searching;
  box.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const text = box.value.trim();
      if (!text) {
        found.innerHTML = "";
        return;
      }
      if (searching) searching.abort();
      searching = new AbortController();
      try {
        const response = await fetch(`${editor.dataset.searchUrl}?q=${encodeURIComponent(text)}`, {
          signal: searching.signal,
        });
        found.innerHTML = await response.text();
      } catch (error) {
        if (error.name !== "AbortError") found.textContent = "Поиск не ответил: нет связи с сервером.";
      }
    }, 250);
  });
  box.addEventListener("keydown", (event) => {
    const first = found.querySelector("button[data-service]");
    if (event.key === "Enter") {
      event.preventDefault(); // Enter in the search box never saves the form
      if (first) first.click();
    } else if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  found.addEventListener("keydown", (event) => {
    const button = event.target.closest("button[data-service]");
    if (!button) return;
    const item = button.closest("li");
    const next = event.key === "ArrowDown" ? item.nextElementSibling : event.key === "ArrowUp" ? item.previousElementSibling : null;
    if (next) {
      event.preventDefault();
      next.querySelector("button").focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      box.focus();
    }
  });
  found.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-service]");
    if (!button) return;
    const chosen = [...rows.querySelectorAll("select")].find((s) => s.value === button.dataset.service);
    const row = chosen ? chosen.closest(".program-line") : [...rows.children].find(isBlank) || addRow();
    if (!row) return;
    row.querySelector("select").value = button.dataset.service;
    found.innerHTML = "";
    box.value = "";
    const times = row.querySelector('input[name$="-times_per_week"]');
    (times || row.querySelector("select")).focus();
    refresh();
  });
})();
