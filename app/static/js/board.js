// Workshop board: asks the server every two seconds whether the ranking changed
// (ETag / If-None-Match, so an unchanged board costs no body) and redraws it in place.
"use strict";

(() => {
  const root = document.querySelector("[data-board]");
  if (!root) return;
  const list = root.querySelector("[data-board-list]");
  const total = root.querySelector("[data-board-total]");
  const state = root.querySelector("[data-board-state]");
  const url = root.dataset.boardUrl;
  const labels = root.dataset;
  const names = JSON.parse(root.dataset.territoryNames || "{}");
  let etag = root.dataset.etag ? `"${root.dataset.etag}"` : null;
  const INTERVAL = 2000;

  const cell = (className, text) => {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  };

  const draw = (board) => {
    const rows = board.items.map((item) => {
      const li = document.createElement("li");
      li.dataset.wishId = item.wish.id;
      li.append(cell("dot-board-title", item.wish.title));
      li.append(cell("dot-board-territory", names[item.wish.territory] || item.wish.territory));
      const dots = cell("dot-board-dots", ` ${labels.labelDots}`);
      const strong = document.createElement("strong");
      strong.textContent = item.dots;
      dots.prepend(strong);
      li.append(dots);
      li.append(cell("dot-board-count", `${item.territories} ${labels.labelTerritories}`));
      return li;
    });
    if (rows.length) list.replaceChildren(...rows);
    if (total) total.textContent = board.items.reduce((sum, item) => sum + item.dots, 0);
    if (state) {
      state.textContent = board.open ? labels.labelOpen : labels.labelClosed;
      state.classList.toggle("is-open", board.open);
      state.classList.toggle("is-closed", !board.open);
    }
  };

  const poll = async () => {
    try {
      const headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(url, { headers, credentials: "same-origin", cache: "no-cache" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        draw(await response.json());
      }
    } catch (error) {
      // The network comes back: the next poll catches up.
    } finally {
      window.setTimeout(poll, INTERVAL);
    }
  };
  window.setTimeout(poll, INTERVAL);
})();
