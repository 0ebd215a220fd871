// The analytics chart: data comes from the page as JSON ({{ data|json_script:"chart-data" }}),
// drawn with the vendored Chart.js (static/reports/vendor, MIT licence).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("chart-data");
  const canvas = document.getElementById("chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  if (!data.labels) {
    return;
  }
  const numbers = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });
  new Chart(canvas, {
    type: data.type,
    data: {
      labels: data.labels,
      datasets: data.datasets.map((set) => ({ ...set, borderWidth: data.type === "line" ? 2 : 1 })),
    },
    options: {
      maintainAspectRatio: false,
      responsive: true,
      animation: false,
      plugins: {
        legend: { display: data.datasets.length > 1, position: "bottom" },
        title: { display: true, text: data.measure },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label}: ${numbers.format(item.parsed.y)}` },
        },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: (value) => numbers.format(value) } } },
    },
  });
});
