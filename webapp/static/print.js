// Print buttons: each `[data-print]` button stays hidden until this script runs, so that a page
// without JavaScript never shows a button that does nothing (the browser's own Print command still
// uses the print stylesheet). Loaded from a file: the Content-Security-Policy forbids inline script.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
