// The helpdesk sidebar (/portal/sidebar): a customer's message → /api/suggest, drawn here;
// a search box → /api/search. Everything from the server is put on the page as text, except
// the snippets, which the server escaped and marked up (<mark>) and html.js parses inertly.
// Signed in to the portal (same site), the session and its CSRF token are used; in a helpdesk
// on another site the browser sends no portal cookie, so the helpdesk's app posts
// {type: "deskbook:ticket", token, text, ticket} to this frame. Messages are read only from
// the origins the admin allowed to frame the sidebar (data-parent-origins).
// Reuse (portal/insights/reuse.py): copying a reply or opening a section posts a use to
// /api/uses, with the suggestion or search it came from and the ticket reference.
(function () {
  "use strict";
  const body = document.body;
  if (!body.hasAttribute("data-sidebar")) return;
  const labels = body.dataset;  // the words, in the reader's language (data-label-* in the page)
  const allowed = (body.dataset.parentOrigins || "").split(" ").filter(Boolean);
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.getAttribute("content") : "";
  const form = document.querySelector("[data-suggest-form]");
  const status = document.querySelector("[data-status]");
  const searchForm = document.querySelector("[data-search-form]");
  let token = null;
  let latest = 0;
  let suggestionId = null;  // the recorded suggestion on screen (X-Deskbook-Suggestion)
  let searchQid = null;  // the recorded search on screen

  function fromAllowedParent(origin) {
    return allowed.some((pattern) => {
      if (!pattern.includes("://*.")) return origin === pattern;
      const [scheme, host] = pattern.split("://*.");
      return origin.startsWith(scheme + "://") && origin.endsWith("." + host);
    });
  }

  function say(text) { status.textContent = text; }

  async function call(method, url, payload) {
    const headers = { "Accept": "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    else if (csrf) headers["X-CSRFToken"] = csrf;
    const response = await fetch(url, {
      method, headers, credentials: token ? "omit" : "same-origin",
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401) {
      document.querySelector("[data-sign-in]").hidden = false;
      throw new Error(labels.labelSignIn);
    }
    if (!response.ok) throw new Error((data && (data.message || data.error)) || labels.labelUnavailable);
    return { data, headers: response.headers };
  }

  // A reply copied or a section opened; never in the agent's way when it cannot be stored.
  function recordUse(use) {
    const ticket = form.elements.ticket.value.trim();
    const body = Object.assign({ origin: "sidebar", ticket: ticket || null }, use);
    const headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    else if (csrf) headers["X-CSRFToken"] = csrf;
    fetch("/api/uses", {
      method: "POST", headers, keepalive: true, body: JSON.stringify(body),
      credentials: token ? "omit" : "same-origin",
    }).catch(() => {});
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pageUrl(url) { return url.startsWith("/") ? url : "/" + url; }

  function link(url, text, lang, use) {
    const a = element("a", "sidebar-link", text);
    a.href = pageUrl(url);
    a.target = "_blank";  // the full page, outside the helpdesk's frame
    a.rel = "noopener";
    if (lang) { a.lang = lang; a.dir = "auto"; }
    if (use) a.addEventListener("click", () => recordUse(Object.assign({ action: "open" }, use())));
    return a;
  }

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {  // a frame without the clipboard-write permission
      const area = element("textarea");
      area.value = text;
      body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    button.textContent = labels.labelCopied;
    setTimeout(() => { button.textContent = labels.labelCopy; }, 1500);
  }

  function copyButton(text, use) {
    const button = element("button", "copy", labels.labelCopy);
    button.type = "button";
    button.dataset.copyReply = "";
    button.addEventListener("click", () => {
      copy(text, button);
      recordUse(Object.assign({ action: "copy" }, use()));
    });
    return button;
  }

  function show(section, list, items) {
    list.replaceChildren(...items);
    section.hidden = items.length === 0;
  }

  function fieldRows(fields) {
    const rows = [];
    const add = (name, value) => { rows.push(element("dt", "", name), element("dd", "", value)); };
    if (fields.customer_name) add(labels.labelSigned, fields.customer_name);
    fields.order_numbers.forEach((n) => add(labels.labelOrder, n.value + (n.name ? " (" + n.name + ")" : "")));
    fields.emails.forEach((e) => add(labels.labelEmail, e));
    fields.phones.forEach((p) => add(labels.labelPhone, p));
    fields.dates.forEach((d) => add(labels.labelDate, d.text + " = " + d.value));
    fields.amounts.forEach((a) => add(labels.labelAmount, a.text + " = " + a.value + " " + a.currency));
    return rows;
  }

  function replyItem(reply) {
    const li = element("li", "sidebar-item");
    li.dataset.reply = reply.path;
    const from = () => ({ page: reply.path, suggestion: suggestionId });
    li.append(link(reply.url, reply.title, reply.lang, from));
    if (reply.to_fill.length) li.append(element("p", "small warn", labels.labelToFill.replace("{fields}", () => reply.to_fill.join(", "))));
    const text = element("pre", "reply-text", reply.text);
    text.lang = reply.lang;
    text.dir = "auto";
    li.append(text, copyButton(reply.text, from));
    return li;
  }

  function snippet(html, lang) {
    const p = element("p", "small");
    p.lang = lang;
    p.dir = "auto";
    window.deskbookShowHtml(p, html);
    return p;
  }

  function sectionItem(section) {
    const li = element("li", "sidebar-item");
    li.dataset.section = section.path + "#" + section.anchor;
    const heading = section.heading && section.heading !== section.title ? section.title + " › " + section.heading : section.title;
    const from = () => ({ page: section.path, anchor: section.anchor, suggestion: suggestionId });
    li.append(link(section.url, heading, section.lang, from), snippet(section.snippet, section.lang));
    if (section.cross_language) li.append(element("span", "badge untranslated", labels.labelUntranslated));
    return li;
  }

  function searchItem(hit) {
    const li = element("li", "sidebar-item");
    li.dataset.hit = hit.path;
    const heading = hit.heading && hit.heading !== hit.title ? hit.title + " › " + hit.heading : hit.title;
    const from = () => ({ page: hit.path, anchor: hit.anchor, qid: searchQid });
    li.append(link(hit.url, heading, hit.lang, from), snippet(hit.snippet, hit.lang));
    if (hit.untranslated) li.append(element("span", "badge untranslated", labels.labelUntranslated));
    if (hit.reply) li.append(copyButton(hit.reply, () => ({ page: hit.path, qid: searchQid })));
    return li;
  }

  async function suggestNow() {
    const text = form.elements.text.value;
    if (!text.trim()) return;
    const asked = ++latest;
    say(labels.labelLooking);
    const payload = { text };
    if (form.elements.lang.value) payload.lang = form.elements.lang.value;
    try {
      const { data: answer, headers } = await call("POST", "/api/suggest", payload);
      if (asked !== latest) return;
      suggestionId = headers.get("X-Deskbook-Suggestion");
      show(document.querySelector("[data-fields]"), document.querySelector("[data-field-list]"), fieldRows(answer.fields));
      show(document.querySelector("[data-replies]"), document.querySelector("[data-reply-list]"), answer.replies.map(replyItem));
      show(document.querySelector("[data-sections]"), document.querySelector("[data-section-list]"), answer.sections.map(sectionItem));
      say(answer.replies.length || answer.sections.length ? labels.labelLanguage.replace("{language}", () => answer.lang) : labels.labelNothing);
    } catch (error) {
      if (asked === latest) say(error.message);
    }
  }

  async function searchNow() {
    const q = searchForm.elements.q.value.trim();
    const list = document.querySelector("[data-search-list]");
    if (!q) { list.replaceChildren(); return; }
    try {
      const { data: answer } = await call("GET", "/api/search?limit=5&record=1&q=" + encodeURIComponent(q));
      searchQid = answer.qid || null;
      list.replaceChildren(...(answer.hits.length ? answer.hits.map(searchItem) : [element("li", "muted", labels.labelNoResults.replace("{query}", () => answer.q))]));
    } catch (error) {
      list.replaceChildren(element("li", "error", error.message));
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); suggestNow(); });
  searchForm.addEventListener("submit", (event) => { event.preventDefault(); searchNow(); });

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !fromAllowedParent(event.origin)) return;
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== "deskbook:ticket") return;
    if (typeof data.token === "string" && data.token) {
      token = data.token;
      document.querySelector("[data-sign-in]").hidden = true;
    }
    if (typeof data.ticket === "string") form.elements.ticket.value = data.ticket.slice(0, 100);
    if (typeof data.text === "string") {
      form.elements.text.value = data.text;
      suggestNow();
    }
  });

  if (window.parent !== window && allowed.length) {
    window.parent.postMessage({ type: "deskbook:ready" }, "*");  // carries nothing: "send the ticket"
  }
  if (form.elements.text.value.trim() && body.hasAttribute("data-signed-in")) suggestNow();
})();
