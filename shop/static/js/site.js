// Small enhancements on top of pages that work without JavaScript. No inline script: the
// Content-Security-Policy allows scripts from our own origin only.

// The header's links fold into a "Menu" button on a phone (#15). Without JavaScript the
// links simply wrap under the search field; the CSS only folds them once this has run.
document.documentElement.classList.add("js-menu");

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-toggle");
  const header = document.querySelector(".site-header");
  if (button && header) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
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
