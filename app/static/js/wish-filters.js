// Wish list: the filters apply as they change, without a "Filtrer" button. The list is
// fetched and swapped in place, the address follows (shareable, Back and Forward work);
// without this file the form is an ordinary GET form.
"use strict";

(() => {
  const form = document.getElementById("wish-filters");
  const results = form && document.getElementById(form.dataset.results);
  if (!results || !window.fetch || !window.history.pushState) {
    return;
  }
  form.classList.add("auto-filter");

  const toggle = form.querySelector(".filters-toggle");
  const more = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (more) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      more.classList.toggle("is-open", open);
    });
  }

  let pending = null;
  // A sort the reader did not pick stays out of the address: the server then orders a
  // search by relevance and the rest by support.
  let sortChosen = new URLSearchParams(window.location.search).has("sort");

  function addressOf() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value !== "" && (name !== "sort" || sortChosen)) {
        params.append(name, value);
      }
    }
    const query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function announce(text) {
    const live = document.getElementById("live-region");
    if (live) {
      const message = document.createElement("p");
      message.className = "visually-hidden";
      message.textContent = text;
      live.replaceChildren(message);
    }
  }

  // Replaces the parts of the page that depend on the filters with the server's.
  function swap(html) {
    const next = new DOMParser().parseFromString(html, "text/html");
    const fresh = next.getElementById(results.id);
    if (!fresh) {
      return false;
    }
    results.replaceChildren(...fresh.childNodes);
    for (const selector of [".filters-count", ".filters-actions"]) {
      const mine = form.querySelector(selector);
      const theirs = next.querySelector("#" + form.id + " " + selector);
      if (mine && theirs) {
        mine.replaceChildren(...theirs.childNodes);
      }
    }
    const sort = form.elements.namedItem("sort");
    const freshSort = next.querySelector("#" + form.id + " select[name=sort]");
    if (sort && freshSort && sort.innerHTML !== freshSort.innerHTML) {
      sort.innerHTML = freshSort.innerHTML;
    }
    document.title = next.title;
    if (window.htmx) {
      window.htmx.process(results);
    }
    const count = results.querySelector(".result-count");
    if (count) {
      announce(count.textContent.trim());
    }
    return true;
  }

  async function load(url, push) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        signal: pending.signal,
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (!response.ok || !swap(await response.text())) {
        window.location.assign(url);
        return;
      }
      if (push) {
        window.history.pushState({ wishFilters: true }, "", url);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        window.location.assign(url);
      }
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  function apply() {
    const url = addressOf();
    if (url !== window.location.pathname + window.location.search &&
        url !== window.location.href) {
      load(url, true);
    }
  }

  let typing = null;
  form.addEventListener("change", (event) => {
    if (event.target.name === "q") {
      return; // handled while typing, below
    }
    if (event.target.name === "sort") {
      sortChosen = true;
    }
    apply();
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") {
      return;
    }
    window.clearTimeout(typing);
    typing = window.setTimeout(apply, 400);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    apply();
  });

  // Back and Forward: the form and the list follow the address.
  window.addEventListener("popstate", () => {
    const params = new URLSearchParams(window.location.search);
    sortChosen = params.has("sort");
    for (const element of form.elements) {
      if (!element.name) {
        continue;
      }
      if (element.type === "checkbox") {
        element.checked = params.getAll(element.name).includes(element.value);
      } else if (element.tagName === "SELECT" || element.type === "search") {
        element.value = params.get(element.name) || (element.tagName === "SELECT" ? element.options[0].value : "");
      }
    }
    load(window.location.href, false);
  });
})();
