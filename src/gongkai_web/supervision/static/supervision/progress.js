// Live progress of a batch: polls the JSON endpoint named by data-progress-url and fills the figures.
// A static file, so the page works under a Content-Security-Policy without 'unsafe-inline'.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  function put(name, text) {
    var el = box.querySelector("[data-field='" + name + "']");
    if (el) { el.textContent = text; }
  }
  function duration(s) {
    if (s === null || s === undefined) { return "—"; }
    if (s < 60) { return s + " 秒"; }
    var m = Math.floor(s / 60);
    return m < 60 ? m + " 分 " + (s % 60) + " 秒" : Math.floor(m / 60) + " 小时 " + (m % 60) + " 分";
  }
  function show(p) {
    put("done", p.done);
    put("failed", p.failed);
    put("waiting", p.waiting);
    put("total", p.total);
    put("rate", p.rate === null ? "—" : p.rate + " 份/秒");
    put("left", p.finished ? "已完成" : duration(p.seconds_left));
    var bar = box.querySelector(".meter > span");
    if (bar) { bar.style.width = (p.total ? Math.round(100 * p.done / p.total) : 100) + "%"; }
    box.setAttribute("data-finished", p.finished ? "1" : "0");
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (p.finished) {
          var note = document.getElementById("batch-finished");
          if (note) { note.hidden = false; }
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
