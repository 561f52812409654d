// Small enhancements on top of pages that work without JavaScript. No inline script: the
// Content-Security-Policy allows scripts from our own origin only.

// A table wider than a phone's screen scrolls in its own box (CSS). One without links or
// buttons could not be reached by keyboard to scroll it, so it becomes focusable (#15).
const reachTables = () => {
  for (const table of document.querySelectorAll("main table:not([tabindex])")) {
    const scrolls = table.scrollWidth > table.clientWidth || table.scrollHeight > table.clientHeight;
    if (scrolls) table.tabIndex = 0;
  }
};
document.addEventListener("htmx:afterSettle", reachTables);
window.addEventListener("resize", reachTables);

document.addEventListener("DOMContentLoaded", () => {
  reachTables();
  // The header's links fold into a "Menu" button on a phone (#15). Without JavaScript the
  // links simply wrap under the search field; the CSS only folds a header marked "folding".
  const button = document.querySelector(".menu-toggle");
  const header = button && button.closest(".site-header");
  if (header) {
    header.classList.add("folding");
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A part of a form shown only while a radio button has a given value (#15): the
  // checkout's new-address fields, when "A new delivery address" is chosen. Without
  // JavaScript they stay visible and the server checks them only for that choice.
  for (const part of document.querySelectorAll("[data-shown-when-name]")) {
    const form = part.closest("form");
    const name = part.getAttribute("data-shown-when-name");
    const value = part.getAttribute("data-shown-when-value");
    const refresh = () => {
      const chosen = form.querySelector(`input[name="${name}"]:checked`);
      part.hidden = !chosen || chosen.value !== value;
    };
    form.addEventListener("change", refresh);
    refresh();
  }

  // Search suggestions (#11): arrow keys move from the field through the suggestions and
  // back, Escape closes them and returns to the field.
  const field = document.getElementById("site-search");
  const box = document.getElementById("search-suggestions");
  if (!field || !box) return;
  const links = () => [...box.querySelectorAll("a")];
  const move = (from, step) => {
    const all = links();
    if (!all.length) return false;
    const at = all.indexOf(from);
    const next = at + step;
    if (next < 0) field.focus();
    else all[Math.min(next, all.length - 1)].focus();
    return true;
  };
  const onKey = (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (move(document.activeElement, event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
    } else if (event.key === "Escape" && links().length) {
      box.replaceChildren();
      field.focus();
      event.preventDefault();
    }
  };
  field.addEventListener("keydown", onKey);
  box.addEventListener("keydown", onKey);
});
