(function () {
  "use strict";
  // A collapsed table's link opens the whole table on its own page; with scripts, the rows come in place.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".more-rows a[data-table]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var article = document.getElementById(link.dataset.table);
    if (!article) { return; }
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var whole = page.getElementById(link.dataset.table);
        if (!whole) { throw new Error("missing"); }
        article.replaceWith(document.importNode(whole, true));
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
