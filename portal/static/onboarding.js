// The checklist: ticking a task or acknowledging a reading item changes that item and the
// progress above it in place, without reloading the page (the server draws both with the
// same macros as the page: templates/onboarding/_checklist.html). Without this script the
// forms post and the page reloads at the item.
(function () {
  "use strict";
  const checklist = document.querySelector("[data-checklist]");
  if (!checklist) return;
  const meta = document.querySelector('meta[name="csrf-token"]');

  checklist.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-checklist-form]");
    if (!form) return;
    event.preventDefault();
    const item = form.closest("[data-item]");
    const track = form.closest("[data-track]");
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": meta ? meta.content : "" },
        body: new FormData(form),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.message || answer.error || "");
      const fresh = document.createElement("ol");
      window.deskbookShowHtml(fresh, answer.item);
      const row = fresh.firstElementChild;
      item.replaceWith(row);
      const summary = track.querySelector("[data-progress]");
      const holder = document.createElement("div");
      window.deskbookShowHtml(holder, answer.summary);
      if (summary && holder.firstElementChild) summary.replaceWith(holder.firstElementChild);
      const focus = row.querySelector("button, a");
      if (focus) focus.focus();
    } catch (error) {
      if (button) button.disabled = false;
      const note = item.querySelector(".item-error") || document.createElement("p");
      note.className = "item-error error-text small";
      note.setAttribute("role", "alert");
      note.textContent = error.message || checklist.dataset.labelFailed;
      item.appendChild(note);
    }
  });
})();
