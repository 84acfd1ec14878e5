// The review form's running weighted total, computed as the server does (scoring/aggregation.py):
// the weighted mean of each score over its maximum, out of 100; "—" while a score is missing.
(function () {
  var output = document.getElementById("running-total");
  if (!output) return;
  var form = output.closest("form");
  var criteria = form.querySelectorAll("fieldset.criterion[data-weight]");
  var locale = (document.documentElement.lang || "fr") + "-CA";

  function scoreOf(criterion) {
    var input = criterion.querySelector("input[type=radio]:checked, input[type=number]");
    if (!input || input.value === "") return null;
    var value = parseFloat(input.value.replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function update() {
    var weights = 0, points = 0, missing = false;
    criteria.forEach(function (criterion) {
      var weight = parseFloat(criterion.dataset.weight), max = parseFloat(criterion.dataset.max);
      var value = scoreOf(criterion);
      weights += weight;
      if (value === null) { missing = true; return; }
      points += weight * Math.min(Math.max(value / max, 0), 1);
    });
    output.textContent = missing || weights <= 0 ? "—"
      : (100 * points / weights).toLocaleString(locale, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }

  output.parentElement.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
