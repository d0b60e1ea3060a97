// Behaviour shared by every page, kept out of the HTML so that the Content-Security-Policy allows no
// inline script without the request's nonce.
// <select data-autosubmit>: choosing a value submits its form (e.g. the year on the annual-report dashboard).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
