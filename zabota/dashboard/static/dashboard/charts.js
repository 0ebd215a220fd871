// Charts of the director's start page: the data comes as JSON ({{ w.chart|json_script }}),
// drawn with the Chart.js the reports app vendors (static/reports/vendor, MIT licence).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const common = { maintainAspectRatio: false, responsive: true, animation: false };
  const draw = (id, type, set, label, extra = {}) => {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type,
      data: { labels: set.labels, datasets: [{ label, data: set.values, borderWidth: 1 }] },
      options: { ...common, plugins: { legend: { display: type === "doughnut", position: "bottom" } }, ...extra },
    });
  };
  draw("chart-served", "line", data.served, "Обслужено человек");
  draw("chart-types", "bar", data.types, "Услуг за 12 месяцев", { indexAxis: "y" });
  draw("chart-conditions", "doughnut", data.conditions, "Получателей");
});
