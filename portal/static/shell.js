// The header every page shares, on the portal and on the site (templates/home/_header.html):
// the search box with its instant hits, the person's menu and the language menu.
//
// The portal draws the header into its pages; a site page (built by mkdocs, the same for
// everyone) has an empty [data-shell-slot] that is filled with the same header fetched from
// /portal/shell in the page's language. Either way the text comes from the portal's catalogues
// (data-label-* attributes): this file holds no words of its own.
//
// Keys: "/" focuses the search box from anywhere but a text field; in the box ↑ ↓ choose a hit,
// Enter opens the chosen hit (or the top one), Escape closes the list.
(function () {
  "use strict";
  const HITS_SHOWN = 6;
  const DEBOUNCE_MS = 120;

  function typingIn(element) {
    if (!element) return false;
    if (element.isContentEditable) return true;
    if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
    if (element instanceof HTMLInputElement) {
      return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(element.type);
    }
    return false;
  }

  // "/" anywhere but in a text field: the page's own search box (the search page's), else the
  // header's. Bound once per page, whichever script loads first.
  if (!window.deskbookSlashBound) {
    window.deskbookSlashBound = true;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      const box = document.querySelector("[data-search-input]") || document.querySelector("[data-shell-search] input[type=search]");
      if (!box) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  // A snippet from the API is escaped text with matches in <mark>: keep exactly that.
  function snippetNodes(html) {
    const parsed = new DOMParser().parseFromString(html || "", "text/html");
    const out = [];
    parsed.body.childNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) out.push(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.push(mark);
      } else out.push(document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  function bindSearch(form) {
    const input = form.querySelector("input[type=search]");
    const list = form.querySelector("[role=listbox]");
    if (!input || !list) return;
    const labels = form.dataset;
    let ticket = 0;
    let timer = null;
    let active = -1;
    let shownQuery = "";

    function options() { return Array.from(list.querySelectorAll("[role=option]")); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function allResultsUrl(query) { return form.action + "?" + new URLSearchParams({ q: query }).toString(); }

    // Opening a hit records the search (GET /api/search?record=1 gives its id) so the click
    // counts in the insights, then goes through /portal/search/open like the search page.
    async function open(url) {
      let target = url;
      try {
        const response = await fetch("/api/search?" + new URLSearchParams({ q: shownQuery, limit: String(HITS_SHOWN), record: "1" }).toString(),
          { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (response.ok) {
          const answer = await response.json();
          if (answer.qid) target = "/portal/search/open?" + new URLSearchParams({ qid: String(answer.qid), to: url }).toString();
        }
      } catch (e) { /* go there anyway */ }
      window.location.assign(target);
    }

    function option(id, main, detail, href) {
      const li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "db-shell-hit";
      li.dataset.href = href;
      const title = document.createElement("span");
      title.className = "db-shell-hit-title";
      title.append(...main);
      li.appendChild(title);
      if (detail.length) {
        const snippet = document.createElement("span");
        snippet.className = "db-shell-hit-snippet";
        snippet.append(...detail);
        li.appendChild(snippet);
      }
      return li;
    }

    function show(query, answer) {
      shownQuery = query;
      const items = [];
      answer.hits.slice(0, HITS_SHOWN).forEach((hit, i) => {
        const main = [document.createTextNode(hit.title)];
        if (hit.heading && hit.heading !== hit.title) {
          const heading = document.createElement("span");
          heading.className = "db-shell-hit-heading";
          heading.textContent = " › " + hit.heading;
          main.push(heading);
        }
        const item = option(list.id + "-" + i, main, snippetNodes(hit.snippet), "/" + hit.url);
        item.lang = hit.lang;
        item.dir = "auto";
        items.push(item);
      });
      if (!answer.hits.length) {
        const none = document.createElement("li");
        none.className = "db-shell-none";
        none.textContent = (labels.labelNone || "").replace("%(query)s", query);
        items.push(none);
      }
      const all = option(list.id + "-all", [document.createTextNode((labels.labelAll || "").replace("%(query)s", query))], [], allResultsUrl(query));
      all.classList.add("db-shell-all");
      items.push(all);
      list.replaceChildren(...items);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    async function run() {
      const query = input.value.trim();
      if (!query) { close(); list.replaceChildren(); return; }
      const mine = ++ticket;
      try {
        const response = await fetch("/api/search?" + new URLSearchParams({ q: query, limit: String(HITS_SHOWN) }).toString(),
          { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (mine !== ticket) return;
        if (!response.ok) { close(); return; }
        show(query, await response.json());
      } catch (e) { if (mine === ticket) close(); }
    }

    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); });
    input.addEventListener("focus", () => { if (list.children.length && input.value.trim()) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        choose(event.key === "ArrowDown" ? active + 1 : (active < 0 ? -1 : active - 1));  // ↑ from the box: the last
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter") {
        const query = input.value.trim();
        if (!query) { event.preventDefault(); return; }
        const all = options();
        // Enter opens the chosen hit, else the top hit of what is shown for this very query
        if (active >= 0 && all[active]) {
          event.preventDefault();
          if (all[active].classList.contains("db-shell-all")) window.location.assign(all[active].dataset.href);
          else open(all[active].dataset.href);
          return;
        }
        const top = all[0];
        if (!list.hidden && shownQuery === query && top && !top.classList.contains("db-shell-all")) {
          event.preventDefault();
          open(top.dataset.href);
        }  // otherwise the form goes to the search page
      }
    });
    list.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (!item) return;
      if (item.classList.contains("db-shell-all")) window.location.assign(item.dataset.href);
      else open(item.dataset.href);
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  // <details> menus: one open at a time, closed by Escape or a click elsewhere.
  function bindMenus(root) {
    const menus = Array.from(root.querySelectorAll("details[data-shell-menu]"));
    menus.forEach((menu) => {
      menu.addEventListener("toggle", () => {
        if (menu.open) menus.forEach((other) => { if (other !== menu) other.open = false; });
      });
      menu.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
      });
    });
    document.addEventListener("click", (event) => {
      menus.forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    });
  }

  function bind(root) {
    root.querySelectorAll("[data-shell-search]").forEach(bindSearch);
    bindMenus(root);
  }

  // The site: fetch the header for this page's language, then let the page's own script
  // (overrides/…/deskbook.js) add the controls this person may use.
  async function fillSlot(slot) {
    const language = document.documentElement.lang || "en";
    try {
      const response = await fetch("/portal/shell?" + new URLSearchParams({ lang: language }).toString(),
        { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      window.deskbookShowHtml(slot, await response.text());
    } catch (e) { return; }
    bind(slot);
    const header = slot.querySelector("[data-shell]");
    if (!header) return;
    window.deskbookShell = header.dataset;
    document.dispatchEvent(new CustomEvent("deskbook:shell", { detail: header.dataset }));
  }

  // Choosing a language on the site (mkdocs-material's language menu) is the person's choice
  // for the portal too: it is saved before the link is followed.
  function saveSiteLanguage(slot) {
    document.addEventListener("click", async (event) => {
      const link = event.target.closest("a.md-select__link[hreflang]");
      const header = slot.querySelector("[data-shell]");
      if (!link || !header || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      try {
        await fetch(header.dataset.languageUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": header.dataset.csrf },
          body: new URLSearchParams({ language: link.hreflang }).toString(),
        });
      } catch (e) { /* the page opens in that language anyway */ }
      window.location.assign(link.href);
    });
  }

  const slot = document.querySelector("[data-shell-slot]");
  if (slot) { fillSlot(slot); saveSiteLanguage(slot); } else bind(document);
})();
