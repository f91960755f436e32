// "Site: publishing… → on the site": asks the server again every second while a page is on its
// way, so the lead sees the truth without reloading (the server works it out from facts).
(function () {
  "use strict";
  const PUBLISHING = "publishing";
  function follow(element) {
    async function check() {
      let answer;
      try {
        const response = await fetch(
          "/portal/site/status?page=" + encodeURIComponent(element.dataset.page),
          { credentials: "same-origin", headers: { "Accept": "application/json" } });
        if (!response.ok) return setTimeout(check, 5000);
        answer = await response.json();
      } catch (error) {
        return setTimeout(check, 5000);  // the server restarting: keep asking, more slowly
      }
      element.dataset.state = answer.state;
      element.querySelector("[data-site-status-label]").textContent = answer.label;
      const failed = element.querySelector("[data-site-status-failed]");
      failed.hidden = answer.state !== "failed";
      element.querySelector("[data-site-status-error]").textContent = answer.error || "";
      if (answer.state === PUBLISHING) setTimeout(check, 1000);
    }
    setTimeout(check, 1000);
  }
  document.querySelectorAll("[data-site-status]").forEach((element) => {
    if (element.dataset.state === PUBLISHING) follow(element);
  });
})();
