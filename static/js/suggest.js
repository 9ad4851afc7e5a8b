/* Type-ahead on the search boxes: an ARIA combobox listing departments, districts, projects and line items.
   Arrow keys move, Enter opens the highlighted suggestion (or searches), Escape closes; typing with an input
   method (拼音) is only looked up when a word is composed. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.suggestUrl;
  if (!url || !window.fetch) { return; }
  var DELAY = 180;
  var MAX_LENGTH = 50;
  var count = 0;

  function attach(input) {
    count += 1;
    var listId = "suggest-list-" + count;
    var host = input.parentNode;
    host.classList.add("suggest-host");
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var composing = false;
    var asked = "";
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var kind = document.createElement("span");
        kind.className = "suggest-kind";
        kind.textContent = item.kind_label;
        var label = document.createElement("span");
        label.className = "suggest-label";
        label.textContent = item.label;
        option.append(kind, label);
        if (item.detail) {
          var detail = document.createElement("span");
          detail.className = "suggest-detail";
          detail.textContent = item.detail;
          option.append(detail);
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { window.location.assign(item.url); });
        list.append(option);
      });
      active = -1;
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function lookUp() {
      var query = input.value.trim();
      if (query === asked) { return; }
      asked = query;
      if (!query || query.length > MAX_LENGTH) { show([]); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), { signal: controller ? controller.signal : undefined, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === query) { show(data.suggestions || []); } })
        .catch(function () { /* a lookup overtaken by the next keystroke, or offline: the box still searches */ });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(lookUp, DELAY);
    }

    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; later(); });
    input.addEventListener("input", function (event) {
      if (composing || event.isComposing) { return; }
      later();
    });
    input.addEventListener("keydown", function (event) {
      if (event.isComposing || composing) { return; }
      var open = !list.hidden && items.length;
      if (event.key === "ArrowDown") {
        if (!open) { asked = ""; lookUp(); return; }
        event.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.assign(items[active].url);
        }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("form[role=search] input[name=q]").forEach(attach);
})();
