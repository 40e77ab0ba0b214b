// Map of France: a tooltip that follows the pointer and keyboard focus.
// The map works without this file (native <title> tooltips, plain links).
"use strict";

(() => {
  const setup = (svg) => {
    const figure = svg.closest(".map-figure");
    const tooltip = figure && figure.querySelector(".map-tooltip");
    if (!tooltip) return;
    let active = null;

    const show = (link, x, y) => {
      if (active && active !== link) active.classList.remove("is-active");
      active = link;
      link.classList.add("is-active");
      tooltip.textContent = link.dataset.tip || "";
      tooltip.hidden = false;
      const box = figure.getBoundingClientRect();
      const left = Math.min(Math.max(0, x - box.left + 12), box.width - tooltip.offsetWidth);
      tooltip.style.left = `${Math.max(0, left)}px`;
      tooltip.style.top = `${Math.max(0, y - box.top + 12)}px`;
    };
    const hide = () => {
      if (active) active.classList.remove("is-active");
      active = null;
      tooltip.hidden = true;
    };

    svg.addEventListener("mousemove", (event) => {
      const link = event.target.closest("a.dept-link");
      if (link) show(link, event.clientX, event.clientY);
      else hide();
    });
    svg.addEventListener("mouseleave", hide);
    svg.addEventListener("focusin", (event) => {
      const link = event.target.closest("a.dept-link");
      if (!link) return;
      const rect = link.getBoundingClientRect();
      show(link, rect.left + rect.width / 2, rect.top + rect.height / 2);
    });
    svg.addEventListener("focusout", hide);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
    });
  };

  document.querySelectorAll("svg.france-map").forEach(setup);
})();
