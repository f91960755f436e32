// Search as you type, keyboard-first: "/" focuses, arrows choose, Enter opens the section.
(function () {
  "use strict";
  const form = document.querySelector("[data-search-form]");
  if (!form) return;
  const input = form.querySelector("[data-search-input]");
  const results = document.querySelector("[data-results]");
  let selected = -1;
  let timer = null;
  let latest = 0;

  function hits() { return Array.from(results.querySelectorAll("[data-hit]")); }

  function select(index) {
    const all = hits();
    all.forEach((hit) => hit.classList.remove("selected"));
    if (!all.length) { selected = -1; return; }
    selected = Math.max(0, Math.min(index, all.length - 1));
    all[selected].classList.add("selected");
    all[selected].scrollIntoView({ block: "nearest" });
  }

  // Snippets arrive HTML-escaped with <mark> around matches; build nodes, never innerHTML.
  function snippetNodes(snippet, parent) {
    const parts = snippet.split(/(<mark>|<\/mark>)/);
    let marked = false;
    const decoder = document.createElement("textarea");
    for (const part of parts) {
      if (part === "<mark>") { marked = true; continue; }
      if (part === "</mark>") { marked = false; continue; }
      decoder.innerHTML = part;  // textarea content is never parsed as markup
      const text = document.createTextNode(decoder.value);
      if (marked) { const m = document.createElement("mark"); m.appendChild(text); parent.appendChild(m); }
      else parent.appendChild(text);
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(answer) {
    results.replaceChildren();
    selected = -1;
    if (answer.suggestion) {
      const p = el("p", "suggestion", "Did you mean ");
      const a = el("a", "", answer.suggestion);
      a.href = "?q=" + encodeURIComponent(answer.suggestion);
      a.dataset.suggestion = "";
      p.append(a, "?");
      results.appendChild(p);
    }
    if (!answer.hits.length) {
      results.appendChild(el("p", "empty", "No results for “" + answer.q + "”."));
      return;
    }
    const list = el("ol", "hits");
    for (const hit of answer.hits) {
      const item = el("li", "hit");
      item.dataset.hit = "";
      const link = el("a", "hit-link");
      link.href = "/" + hit.url;
      link.lang = hit.lang;
      link.dir = "auto";
      link.appendChild(el("span", "hit-title", hit.title));
      if (hit.heading && hit.heading !== hit.title) link.appendChild(el("span", "hit-heading", "› " + hit.heading));
      const snippet = el("p", "hit-snippet");
      snippet.lang = hit.lang;
      snippet.dir = "auto";
      snippetNodes(hit.snippet, snippet);
      const meta = el("p", "hit-meta");
      meta.append(el("span", "badge", hit.type), " ", el("span", "badge", hit.lang), " ", el("span", "muted", hit.path));
      item.append(link, snippet, meta);
      if (hit.reply) {
        const copy = el("button", "copy", "Copy reply");
        copy.type = "button";
        copy.dataset.copy = hit.reply;
        item.appendChild(copy);
      }
      list.appendChild(item);
    }
    results.appendChild(list);
  }

  async function run() {
    const params = new URLSearchParams(new FormData(form));
    const query = (params.get("q") || "").trim();
    history.replaceState(null, "", "?" + params.toString());
    if (!query) { results.replaceChildren(); return; }
    const ticket = ++latest;
    params.set("limit", "10");
    const response = await fetch("/api/search?" + params.toString(), {
      headers: { "Accept": "application/json" }, credentials: "same-origin",
    });
    if (ticket !== latest) return;  // a newer keystroke already asked
    if (!response.ok) {
      let message = "Search is unavailable right now; try again in a moment.";
      try { const body = await response.json(); message = body.message || body.error || message; } catch (e) { /* keep default */ }
      results.replaceChildren(el("p", "error", message));
      return;
    }
    render(await response.json());
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); }

  input.addEventListener("input", schedule);
  form.querySelectorAll("[data-search-filter]").forEach((f) => f.addEventListener("change", run));
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement
      || event.target instanceof HTMLSelectElement;
    if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); input.select(); return; }
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Enter" && selected >= 0) {
      event.preventDefault();
      const link = hits()[selected].querySelector("a.hit-link");
      if (link) window.location.assign(link.href);
    } else if (event.key === "Escape") { input.blur(); select(-1); }
  });

  results.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const text = button.dataset.copy;
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand("copy"); area.remove();
    }
    button.textContent = "Copied ✓";
    setTimeout(() => { button.textContent = "Copy reply"; }, 1500);
  });
})();
