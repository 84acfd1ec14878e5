// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var region = document.getElementById("htmx-error");
  if (region) {
    region.textContent = region.dataset.message || "Une erreur est survenue. Veuillez réessayer.";
  }
});

// Phone navigation: the bar folds behind the "Menu" button (the CSS only folds it once this ran).
(function () {
  var toggle = document.querySelector(".nav-toggle");
  var menu = document.getElementById("site-menu");
  if (!toggle || !menu) return;
  document.documentElement.classList.add("js-nav");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  });
})();

// Tables become stacked cards on a phone: each cell is labelled with its column's heading.
function labelTableCells(root) {
  (root || document).querySelectorAll("table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!headings.length) return;
    table.classList.add("stackable");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headings[index]);
      });
    });
  });
}
labelTableCells(document);
document.addEventListener("htmx:afterSwap", function (event) { labelTableCells(event.target); });
