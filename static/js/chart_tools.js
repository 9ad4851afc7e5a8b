/* A chart's picture (PNG on white, with its title and source line) and its embed code, made in the browser. */
(function () {
  "use strict";
  var PAD = 16;

  function lines(context, text, width) {
    var out = [];
    var line = "";
    Array.from(text).forEach(function (ch) {
      if (line && context.measureText(line + ch).width > width) { out.push(line); line = ""; }
      line += ch;
    });
    if (line) { out.push(line); }
    return out;
  }

  function picture(canvas, title, source) {
    var scale = canvas.width / Math.max(canvas.clientWidth, 1);
    var pad = PAD * scale;
    var titleSize = 15 * scale;
    var sourceSize = 11 * scale;
    var font = "\"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif";
    var out = document.createElement("canvas");
    var context = out.getContext("2d");
    context.font = sourceSize + "px " + font;
    var sourceLines = source ? lines(context, source, canvas.width) : [];
    out.width = canvas.width + 2 * pad;
    out.height = canvas.height + 3 * pad + titleSize * 1.4 + sourceLines.length * sourceSize * 1.4;
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    context.fillStyle = "#1a1a1a";
    context.textBaseline = "top";
    context.font = "bold " + titleSize + "px " + font;
    context.fillText(title, pad, pad);
    var top = pad + titleSize * 1.4 + pad / 2;
    context.drawImage(canvas, pad, top);
    context.fillStyle = "#555555";
    context.font = sourceSize + "px " + font;
    sourceLines.forEach(function (text, i) {
      context.fillText(text, pad, top + canvas.height + pad / 2 + i * sourceSize * 1.4);
    });
    return out;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  document.querySelectorAll("button.chart-png").forEach(function (button) {
    var canvas = document.getElementById(button.dataset.canvas);
    if (!canvas || !canvas.getContext) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var figure = button.closest("figure");
      var out = picture(canvas, button.dataset.title || "", figure ? figure.dataset.source || "" : "");
      if (out.toBlob) {
        out.toBlob(function (blob) { save(blob, button.dataset.fileName); }, "image/png");
      } else {
        fetch(out.toDataURL("image/png")).then(function (r) { return r.blob(); }).then(function (blob) { save(blob, button.dataset.fileName); });
      }
    });
  });

  document.querySelectorAll("button.copy-embed").forEach(function (button) {
    var code = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!code) { return; }
    button.hidden = false;
    function copied(ok) {
      status.textContent = ok ? "已复制，可粘贴到网页中。" : "未能自动复制，请选中代码后手动复制。";
    }
    button.addEventListener("click", function () {
      code.focus();
      code.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(function () { copied(true); }, function () { copied(document.execCommand("copy")); });
      } else {
        copied(document.execCommand("copy"));
      }
    });
  });
})();
