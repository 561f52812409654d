// The header's links fold into a "Menu" button on a phone (#15). Without JavaScript the
// links simply wrap under the search field; the CSS only folds them once this has run.
document.documentElement.classList.add("js-menu");
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-toggle");
  const header = document.querySelector(".site-header");
  if (!button || !header) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = header.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
});
