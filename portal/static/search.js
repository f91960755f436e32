// Search as you type, keyboard-first: "/" focuses, arrows choose, Enter opens the section.
// Analytics (portal/analytics/record.py): keystrokes are not recorded. A search is recorded
// (`record=1`) once the person pauses for 1.5 s, submits, or opens a hit; hit links then go
// through /portal/search/open?qid=…&to=… so the click is counted too.
(function () {
  "use strict";
  const form = document.querySelector("[data-search-form]");
  if (!form) return;
  const input = form.querySelector("[data-search-input]");
  const results = document.querySelector("[data-results]");
  let selected = -1;
  let timer = null;
  let latest = 0;
  const RECORD_AFTER_MS = 1500;
  let recordTimer = null;
  let shownKey = null;  // the search whose hits are on screen
  let recorded = { key: null, qid: null };  // the last search stored for analytics

  function formParams() { return new URLSearchParams(new FormData(form)); }

  function keyOf(params) {
    const q = (params.get("q") || "").trim().toLowerCase().split(/\s+/).join(" ");
    return q ? [q, params.get("lang") || "", params.get("type") || "", params.get("tag") || "",
      params.get("explain") || ""].join("|") : null;
  }

  function openUrl(qid, url) {
    return "/portal/search/open?qid=" + encodeURIComponent(qid) + "&to=" + encodeURIComponent(url);
  }

  function linkHits(qid) {
    results.querySelectorAll("a.hit-link[data-url], a.hit-section[data-url]").forEach((a) => { a.href = openUrl(qid, a.dataset.url); });
  }

  // Store the current search (once) and point the hits at /portal/search/open; returns its id.
  async function recordNow() {
    clearTimeout(recordTimer);
    const params = formParams();
    const key = keyOf(params);
    if (!key) return null;
    if (recorded.key === key) return recorded.qid;
    params.set("limit", "1");
    params.set("record", "1");
    try {
      const response = await fetch("/api/search?" + params.toString(), {
        headers: { "Accept": "application/json" }, credentials: "same-origin",
      });
      if (!response.ok) return null;
      const body = await response.json();
      if (!body.qid) return null;
      recorded = { key, qid: body.qid };
      if (shownKey === key) linkHits(body.qid);
      return body.qid;
    } catch (e) { return null; }
  }

  async function openHit(link) {
    if (!link.dataset.url || link.pathname === "/portal/search/open") { window.location.assign(link.href); return; }
    const qid = await recordNow();
    window.location.assign(qid ? openUrl(qid, link.dataset.url) : link.dataset.url);
  }

  if (results.dataset.qid) {
    shownKey = keyOf(formParams());
    recorded = { key: shownKey, qid: results.dataset.qid };
  }

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
      const kept = formParams();  // did-you-mean keeps the language, type and tag filters
      kept.set("q", answer.suggestion);
      a.href = "?" + kept.toString();
      a.dataset.suggestion = "";
      p.append(a, "?");
      results.appendChild(p);
    }
    if (!answer.hits.length) {
      results.appendChild(el("p", "empty", "No results for “" + answer.q + "”."));
      results.appendChild(addAnswer(answer.q, "", "Nobody has written this yet — add the answer"));
      return;
    }
    const list = el("ol", "hits");
    for (const hit of answer.hits) {
      const item = el("li", "hit");
      item.dataset.hit = "";
      const link = el("a", "hit-link");
      link.href = "/" + hit.url;
      link.dataset.url = "/" + hit.url;
      link.lang = hit.lang;
      link.dir = "auto";
      link.appendChild(el("span", "hit-title", hit.title));
      if (hit.heading && hit.heading !== hit.title) link.appendChild(el("span", "hit-heading", "› " + hit.heading));
      const snippet = el("p", "hit-snippet");
      snippet.lang = hit.lang;
      snippet.dir = "auto";
      snippetNodes(hit.snippet, snippet);
      const meta = el("p", "hit-meta");
      meta.append(el("span", "badge", hit.type), " ", el("span", "badge", hit.lang), " ");
      if (hit.untranslated) {
        const label = el("span", "badge untranslated", "English — no translation yet");
        label.dataset.untranslated = "";
        meta.append(label, " ");
      }
      meta.append(el("span", "muted", hit.path));
      item.append(link, snippet);
      if (hit.sections && hit.sections.length) {  // more sections of the same page
        const more = el("ul", "hit-sections");
        for (const section of hit.sections) {
          const entry = el("li");
          const sectionLink = el("a", "hit-section", section.heading);
          sectionLink.href = "/" + section.url;
          sectionLink.dataset.url = "/" + section.url;
          sectionLink.lang = hit.lang;
          sectionLink.dir = "auto";
          entry.appendChild(sectionLink);
          more.appendChild(entry);
        }
        item.appendChild(more);
      }
      if (hit.explain) {  // a lead asked to see how each hit scored
        const why = el("ul", "hit-explain muted small");
        why.dataset.explain = "";
        for (const line of hit.explain) why.appendChild(el("li", "", line));
        item.appendChild(why);
      }
      item.appendChild(meta);
      if (hit.reply) {
        const copy = el("button", "copy", "Copy reply");
        copy.type = "button";
        copy.dataset.copy = hit.reply;
        item.appendChild(copy);
      }
      const actions = el("p", "hit-actions");
      const suggest = el("a", "", "Suggest edit");
      suggest.href = "/portal/capture/edit?" + new URLSearchParams({ page: hit.path, anchor: hit.anchor || "" });
      suggest.dataset.suggestEdit = "";
      actions.appendChild(suggest);
      item.appendChild(actions);
      list.appendChild(item);
    }
    results.appendChild(list);
    results.appendChild(addAnswer(answer.q, "None of these helped? ", "Add the answer"));
  }

  // "Nobody has written this yet": the capture form, pre-filled with the query.
  function addAnswer(query, lead, label) {
    const p = el("p", "add-answer", lead);
    p.dataset.addAnswer = "";
    const a = el("a", "", label);
    a.href = "/portal/capture/answer?" + new URLSearchParams({ q: query });
    p.appendChild(a);
    return p;
  }

  async function run() {
    const params = formParams();
    const query = (params.get("q") || "").trim();
    const key = keyOf(params);
    history.replaceState(null, "", "?" + params.toString());
    if (!query) { results.replaceChildren(); shownKey = null; return; }
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
    shownKey = key;
    if (recorded.key === key) linkHits(recorded.qid);
  }

  function scheduleRecord() { clearTimeout(recordTimer); recordTimer = setTimeout(recordNow, RECORD_AFTER_MS); }

  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); scheduleRecord(); }

  input.addEventListener("input", schedule);
  form.querySelectorAll("[data-search-filter]").forEach((f) => f.addEventListener("change", () => { run(); scheduleRecord(); }));
  form.addEventListener("submit", async (event) => { event.preventDefault(); await run(); recordNow(); });

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement
      || event.target instanceof HTMLSelectElement;
    if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); input.select(); return; }
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Enter" && selected >= 0) {
      event.preventDefault();
      const link = hits()[selected].querySelector("a.hit-link");
      if (link) openHit(link);
    } else if (event.key === "Escape") { input.blur(); select(-1); }
  });

  results.addEventListener("click", (event) => {
    const link = event.target.closest("a.hit-link, a.hit-section");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.pathname === "/portal/search/open") return;  // already counted on the way
    event.preventDefault();
    openHit(link);
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
