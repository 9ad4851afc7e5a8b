/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1d4f91", "#d9822b", "#2f9e6e", "#b23a48", "#7a5195", "#5b8e7d", "#c9a227", "#3d7ea6", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];
  var stackColours = { budget: ["#9bb7dd", "#f2c394"], final: ["#1d4f91", "#d9822b"] };

  function number(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut";
    var single = spec.datasets.length === 1;
    var stackSeen = {};
    var datasets = spec.datasets.map(function (set, i) {
      var colour = set.colour || palette[i % palette.length];
      if (set.stack && stackColours[set.stack]) {
        var n = stackSeen[set.stack] || 0;
        stackSeen[set.stack] = n + 1;
        colour = stackColours[set.stack][n % stackColours[set.stack].length];
      }
      var perItem = round || (spec.type === "bar" && single && !spec.stacked);
      return {
        label: set.label,
        data: set.data.map(number),
        printed: set.printed || [],
        stack: set.stack || undefined,
        backgroundColor: set.colours ? set.colours : perItem ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
        borderColor: round ? "#fff" : colour,
        borderWidth: round ? 1 : 2,
        pointRadius: 4,
        spanGaps: false,
        tension: 0.2
      };
    });
    var stacked = Boolean(spec.stacked);
    canvas.chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: round || datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                var printed = context.dataset.printed[context.dataIndex];
                var text = printed === null || printed === undefined ? "—" : printed + " " + spec.unit;
                var name = round || (single && spec.type === "bar") ? context.label : context.dataset.label;
                return name + "：" + text;
              }
            }
          }
        },
        scales: round ? {} : {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, title: { display: true, text: spec.unit } }
        }
      }
    });
    canvas.dataset.drawn = "true";
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
