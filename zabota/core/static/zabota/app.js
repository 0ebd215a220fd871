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

// Auto-submit filter forms on change (selects), so a tablet needs one tap less.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.requestSubmit();
  }
});
