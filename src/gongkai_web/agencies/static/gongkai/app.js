// Behaviour shared by every page, kept out of the HTML so that the Content-Security-Policy allows no
// inline script without the request's nonce.
// <select data-autosubmit>: choosing a value submits its form (e.g. the year on the annual-report dashboard).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
// <input type="checkbox" data-check-all="NAME">: ticks or clears every checkbox named NAME on the page.
document.querySelectorAll("input[data-check-all]").forEach(function (all) {
  all.addEventListener("change", function () {
    document.querySelectorAll('input[type=checkbox][name="' + all.dataset.checkAll + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
});
