// The editor for leads: live filter of the page list, live (server-sanitised) Markdown preview.
(function () {
  "use strict";

  // Page list: hide rows that do not contain what is typed in the filter box.
  const filter = document.querySelector("[data-editor-filter]");
  const table = document.querySelector("[data-editor-pages]");
  if (filter && table) {
    const count = document.querySelector("[data-editor-count]");
    const rows = Array.from(table.querySelectorAll("[data-editor-row]"));
    const apply = function () {
      const needle = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const row of rows) {
        const match = !needle || row.textContent.toLowerCase().includes(needle);
        row.hidden = !match;
        if (match) shown += 1;
      }
      // the words come from the page (data-label-one, data-label-many with %(num)s)
      if (count) count.textContent = shown === 1 ? count.dataset.labelOne : count.dataset.labelMany.replace("%(num)s", String(shown));
    };
    filter.addEventListener("input", apply);
  }

  // Edit form: POST the Markdown (with the CSRF header) and show the sanitised HTML.
  const body = document.querySelector("[data-editor-body]");
  const preview = document.querySelector("[data-editor-preview]");
  if (!body || !preview) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const token = meta ? meta.getAttribute("content") : "";
  const url = preview.getAttribute("data-preview-url");
  // The page being edited: the server points its relative links where the site will have them.
  const page = preview.getAttribute("data-preview-page") || null;
  let timer = null;
  let latest = 0;

  function message(text) { window.deskbookShowNote(preview, text, "muted"); }

  async function refresh() {
    const request = ++latest;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
        body: JSON.stringify({ markdown: body.value, page: page }),
      });
      if (request !== latest) return;  // a newer preview is on its way
      const answer = await response.json();
      if (!response.ok) { message(answer.message || preview.dataset.labelFailed); return; }
      window.deskbookShowHtml(preview, answer.html);  // sanitised on the server (nh3)
    } catch (error) {
      if (request === latest) message(preview.dataset.labelFailed);
    }
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  refresh();
})();
