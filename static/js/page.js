(function () {
  "use strict";
  var mark = document.querySelector(".page-frame .highlight");
  var image = document.querySelector(".page-frame img");
  if (!mark || !image) { return; }
  var show = function () { mark.scrollIntoView({ block: "center" }); };
  if (image.complete) { show(); } else { image.addEventListener("load", show, { once: true }); }
})();
