(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section || section.dataset.finished === "true") { return; }
  var url = section.dataset.statusUrl;
  var bar = document.getElementById("job-progress");
  function show(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }
  function update(state) {
    bar.value = state.progress;
    bar.textContent = state.progress + "%";
    show("job-status", state.status_label);
    show("job-stage", state.stage_label);
    show("job-percent", String(state.progress));
    show("job-note", state.progress_note || "");
    show("job-elapsed", String(state.elapsed_seconds));
    section.dataset.status = state.status;
    if (state.error_message) {
      var error = document.getElementById("job-error");
      error.textContent = state.error_message;
      error.hidden = false;
      document.getElementById("job-retry").hidden = false;
    }
    if (state.report_url) {
      document.getElementById("job-report-link").href = state.report_url;
      document.getElementById("job-done").hidden = false;
    }
    if (state.finished) {
      var cancel = document.getElementById("job-cancel");
      if (cancel) { cancel.hidden = true; }
    }
    return state.finished;
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) { if (!update(state)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
