// Deskbook on every page of the site. The header the portal shares (search, the person's menu)
// is put in by the portal's shell.js; once it is there (the "deskbook:shell" event, carrying
// who is reading and the words in this page's language), this adds the controls that person
// may use:
// - "Suggest an edit" and "Flag" beside every heading, "Add a question" on FAQ pages, which
//   open the portal's forms for this page and section (everyone signed in);
// - "Edit this page", which opens the portal's editor (leads and admins only).
// It also writes each <time datetime> in the page's language.
(function () {
  "use strict";
  const root = document.documentElement;
  const language = root.lang || "en";

  // Dates as the page's language writes them, with the Latin digits the team's pages use.
  const dateFormat = new Intl.DateTimeFormat(language + "-u-nu-latn", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  document.querySelectorAll(".db-page-meta time[datetime]").forEach((time) => {
    const day = new Date(time.getAttribute("datetime") + "T00:00:00Z");
    if (!Number.isNaN(day.getTime())) time.textContent = dateFormat.format(day);
  });

  const meta = document.querySelector('meta[name="deskbook-page"]');
  if (!meta || !meta.content) return;
  const page = meta.content;
  const typeMeta = document.querySelector('meta[name="deskbook-type"]');
  const isFaq = (typeMeta && typeMeta.content === "faq") || page.indexOf("faq/") === 0;
  const article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  if (!article) return;

  function link(text, path, params, className) {
    const a = document.createElement("a");
    a.className = className;
    a.href = path + "?" + new URLSearchParams(params).toString();
    a.textContent = text;
    return a;
  }

  function addControls(shell) {
    if (article.dataset.dbControls) return;
    article.dataset.dbControls = "1";
    if (shell.canCapture) {
      article.querySelectorAll("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]").forEach((heading) => {
        const params = { page: page, anchor: heading.id };
        const box = document.createElement("span");
        box.className = "db-capture-links";
        box.appendChild(link(shell.labelSuggest, "/portal/capture/edit", params, "db-capture db-suggest"));
        box.appendChild(link(shell.labelFlag, "/portal/capture/flag", params, "db-capture db-flag"));
        heading.appendChild(box);
      });
      if (isFaq) {
        const p = document.createElement("p");
        p.className = "db-add-question-box";
        p.appendChild(link(shell.labelAddQuestion, "/portal/capture/faq", { page: page }, "db-capture db-add-question"));
        article.appendChild(p);
      }
    }
    if (shell.canEdit) {
      const edit = link(shell.labelEditPage, "/portal/editor/edit", { page: page }, "db-edit-page");
      article.insertBefore(edit, article.firstChild);
    }
  }

  if (window.deskbookShell) addControls(window.deskbookShell);
  document.addEventListener("deskbook:shell", (event) => addControls(event.detail));
})();

// Reuse: copying a canned reply on a template page (the theme's copy button on its reply
// block) is a use of that page, recorded by the portal (portal/insights/reuse.py). The site's
// pages carry no CSRF token, so one is asked for first; a failure never gets in the way.
(function () {
  var meta = document.querySelector('meta[name="deskbook-page"]');
  var typeMeta = document.querySelector('meta[name="deskbook-type"]');
  if (!meta || !meta.content || !typeMeta || typeMeta.content !== "template") return;
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest('.md-clipboard, [data-md-type="copy"]') : null;
    if (!button) return;
    fetch("/portal/uses/csrf", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        return fetch("/api/uses", {
          method: "POST", credentials: "same-origin", keepalive: true,
          headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": data.csrf },
          body: JSON.stringify({ page: meta.content, action: "copy", origin: "site" }),
        });
      })
      .catch(function () {});
  });
})();
