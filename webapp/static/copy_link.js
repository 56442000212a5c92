// "Copy link" beside the private link: the button stays hidden until this script runs and finds
// the Clipboard API, so that a page without JavaScript never shows a button that does nothing
// (the link can always be selected and copied by hand). The result is said in an aria-live region.
// Loaded from a file: the Content-Security-Policy forbids inline script.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (box) {
    var field = document.getElementById(box.getAttribute("data-copy-link"));
    var button = box.querySelector("button");
    var status = box.querySelector("[aria-live]");
    if (!field || !button || !status || !navigator.clipboard || !navigator.clipboard.writeText) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = box.getAttribute("data-copied-text");
      }, function () {
        field.focus();
        field.select();
        status.textContent = box.getAttribute("data-failed-text");
      });
    });
  });
})();
