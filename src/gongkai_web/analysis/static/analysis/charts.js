// Draws the analysis pages' charts with the vendored ECharts (no CDN). Each <figure data-chart="ID"> holds its
// chart as JSON in <script id="ID" type="application/json">: {option, percent, name, height}. Without
// JavaScript the page shows the tables only (the .js-only parts stay hidden).
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.documentElement.classList.add("js");
  var charts = {};

  function show(v) {
    if (v === null || v === undefined || v === "-" || (typeof v === "number" && isNaN(v))) { return "—"; }
    return v;
  }

  function prepare(spec) {
    var option = spec.option;
    var suffix = spec.percent ? "%" : "";
    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = function (v) {
      var s = show(v);
      return s === "—" ? s : s + suffix;
    };
    return option;
  }

  function save(url, name) {
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
    var id = figure.getAttribute("data-chart");
    var spec = JSON.parse(document.getElementById(id).textContent);
    var box = document.getElementById(id + "-canvas");
    var chart = echarts.init(box, null, { renderer: "canvas", locale: "ZH" });
    chart.setOption(prepare(spec));
    charts[id] = { chart: chart, spec: spec, box: box };
  });

  document.querySelectorAll("button[data-save]").forEach(function (button) {
    button.addEventListener("click", function () {
      var entry = charts[button.getAttribute("data-for")];
      if (!entry) { return; }
      if (button.getAttribute("data-save") === "png") {
        save(entry.chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }),
          entry.spec.name + ".png");
        return;
      }
      // SVG: the same option drawn once more by ECharts' SVG renderer, off screen
      var svg = echarts.init(null, null, {
        renderer: "svg", ssr: true, width: entry.box.clientWidth, height: entry.box.clientHeight
      });
      svg.setOption(prepare(JSON.parse(JSON.stringify(entry.spec))));
      var text = svg.renderToSVGString();
      svg.dispose();
      var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
      save(url, entry.spec.name + ".svg");
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  });

  function resize() { Object.keys(charts).forEach(function (id) { charts[id].chart.resize(); }); }
  // on paper: no toolbox icon, every legend entry (not a scrolling page of them)
  function printing(on) {
    Object.keys(charts).forEach(function (id) {
      var entry = charts[id];
      var patch = { toolbox: { show: !on } };
      if (entry.spec.option.legend) { patch.legend = { type: on ? "plain" : (entry.spec.option.legend.type || "plain") }; }
      entry.chart.setOption(patch);
      entry.chart.resize();
    });
  }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", function () { printing(true); });
  window.addEventListener("afterprint", function () { printing(false); });
  window.gongkaiCharts = charts;  // for the browser tests
})();
