// "/" focuses the site's search box (which searches through the portal).
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
  if (event.key === "/" && !typing) {
    var box = document.querySelector("[data-db-search]");
    if (box) { event.preventDefault(); box.focus(); }
  }
});

// Knowledge capture: "Suggest an edit" and "Flag" next to every heading's permalink, and
// "Add a question" on FAQ pages. They open the portal's forms for this page and section.
(function () {
  var meta = document.querySelector('meta[name="deskbook-page"]');
  if (!meta || !meta.content) return;
  var page = meta.content;
  var typeMeta = document.querySelector('meta[name="deskbook-type"]');
  var isFaq = (typeMeta && typeMeta.content === "faq") || page.indexOf("faq/") === 0;
  var article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  if (!article) return;

  function link(text, path, params, className) {
    var a = document.createElement("a");
    a.className = "db-capture " + className;
    a.href = path + "?" + new URLSearchParams(params).toString();
    a.textContent = text;
    return a;
  }

  article.querySelectorAll("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]").forEach(function (heading) {
    var params = { page: page, anchor: heading.id };
    var box = document.createElement("span");
    box.className = "db-capture-links";
    box.appendChild(link("Suggest an edit", "/portal/capture/edit", params, "db-suggest"));
    box.appendChild(link("Flag", "/portal/capture/flag", params, "db-flag"));
    heading.appendChild(box);
  });

  if (isFaq) {
    var add = link("Add a question", "/portal/capture/faq", { page: page }, "db-add-question");
    var p = document.createElement("p");
    p.className = "db-add-question-box";
    p.appendChild(add);
    article.appendChild(p);
  }
})();

// Editor (leads): "Edit this page" opens the portal's editor for this page. The static site
// cannot know who is reading it, so the link is shown to everyone and the editor itself
// refuses anyone below the lead role.
(function () {
  var meta = document.querySelector('meta[name="deskbook-page"]');
  if (!meta || !meta.content) return;
  var article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  if (!article) return;
  var edit = document.createElement("a");
  edit.className = "db-edit-page";
  edit.href = "/portal/editor/edit?" + new URLSearchParams({ page: meta.content }).toString();
  edit.textContent = "Edit this page";
  edit.title = "Edit this page in the Deskbook editor (team leads)";
  article.insertBefore(edit, article.firstChild);
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
