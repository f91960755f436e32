// Showing HTML the server drew (sanitised previews, search results) without ever assigning
// markup to a live element: it is parsed into an inert document, where scripts never run,
// and its nodes are moved over. Loaded by base.html before each page's own script.
(function () {
  "use strict";
  window.deskbookShowHtml = function (target, html) {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    target.replaceChildren(...Array.from(parsed.body.childNodes).map((node) => document.importNode(node, true)));
  };

  // A one-line note in place of what `target` showed.
  window.deskbookShowNote = function (target, text, className) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    target.replaceChildren(p);
  };
})();
