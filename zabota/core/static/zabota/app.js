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
