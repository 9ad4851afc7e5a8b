(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var picked = function (name) {
      return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (box) { return box.value; }).join(",");
    };
    var params = new URLSearchParams();
    params.set("departments", Array.prototype.map.call(form.elements.d.selectedOptions, function (option) { return option.value; }).join(","));
    params.set("years", picked("y"));
    params.set("measure", form.elements.measure.value);
    if (form.elements.kind.value) { params.set("kind", form.elements.kind.value); }
    window.location.search = params.toString();
  });
})();
