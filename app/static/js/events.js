// Events: workshop quick entry and the printable restitution (progressive enhancement).
"use strict";

(() => {
  const form = document.querySelector("[data-capture-form]");
  if (form) {
    const title = form.querySelector("input[name='title']");
    // Back on the title field, ready for the next wish (also after each save).
    const focusFirst = () => {
      const firstError = form.querySelector("[aria-invalid='true']");
      (firstError || title)?.focus();
    };
    focusFirst();
    // Scrolling or restoring the page on load may take the focus away: take it back.
    window.addEventListener("load", focusFirst, { once: true });
    // Ctrl+Enter (or Cmd+Enter) saves from any field, textarea included.
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    // Type to narrow the list of territories; Enter in the filter never submits.
    const filter = form.querySelector("[data-supporter-filter]");
    if (filter) {
      const fold = (text) =>
        text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      filter.addEventListener("input", () => {
        const wanted = fold(filter.value.trim());
        form.querySelectorAll(".supporter-list li").forEach((item) => {
          item.hidden = wanted !== "" && !fold(item.textContent).includes(wanted);
        });
      });
      filter.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
          event.preventDefault();
          const visible = [...form.querySelectorAll(".supporter-list li")].filter(
            (item) => !item.hidden
          );
          if (visible.length === 1) {
            const box = visible[0].querySelector("input");
            box.checked = !box.checked;
            filter.value = "";
            filter.dispatchEvent(new Event("input"));
          }
        }
      });
    }
  }

  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
})();
