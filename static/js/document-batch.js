// Progress of a batch of documents: polls the JSON status until the PDF is ready (no inline scripts: CSP).
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var progress = box.querySelector("[data-batch-progress]");
  var message = box.querySelector("[data-batch-message]");
  var download = box.querySelector("[data-batch-download]");
  var refresh = box.querySelector("[data-batch-refresh]");
  var delay = 1500;

  function show(status) {
    box.dataset.state = status.state;
    progress.value = status.percent;
    progress.textContent = status.percent + "%";
    message.textContent = status.message;
    if (status.state === "done" && status.download_url) {
      download.href = status.download_url;
      download.classList.remove("d-none");
    }
    if (status.state === "done" || status.state === "failed") {
      if (refresh) { refresh.classList.add("d-none"); }
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        if (!show(status)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  if (box.dataset.state !== "done" && box.dataset.state !== "failed") { window.setTimeout(poll, delay); }
})();
