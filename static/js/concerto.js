// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var region = document.getElementById("htmx-error");
  if (region) {
    region.textContent = region.dataset.message || "Une erreur est survenue. Veuillez réessayer.";
  }
});
