// The trend of the quality indicators by quarter: data from the page as JSON
// ({{ chart|json_script:"quality-chart" }}), drawn with the vendored Chart.js of reports.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("quality-chart");
  const canvas = document.getElementById("quality-trend");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const numbers = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "line", label: "Удовлетворённость, %", data: data.satisfaction, yAxisID: "percent", borderWidth: 2, spanGaps: true },
        { type: "bar", label: "Обращений", data: data.complaints, yAxisID: "count", borderWidth: 1 },
        { type: "bar", label: "из них обоснованных", data: data.justified, yAxisID: "count", borderWidth: 1 },
      ],
    },
    options: {
      maintainAspectRatio: false,
      responsive: true,
      animation: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${numbers.format(item.parsed.y)}` } },
      },
      scales: {
        percent: { type: "linear", position: "left", min: 0, max: 100, ticks: { callback: (v) => `${v} %` } },
        count: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
      },
    },
  });
});
