// Shows a part of a form only while a radio button has a given value (#15): the checkout's
// new-address fields appear when "A new delivery address" is chosen. Without JavaScript the
// fields stay visible and the server checks them only for that choice. A file, not an inline
// script: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  function follow(part) {
    var form = part.closest("form");
    var name = part.getAttribute("data-shown-when-name");
    var value = part.getAttribute("data-shown-when-value");
    function refresh() {
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      part.hidden = !chosen || chosen.value !== value;
    }
    form.addEventListener("change", refresh);
    refresh();
  }

  function start() {
    document.querySelectorAll("[data-shown-when-name]").forEach(follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
