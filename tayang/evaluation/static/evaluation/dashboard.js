// The dashboard's charts: each <div data-chart="id"> is drawn from the JSON of the same id
// (written by the server with json_script, beside a table holding the very same numbers).
// Colours differ in lightness as well as hue, so the series stay apart in greyscale too.
"use strict";
(function () {
  var COLOURS = ["#0b5394", "#a4161a", "#d29200", "#1e6b34", "#6a3d9a", "#545d68"];
  var STACKED = { "Belum terlambat": "#1e6b34", "Terlambat": "#a4161a", "Tepat waktu": "#1e6b34",
                  "Dikembalikan": "#d29200", "Tayang": "#1e6b34", "Gagal": "#a4161a",
                  "Perlu diperiksa": "#d29200", "Antre/dikirim": "#545d68",
                  "Diserahkan": "#0b5394", "Ditayangkan": "#1e6b34", "Ditolak": "#a4161a",
                  "Median": "#0b5394", "Persentil ke-90": "#6a3d9a", "Target": "#8c959f" };

  function draw(holder) {
    var source = document.getElementById(holder.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal) {
      // A bar per label, each tall enough to read on a phone.
      holder.style.height = Math.max(160, 48 + spec.labels.length * 34 * (spec.series.some(function (s) { return s.stack; }) ? 1 : Math.min(spec.series.length, 2))) + "px";
    }
    var stacked = spec.series.some(function (s) { return s.stack; });
    var datasets = spec.series.map(function (series, n) {
      var colour = STACKED[series.label] || COLOURS[n % COLOURS.length];
      return { label: series.label, data: series.values, backgroundColor: colour,
               borderColor: colour, stack: series.stack || String(n), tension: 0.2,
               fill: false, spanGaps: true };
    });
    new Chart(holder.querySelector("canvas"), {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels.map(shorten(holder)), datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  // Long step names are cut to what fits beside the bars; the table below has them whole.
  function shorten(holder) {
    var most = holder.clientWidth < 500 ? 16 : 44;
    return function (label) { return label.length > most ? label.slice(0, most - 1) + "…" : label; };
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
