// Souhaits — duplicate suggestions while a wish title is typed (/wishes/new).
// Asks GET /api/v1/wishes/similar?q= after a pause in typing and lists the closest
// existing wishes with their status and support, each with a link to support it.
"use strict";

(() => {
  const box = document.getElementById("similar-wishes");
  const title = document.getElementById("title");
  if (!box || !title || !box.dataset.similarUrl) {
    return;
  }
  const DELAY_MS = 300;
  const MIN_CHARS = 4;
  let timer = null;
  let controller = null;
  let lastQuery = "";

  function clear() {
    box.replaceChildren();
  }

  function render(items) {
    clear();
    if (!items.length) {
      return;
    }
    const heading = document.createElement("p");
    heading.className = "similar-heading";
    heading.textContent = box.dataset.heading;
    const list = document.createElement("ul");
    for (const item of items) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      const meta = document.createElement("small");
      meta.textContent = ` — ${item.delivery_label || item.delivery} · ${item.votes} ${box.dataset.supportLabel} · ${item.territories_count} ${box.dataset.territoriesLabel} · `;
      const action = document.createElement("a");
      action.href = item.url;
      action.textContent = box.dataset.linkLabel;
      meta.append(action);
      li.append(link, meta);
      list.append(li);
    }
    box.append(heading, list);
  }

  async function lookup(query) {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const url = new URL(box.dataset.similarUrl, window.location.origin);
    url.searchParams.set("q", query);
    if (box.dataset.exclude) {
      url.searchParams.set("exclude", box.dataset.exclude);
    }
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      if (query === lastQuery) {
        render(data.items || []);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        clear();
      }
    }
  }

  function schedule() {
    const query = title.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    window.clearTimeout(timer);
    if (query.length < MIN_CHARS) {
      clear();
      return;
    }
    timer = window.setTimeout(() => lookup(query), DELAY_MS);
  }

  title.addEventListener("input", schedule);
  if (title.value.trim().length >= MIN_CHARS) {
    schedule();
  }
})();
