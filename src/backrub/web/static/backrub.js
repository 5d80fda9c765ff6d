// backrub: optional enhancements only; every page works without this file.
// No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function checkboxFor(region) {
    return document.getElementById("region-" + region.getAttribute("data-region"));
  }

  function sync(region) {
    var box = checkboxFor(region);
    if (!box) return;
    region.setAttribute("aria-checked", box.checked ? "true" : "false");
    region.classList.toggle("picked", box.checked);
  }

  function toggle(region) {
    var box = checkboxFor(region);
    if (!box) return;
    box.checked = !box.checked;
    // The pain rows follow "change" (setUpPainRows), as for a tick in the list.
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // A ticked region's pain row comes from its <template> on the page, at once: no request
  // per tick, so two quick taps give two rows. Unticking removes the row and its answers.
  function setUpPainRows() {
    var holder = document.querySelector("[data-pain-rows]");
    if (!holder) return;
    var templates = Array.prototype.slice.call(holder.querySelectorAll("template[data-pain-template]"));
    var order = templates.map(function (t) { return t.getAttribute("data-pain-template"); });
    var empty = holder.querySelector("[data-pain-empty]");

    function liveRow(id) {
      return holder.querySelector('.pain-row[data-region="' + id + '"]');
    }

    function show(id, wanted) {
      var row = liveRow(id);
      if (!wanted) {
        if (row) row.remove();
      } else if (!row) {
        var index = order.indexOf(id);
        if (index < 0) return;
        var after = null; // the first live row of a region later on the list
        for (var i = index + 1; i < order.length && !after; i += 1) after = liveRow(order[i]);
        var fresh = templates[index].content.firstElementChild.cloneNode(true);
        holder.insertBefore(fresh, after || templates[0]);
      }
      if (empty) empty.hidden = Boolean(holder.querySelector(".pain-row"));
    }

    document.querySelectorAll('#regions input[name="region"]').forEach(function (box) {
      show(box.value, box.checked);
      box.addEventListener("change", function () { show(box.value, box.checked); });
    });
  }

  function setUpMap() {
    var regions = document.querySelectorAll(".back-map--pick .region[data-region]");
    regions.forEach(function (region) {
      // Without JavaScript each region is a link to its checkbox; with it, a toggle.
      region.setAttribute("role", "checkbox");
      sync(region);
      region.addEventListener("click", function (event) {
        event.preventDefault();
        toggle(region);
      });
      region.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") {
          event.preventDefault();
          toggle(region);
        }
      });
      var box = checkboxFor(region);
      if (box) box.addEventListener("change", function () { sync(region); });
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The intake as a wizard: one step at a time, each checked as it is left, and the
  // browser's Back going back a step. The checks only catch the obvious early: the server
  // judges the whole form when it is sent, and opens the step holding any error
  // (data-open-step). Without this script the form is one page with every step on it.
  var INTEGER = /^[+-]?\d{1,9}$/;

  function numberProblem(input) {
    // The server's own words (backrub.validation), from the field's min and max.
    var expected = "expected an integer from " + input.min + " to " + input.max;
    var text = input.value.trim();
    if (input.validity.badInput) return expected;
    var required = input.required || input.hasAttribute("data-required");
    if (!text) return required ? "required; " + expected : "";
    if (!INTEGER.test(text)) return expected + ", got " + JSON.stringify(text);
    var value = parseInt(text, 10);
    var inRange = value >= Number(input.min) && value <= Number(input.max);
    return inRange ? "" : expected + ", got " + value;
  }

  function isAsked(input) {
    // A pain row counts only while its region is ticked (hidden rows are not asked).
    var row = input.closest(".pain-row[data-region]");
    if (!row) return true;
    var box = document.getElementById("region-" + row.getAttribute("data-region"));
    return Boolean(box && box.checked);
  }

  function problemsIn(step) {
    var found = []; // [element, message] in the order they appear
    var asked = "input[type=number], fieldset[data-answer-required], [data-issue-row]";
    step.querySelectorAll(asked).forEach(function (element) {
      if (element.matches("input")) {
        var message = isAsked(element) ? numberProblem(element) : "";
        if (message) found.push([element, message]);
      } else if (element.matches("fieldset")) {
        // A group that needs a tick: a radio chosen, or a box ticked ("No to every...").
        if (!element.querySelector("input:checked")) {
          found.push([element, element.getAttribute("data-answer-required")]);
        }
      } else {
        // A skin-or-lump row: both of its answers, or neither.
        var pair = element.querySelectorAll("select");
        var empty = Array.prototype.filter.call(pair, function (select) { return !select.value; });
        if (empty.length === 1) {
          found.push([empty[0], empty[0].getAttribute("data-answer-required")]);
        }
      }
    });
    return found;
  }

  function clearProblems(step) {
    step.querySelectorAll("p.error").forEach(function (note) { note.remove(); });
    step.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
      element.removeAttribute("aria-describedby");
    });
  }

  function markProblem(element, message) {
    // The same markup as the server's messages (_macros.html error_for).
    var note = document.createElement("p");
    note.className = "error";
    note.id = "error-" + element.id;
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = "Error: ";
    note.append(prefix, message);
    var legend = element.matches("fieldset") ? element.querySelector("legend") : null;
    if (legend) legend.after(note); else element.before(note);
    element.setAttribute("aria-invalid", "true");
    element.setAttribute("aria-describedby", note.id);
    return note;
  }

  function checkStep(step) {
    clearProblems(step);
    var found = problemsIn(step);
    found.forEach(function (problem, index) {
      var note = markProblem(problem[0], problem[1]);
      if (index) return;
      var target = problem[0].matches("fieldset") ? problem[0].querySelector("input") : problem[0];
      note.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    });
    return found.length === 0;
  }

  function setUpNoneOfThese(form) {
    // "No to every question above" and a yes cannot both be ticked.
    var none = form.querySelector("#no_red_flags");
    if (!none) return;
    var flags = form.querySelectorAll('input[name="red_flags"]');
    none.addEventListener("change", function () {
      if (none.checked) flags.forEach(function (flag) { flag.checked = false; });
    });
    flags.forEach(function (flag) {
      flag.addEventListener("change", function () { if (flag.checked) none.checked = false; });
    });
  }

  function setUpIssueRows(form) {
    // One skin-or-lump row at a time: the next shows once the one before has an answer.
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-issue-row]"));
    function used(row) {
      var selects = row.querySelectorAll("select");
      return Array.prototype.some.call(selects, function (select) { return select.value; });
    }
    function update() {
      rows.forEach(function (row, index) {
        row.hidden = index > 0 && !used(rows[index - 1]) && !used(row);
      });
    }
    rows.forEach(function (row) { row.addEventListener("change", update); });
    update();
  }

  function setUpWizard() {
    var form = document.querySelector("form[data-wizard]");
    if (!form) return;
    setUpNoneOfThese(form);
    setUpIssueRows(form);
    var steps = Array.prototype.slice.call(form.querySelectorAll("section[data-step]"));
    var markers = form.querySelectorAll("[data-step-marker]");
    var opened = parseInt(form.getAttribute("data-open-step"), 10) || 1;
    var current = Math.min(Math.max(opened, 1), steps.length);
    var summary = document.querySelector(".error-summary");
    var summaryStep = current; // the server's message is about a field on this step

    function show(number, moveFocus) {
      current = number;
      steps.forEach(function (step, index) { step.hidden = index + 1 !== number; });
      markers.forEach(function (marker) {
        var n = Number(marker.getAttribute("data-step-marker"));
        if (n === number) marker.setAttribute("aria-current", "step");
        else marker.removeAttribute("aria-current");
        marker.classList.toggle("done", n < number);
      });
      if (!moveFocus) return;
      form.scrollIntoView({ block: "start" });
      steps[number - 1].querySelector("h2").focus({ preventScroll: true });
    }

    function leave(number) {
      // Check the step being left; the server's summary goes once its step is right.
      var fine = checkStep(steps[number - 1]);
      if (fine && summary && number === summaryStep) {
        summary.remove();
        summary = null;
      }
      return fine;
    }

    function emergencyAnswered(step) {
      var flags = (step.getAttribute("data-emergency-flags") || "").split(" ");
      return flags.some(function (flag) {
        var box = flag && document.getElementById("red_flags-" + flag);
        return box && box.checked;
      });
    }

    function next() {
      if (!leave(current)) return;
      if (emergencyAnswered(steps[current - 1])) {
        // A yes that needs emergency help: the stop page now, not two more steps first.
        // (The server answers an emergency flag with the stop page whatever else is missing.)
        form.submit();
        return;
      }
      var from = current;
      show(current + 1, true);
      history.pushState({ wizardStep: current, back: from }, "");
    }

    function back() {
      var state = history.state || {};
      if (state.wizardStep === current && state.back === current - 1) {
        history.back(); // popstate shows the step before
        return;
      }
      show(current - 1, true);
      history.replaceState({ wizardStep: current, back: 0 }, "");
    }

    window.addEventListener("popstate", function (event) {
      var wanted = event.state && event.state.wizardStep;
      if (!wanted || wanted === current) return;
      if (wanted < current) {
        show(wanted, true);
        return;
      }
      // Forward again: every step on the way must still be right.
      while (current < wanted && leave(current)) show(current + 1, false);
      if (current === wanted) show(current, true);
      else history.replaceState({ wizardStep: current, back: 0 }, "");
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-wizard-next], [data-wizard-back]");
      if (!button) return;
      if (button.hasAttribute("data-wizard-next")) next(); else back();
    });
    form.addEventListener("submit", function (event) {
      // Enter in a field before the last step means Next, as the buttons show.
      if (current < steps.length) {
        event.preventDefault();
        next();
      } else if (!leave(current)) {
        event.preventDefault();
      }
    });

    form.classList.add("wizard");
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    history.replaceState({ wizardStep: current, back: 0 }, "");
    show(current, false);
  }

  function setUp() {
    setUpPainRows();
    setUpMap();
    setUpPrint();
    setUpWizard();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
