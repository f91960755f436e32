// Capture and review forms: a live, sanitised preview of the Markdown being written.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="csrf-token"]');
  document.querySelectorAll("textarea[data-capture-markdown]").forEach((area) => {
    const form = area.closest("form");
    const preview = form && form.querySelector("[data-capture-preview]");
    if (!preview) return;
    let timer = null;
    let latest = 0;
    async function render() {
      const ticket = ++latest;
      const response = await fetch("/portal/capture/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRFToken": token ? token.content : "" },
        body: JSON.stringify({ markdown: area.value }),
      });
      if (ticket !== latest || !response.ok) return;
      const answer = await response.json();
      window.deskbookShowHtml(preview, answer.html);  // sanitised on the server (nh3), like the site
      preview.hidden = !area.value.trim();
    }
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(render, 250); });
    if (area.value.trim()) render();
  });
})();
