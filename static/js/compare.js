(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  var level = form.elements.level, code = form.elements.code;
  var showCodes = function () {
    if (!level || !code) { return; }
    Array.prototype.forEach.call(code.querySelectorAll("optgroup"), function (group) {
      var hidden = level.value !== "" && group.getAttribute("data-level") !== level.value;
      group.hidden = hidden;
      group.disabled = hidden;
    });
    var chosen = code.selectedOptions[0];
    if (chosen && chosen.parentNode.disabled) { code.value = ""; }
  };
  if (level) { level.addEventListener("change", showCodes); showCodes(); }
  form.elements.measure.addEventListener("change", function () { if (level) { level.value = ""; showCodes(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var picked = function (name) {
      return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (box) { return box.value; }).join(",");
    };
    var params = new URLSearchParams();
    params.set("departments", Array.prototype.map.call(form.elements.d.selectedOptions, function (option) { return option.value; }).join(","));
    params.set("years", picked("y"));
    params.set("measure", form.elements.measure.value);
    if (level && level.value && code && code.value) { params.set("level", level.value); params.set("code", code.value); }
    if (form.elements.calc && form.elements.calc.value !== "printed") { params.set("calc", form.elements.calc.value); }
    if (form.elements.kind.value) { params.set("kind", form.elements.kind.value); }
    window.location.search = params.toString();
  });
})();
