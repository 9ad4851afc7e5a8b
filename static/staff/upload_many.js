/* Many PDFs at once: chosen or dropped, checked one by one, each sent on its own and followed to its job's end. */
(function () {
  "use strict";
  var form = document.getElementById("upload-many-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = form.querySelector("input[type=file]");
  var zone = document.getElementById("drop-zone");
  var list = document.getElementById("batch-files");
  var button = form.querySelector("button[type=submit]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var maxBytes = Number(form.dataset.maxBytes);
  var hintNames = ["jurisdiction", "department", "fiscal_year", "kind", "scope"];
  var chosen = [];

  function megabytes(bytes) { return (bytes / 1048576).toFixed(1); }

  function problem(file) {
    if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") { return "不是PDF文件，已跳过。"; }
    if (file.size === 0) { return "文件是空的（0字节），已跳过。"; }
    if (file.size > maxBytes) {
      return "文件过大（" + megabytes(file.size) + " MB），上限为 " + Math.round(maxBytes / 1048576) + " MB，已跳过。";
    }
    return "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function row(file) {
    var item = element("li");
    item.append(element("span", "file-name", file.name), " ", element("small", "muted", megabytes(file.size) + " MB"), " ");
    var message = element("span", "file-message");
    item.append(message);
    var refusal = problem(file);
    if (refusal) { item.classList.add("refused"); message.textContent = refusal; } else { message.textContent = "待上传"; }
    list.append(item);
    return { file: file, item: item, message: message, ok: !refusal };
  }

  function choose(files) {
    list.textContent = "";
    chosen = Array.from(files).map(row);
    if (!chosen.length) { list.append(element("li", "muted no-files", "还没有选择文件。")); }
  }

  function follow(entry, state, statusUrl) {
    var progress = element("progress");
    progress.max = 100;
    var label = element("span", "job-status");
    entry.item.append(" ", progress, label);
    function update(job) {
      progress.value = job.progress;
      progress.textContent = job.progress + "%";
      label.textContent = job.status_label + (job.finished ? "" : " · " + job.stage_label);
      if (job.error_message) { label.textContent += "：" + job.error_message; }
      if (job.report_url && !entry.review) {
        entry.review = element("a", "", "审核");
        entry.review.href = job.report_url;
        entry.item.append(" · ", entry.review);
      }
      entry.item.dataset.status = job.status;
      if (!entry.duplicate) {
        entry.message.textContent = job.finished ? (job.status === "succeeded" ? "已上传，解析完成。" : "已上传，解析失败。") : (job.status === "running" ? "已上传，正在解析。" : "已上传，排队解析。");
      }
      return job.finished;
    }
    function poll() {
      fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) { if (!update(job)) { setTimeout(poll, 1500); } })
        .catch(function () { setTimeout(poll, 4000); });
    }
    if (!update(state)) { setTimeout(poll, 1000); }
  }

  function send(entry) {
    var data = new FormData();
    data.append("file", entry.file);
    hintNames.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) { data.append(name, field.value); }
    });
    entry.message.textContent = "正在上传…";
    return fetch(form.dataset.fileUrl, { method: "POST", body: data, headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 413) { return { ok: false, message: "文件过大，服务器拒收。" }; }
        return response.json().catch(function () { return { ok: false, message: "上传失败（服务器返回 " + response.status + "）。" }; });
      })
      .then(function (result) {
        entry.message.textContent = result.message;
        if (!result.ok) { entry.item.classList.add("refused"); return; }
        entry.duplicate = result.duplicate;
        if (result.cover) { entry.item.append(element("br"), element("small", "muted", "封面：" + result.cover)); }
        var link = element("a", "job-link", "查看解析进度");
        link.href = result.job_url;
        entry.item.append(element("br"), link);
        follow(entry, result.state, result.status_url);
      })
      .catch(function () { entry.message.textContent = "上传中断，请重试。"; entry.item.classList.add("refused"); });
  }

  input.addEventListener("change", function () { choose(input.files); });
  if (input.files.length) { choose(input.files); }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) { return; }
    try { input.files = files; } catch (e) { /* an older browser keeps the dropped files in `chosen` only */ }
    choose(files);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var waiting = chosen.filter(function (entry) { return entry.ok && !entry.sent; });
    if (!waiting.length) {
      if (!chosen.length) { choose([]); list.firstChild.textContent = "请选择要上传的PDF文件。"; }
      return;
    }
    button.disabled = true;
    waiting.reduce(function (previous, entry) {
      entry.sent = true;
      return previous.then(function () { return send(entry); });
    }, Promise.resolve()).then(function () { button.disabled = false; });
  });
})();
