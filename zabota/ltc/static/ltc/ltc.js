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
