// The application form's enhancements; the form works without them (the server computes the same totals).
(function () {
  "use strict";

  var GROUPED = /^[1-9]\d{0,2}([.,'])\d{3}(?:\1\d{3})*$/;

  // The same reading as core.money.parse_amount: "60 000,00 $", "60000", "$60,000.00"; null if unreadable.
  function parseAmount(text) {
    var value = String(text || "").replace(/[\s\u00a0\u202f\u2009\u2007]+/g, "").replace("\u2212", "-");
    if (value.slice(-1) === "$") {
      value = value.slice(0, -1);
    } else {
      value = value.replace(/^(-?)\$/, "$1");
    }
    if (value === "") {
      return 0;
    }
    var sign = 1;
    if (value[0] === "-" || value[0] === "+") {
      sign = value[0] === "-" ? -1 : 1;
      value = value.slice(1);
    }
    if (/^\d+$/.test(value)) {
      return sign * Number(value);
    }
    var grouped = value.match(GROUPED);
    if (grouped) {
      return sign * Number(value.replace(/[.,']/g, ""));
    }
    var at = Math.max(value.lastIndexOf(","), value.lastIndexOf("."));
    if (at < 0) {
      return null;
    }
    var head = value.slice(0, at);
    var tail = value.slice(at + 1);
    if (!/^\d*$/.test(tail)) {
      return null;
    }
    if (head && !/^\d+$/.test(head)) {
      var headGroups = head.match(/^[1-9]\d{0,2}([.,'])\d{3}(?:\1\d{3})*$/);
      if (!headGroups || headGroups[1] === value[at]) {
        return null;
      }
      head = head.replace(/[.,']/g, "");
    }
    return sign * Number((head || "0") + "." + (tail || "0"));
  }

  function formatMoney(amount) {
    var english = (document.documentElement.lang || "fr").indexOf("en") === 0;
    return new Intl.NumberFormat(english ? "en-CA" : "fr-CA", {style: "currency", currency: "CAD"}).format(amount);
  }

  // Sum of one column over the rows still shown (a removed row is hidden until the save deletes it).
  function columnTotal(prefix, field) {
    var total = 0;
    var selector = "#formset-" + prefix + " .formset-row:not([hidden]) input[name$='-" + field + "']";
    document.querySelectorAll(selector).forEach(function (input) {
      var amount = parseAmount(input.value);
      total += amount === null ? 0 : amount;
    });
    return Math.round(total * 100) / 100;
  }

  function updateTotals() {
    var box = document.querySelector("[data-budget-totals]");
    if (!box) {
      return;
    }
    var totals = {
      cost: columnTotal("budget_lines", "total_amount"),
      fund: columnTotal("budget_lines", "fund_amount"),
      other: columnTotal("cofundings", "amount")
    };
    totals.gap = Math.round((totals.cost - totals.fund - totals.other) * 100) / 100;
    Object.keys(totals).forEach(function (name) {
      var cell = box.querySelector("[data-total='" + name + "']");
      if (cell) {
        cell.textContent = formatMoney(totals[name]);
      }
    });
    var over = box.querySelector("[data-over-maximum]");
    if (over) {
      over.hidden = !(totals.fund > Number(box.dataset.max));
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#formset-budget_lines, #formset-cofundings")) {
      updateTotals();
    }
  });
  // Rows added, removed or pasted through htmx.
  document.addEventListener("htmx:afterSettle", updateTotals);
  updateTotals();
})();
