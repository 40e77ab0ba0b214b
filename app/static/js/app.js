// Souhaits — progressive enhancement only; every page works without this file.
"use strict";

document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = button && button.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The header's "Menu" button (shown on narrow screens) opens and closes the navigation.
(() => {
  const toggle = document.querySelector(".menu-toggle");
  const menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  });
})();

// A dropdown (details.dropdown) closes on Escape and on a click elsewhere.
document.addEventListener("click", (event) => {
  for (const details of document.querySelectorAll("details.dropdown[open]")) {
    if (!details.contains(event.target)) {
      details.open = false;
    }
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  for (const details of document.querySelectorAll("details.dropdown[open]")) {
    details.open = false;
    details.querySelector("summary").focus();
  }
});

// Triage queue: opening a wish in the side panel marks its row and moves the focus to
// the panel's heading once it has arrived (the actions inside keep their focus).
let focusTriagePanel = false;
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-triage-open]");
  if (!link) return;
  document.querySelectorAll("a[data-triage-open][aria-current]").forEach((other) => {
    other.removeAttribute("aria-current");
    other.closest("tr").classList.remove("selected");
  });
  link.setAttribute("aria-current", "true");
  link.closest("tr").classList.add("selected");
  focusTriagePanel = true;
});
document.addEventListener("htmx:afterSettle", () => {
  if (!focusTriagePanel) return;
  focusTriagePanel = false;
  const heading = document.getElementById("panel-title");
  if (heading) heading.focus();
});

// In-place actions whose button disappears (mark as read) name the element to take the
// focus next with data-focus-after-swap; it takes it only if the focus was lost with
// the button, so a user who has moved on is left where they are.
document.addEventListener("htmx:afterSettle", () => {
  const next = document.querySelector("[data-focus-after-swap]");
  if (!next) return;
  next.removeAttribute("data-focus-after-swap");
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  // Focusing would scroll the element to the middle of the screen: the page stays put,
  // and only moves as little as needed when the element is out of sight.
  next.focus({ preventScroll: true });
  const box = next.getBoundingClientRect();
  if (box.bottom < 0 || box.top > window.innerHeight) next.scrollIntoView({ block: "nearest" });
});

// A swapped fragment keeps its disclosures (details) as the user left them: a group
// marked read stays expanded instead of collapsing under the reader's eyes.
let openDetails = [];
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  openDetails = target ? Array.from(target.querySelectorAll("details[open][id]"), (d) => d.id) : [];
});
document.addEventListener("htmx:afterSwap", () => {
  for (const id of openDetails) {
    const details = document.getElementById(id);
    if (details) details.open = true;
  }
  openDetails = [];
});
