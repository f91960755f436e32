// The search page, keyboard-first: "/" focuses the box (static/shell.js), ↓ moves into the
// hits and ↑ ↓ choose one, Enter opens the chosen hit (or, from the box, the top one), "c"
// copies the chosen hit's reply, Escape goes back to the box. The hits are drawn on the server
// (templates/search_ui/_results.html, from /portal/search/results); this script only puts them on
// the page. The words it shows come from the page (data-label-* on the results).
// Analytics (portal/analytics/record.py): keystrokes are not recorded. The search on screen is
// recorded once the person pauses for 1.5 s, submits, opens a hit or copies a reply, by posting
// the signed note that came with its results to /portal/search/record (the search is not run
// again); hit links then go through /portal/search/open?qid=…&to=… so the click is counted
// too (and as a use of the section, portal/insights/reuse.py); a copied reply posts a use to
// /api/uses, which makes its search a successful one.
(function () {
  "use strict";
  const form = document.querySelector("[data-search-form]");
  if (!form) return;
  const input = form.querySelector("[data-search-input]");
  const results = document.querySelector("[data-results]");
  const filters = Array.from(document.querySelectorAll("[data-search-filter]"));
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.getAttribute("content") : "";
  const labels = results.dataset;
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

  function answer() { return results.querySelector("[data-answer]"); }

  async function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
  }

  // Store the search on screen (once) and point its hits at /portal/search/open; returns its id.
  async function recordNow() {
    clearTimeout(recordTimer);
    const shown = answer();
    if (!shownKey || !shown) return null;
    if (recorded.key === shownKey) return recorded.qid;
    if (!shown.dataset.recordToken) return null;
    const key = shownKey;
    try {
      const response = await post("/portal/search/record", { token: shown.dataset.recordToken });
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

  const first = answer();
  if (first && first.dataset.qid) {
    shownKey = keyOf(formParams());
    recorded = { key: shownKey, qid: first.dataset.qid };
  }

  function hits() { return Array.from(results.querySelectorAll("[data-hit]")); }

  function select(index) {
    const all = hits();
    all.forEach((hit) => hit.classList.remove("selected"));
    if (!all.length || index < 0) { selected = -1; return; }
    selected = Math.min(index, all.length - 1);
    const hit = all[selected];
    hit.classList.add("selected");
    const link = hit.querySelector("a.hit-link");
    if (link) link.focus();
    hit.scrollIntoView({ block: "nearest" });
  }

  function show(html) { window.deskbookShowHtml(results, html); selected = -1; }

  async function run() {
    const params = formParams();
    const query = (params.get("q") || "").trim();
    const key = keyOf(params);
    history.replaceState(null, "", "?" + params.toString());
    if (!query) { results.replaceChildren(); shownKey = null; return; }
    const ticket = ++latest;
    const response = await fetch("/portal/search/results?" + params.toString(), {
      // the hits come as HTML; an error (a bad filter, the index being rebuilt) as JSON
      headers: { "Accept": "text/html;q=0.9, application/json" }, credentials: "same-origin",
    });
    if (ticket !== latest) return;  // a newer keystroke already asked
    if (!response.ok) {
      let text = labels.labelUnavailable;
      try { const body = await response.json(); text = body.message || body.error || text; } catch (e) { /* keep default */ }
      window.deskbookShowNote(results, text, "error");
      return;
    }
    show(await response.text());
    shownKey = key;
    if (recorded.key === key) linkHits(recorded.qid);
  }

  function scheduleRecord() { clearTimeout(recordTimer); recordTimer = setTimeout(recordNow, RECORD_AFTER_MS); }

  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); scheduleRecord(); }

  async function copy(button) {
    const text = button.dataset.copy;
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand("copy"); area.remove();
    }
    button.textContent = labels.labelCopied;
    setTimeout(() => { button.textContent = labels.labelCopy; }, 1500);
    // A copied reply is a use of its page, and makes the search a successful one.
    const qid = await recordNow();
    fetch("/api/uses", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ page: button.dataset.page, action: "copy", origin: "search", qid }),
    }).catch(() => {});
  }

  function showingThisQuery() { return shownKey !== null && shownKey === keyOf(formParams()); }

  input.addEventListener("input", schedule);
  filters.forEach((f) => f.addEventListener("change", () => { run(); scheduleRecord(); }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Enter in the box: the top hit of what is shown for these very words, else search
    const top = showingThisQuery() ? results.querySelector("[data-hit] a.hit-link") : null;
    if (top) { openHit(top); return; }
    await run();
    recordNow();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && hits().length) { event.preventDefault(); select(0); }
    else if (event.key === "Escape") { input.blur(); select(-1); }
  });

  results.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (selected <= 0) { select(-1); input.focus(); } else select(selected - 1);
    } else if (event.key === "Escape") { event.preventDefault(); select(-1); input.focus(); }
    else if (event.key === "c" && selected >= 0) {
      const button = hits()[selected].querySelector("button[data-copy]");
      if (button) { event.preventDefault(); copy(button); }
    }
  });

  results.addEventListener("focusin", (event) => {
    const hit = event.target.closest("[data-hit]");
    if (!hit) return;
    const index = hits().indexOf(hit);
    if (index !== selected) { hits().forEach((h) => h.classList.remove("selected")); hit.classList.add("selected"); selected = index; }
  });

  results.addEventListener("click", (event) => {
    const link = event.target.closest("a.hit-link, a.hit-section");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.pathname === "/portal/search/open") return;  // already counted on the way
    event.preventDefault();
    openHit(link);
  });

  results.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (button) copy(button);
  });
})();
