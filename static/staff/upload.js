(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var status = document.getElementById("detect-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var fields = ["jurisdiction", "department", "fiscal_year", "kind", "scope"];
  function detect() {
    if (!input.files.length) { return; }
    var data = new FormData();
    data.append("file", input.files[0]);
    status.textContent = "正在读取封面…";
    fetch(form.dataset.detectUrl, { method: "POST", body: data, headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (found) {
        if (!found.ok) { status.textContent = found.error; status.className = "error"; return; }
        fields.forEach(function (name) {
          var field = form.elements[name];
          if (field && found[name] && !field.value) { field.value = found[name]; }
        });
        status.className = "muted";
        status.textContent = "已从封面读出：" + [found.department, found.fiscal_year, found.kind === "final" ? "决算" : (found.kind === "budget" ? "预算" : "")].filter(Boolean).join(" · ") + "（共" + found.pages + "页，可修改）";
      })
      .catch(function () { status.textContent = ""; });
  }
  input.addEventListener("change", detect);
  // A file chosen while the page was still loading (this script is deferred) has had no change event.
  detect();
})();
