// A document being prepared: ask its address for its state every few seconds and say when it is
// ready; without JavaScript the page's "Check again and download" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-document-status]");
  if (!box || box.getAttribute("data-state") !== "preparing") { return; }
  var link = box.querySelector("[data-document-link]");
  var status = box.querySelector("[data-document-progress]");
  var readyText = box.getAttribute("data-ready-text");
  var delay = 2000;

  function check() {
    fetch(link.href, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (reply) {
        var type = reply.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { return { state: reply.ok ? "ready" : "failed" }; }
        return reply.json();
      })
      .then(function (info) {
        if (info.state === "preparing") {
          if (info.total) { status.textContent = box.getAttribute("data-progress-text").replace("{done}", info.done).replace("{total}", info.total); }
          delay = Math.min(delay * 1.5, 10000);
          window.setTimeout(check, delay);
        } else if (info.state === "ready") {
          box.querySelector("h1").textContent = box.getAttribute("data-ready-title");
          status.textContent = readyText;
          link.textContent = box.getAttribute("data-download-text");
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(check, 10000); });
  }
  window.setTimeout(check, delay);
})();
