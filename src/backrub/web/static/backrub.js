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
    // htmx listens for "change" to show the rows of the ticked regions.
    box.dispatchEvent(new Event("change", { bubbles: true }));
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpMap(); setUpPrint(); });
  } else {
    setUpMap();
    setUpPrint();
  }
})();
