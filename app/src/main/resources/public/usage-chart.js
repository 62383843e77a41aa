// The customer page's usage chart (uPlot): DAU, WAU and MAU, the baseline as a dashed line and each
// detected drop as a marked point on DAU. The same figures are in a table below it for screen readers.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("usage-chart");
  if (!holder || typeof uPlot === "undefined") {
    return;
  }
  var data = JSON.parse(holder.dataset.usage);
  var css = getComputedStyle(document.documentElement);
  var colour = function (name) { return css.getPropertyValue(name).trim(); };
  var baseline = data.days.map(function () { return data.baseline; });
  var dropDays = new Set(data.drops);
  var drops = data.days.map(function (day, i) { return dropDays.has(day) ? data.dau[i] : null; });
  var options = {
    width: Math.max(320, holder.clientWidth || 640),
    height: 260,
    series: [
      {},
      { label: "DAU", stroke: colour("--blue"), width: 2 },
      { label: "WAU", stroke: colour("--green"), width: 1.5 },
      { label: "MAU", stroke: colour("--muted"), width: 1.5 },
      { label: "Baseline (DAU)", stroke: colour("--orange"), dash: [6, 4], width: 1.5 },
      { label: "Detected drop", stroke: colour("--red"), width: 0, points: { show: true, size: 10, fill: colour("--red") } }
    ],
    axes: [{}, { label: "active users" }]
  };
  new uPlot(options, [data.days, data.dau, data.wau, data.mau, baseline, drops], holder);
});
