// Progressive enhancement for the workspace: live character counters against the SOP's limit,
// (uploads: uploads.js). Every form still works without this script.
(function () {
  "use strict";

  function setUpCounter(counter) {
    var input = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!input) { return; }
    var limit = parseInt(input.getAttribute("data-limit"), 10);
    // Screen readers read the count with the field, not only when it changes.
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (counter.id && described.indexOf(counter.id) < 0) {
      input.setAttribute("aria-describedby", described.concat(counter.id).join(" "));
    }
    function update() {
      // Count characters as people see them (code points), not UTF-16 units.
      var used = Array.from(input.value).length;
      var left = limit - used;
      counter.textContent = used + " / " + limit + " karakter" +
        (left < 0 ? " — kelebihan " + (-left) + " karakter" : "");
      counter.classList.toggle("over-limit", left < 0);
      input.setAttribute("aria-invalid", left < 0 ? "true" : "false");
    }
    input.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter-for]").forEach(setUpCounter);
  });
})();
