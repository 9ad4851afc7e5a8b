(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1d4f91", "#d9822b", "#2f9e6e", "#b23a48", "#7a5195", "#5b8e7d", "#c9a227", "#3d7ea6", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut";
    var datasets = spec.data.datasets.map(function (set, i) {
      var colour = palette[i % palette.length];
      return {
        label: set.label,
        data: set.data.map(function (v) { return v === null || v === "" ? null : Number(v); }),
        backgroundColor: round || (spec.type === "bar" && spec.data.datasets.length === 1) ? palette : colour,
        borderColor: round ? "#fff" : colour,
        spanGaps: true,
        tension: 0.2
      };
    });
    var stacked = Boolean(spec.stacked);
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: round || datasets.length > 1, position: "bottom" } },
        scales: round ? {} : { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, title: { display: true, text: spec.unit } } }
      }
    });
    canvas.dataset.drawn = "true";
  });
})();
