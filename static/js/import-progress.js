/* Progress of a roster import: polls the JSON status of the import and reloads the page when it ends.
   Loaded as a file (no inline script) so that a Content-Security-Policy without 'unsafe-inline' allows it. */
(function () {
  "use strict";

  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var statusUrl = box.getAttribute("data-status-url");
  var meter = box.querySelector("progress");
  var stage = box.querySelector("[data-stage]");
  var counter = box.querySelector("[data-counter]");
  var POLL_MS = 1000;
  var RETRY_MS = 3000;

  function show(state) {
    stage.textContent = state.stage;
    counter.textContent = state.processed + " из " + state.total;
    if (state.status === "running" && state.total && state.processed >= state.total) {
      // Every row is checked and the single write transaction is running: no honest percentage.
      meter.removeAttribute("value");
    } else {
      meter.value = state.percent;
      meter.textContent = state.percent + " %";
    }
  }

  function poll() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, POLL_MS);
        }
      })
      .catch(function () {
        window.setTimeout(poll, RETRY_MS);
      });
  }

  window.setTimeout(poll, POLL_MS / 2);
})();
