// "/" focuses the site's search box (which searches through the portal).
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
  if (event.key === "/" && !typing) {
    var box = document.querySelector("[data-db-search]");
    if (box) { event.preventDefault(); box.focus(); }
  }
});
