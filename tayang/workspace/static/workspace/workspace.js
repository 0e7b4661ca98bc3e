// Progressive enhancement for the workspace: character counters against the SOP's limit that
// speak only near and over it,
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
    // The visible count is not a live region: read on every keystroke it would drown what the
    // person types. A separate polite region speaks only when the state changes: close to the
    // limit, over it, or back within it.
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    counter.insertAdjacentElement("afterend", live);
    var near = Math.max(10, Math.ceil(limit * 0.1));
    var state = null;
    function update(speak) {
      // Count characters as people see them (code points), not UTF-16 units.
      var used = Array.from(input.value).length;
      var left = limit - used;
      counter.textContent = used + " / " + limit + " karakter" +
        (left < 0 ? " — kelebihan " + (-left) + " karakter" : "");
      counter.classList.toggle("over-limit", left < 0);
      counter.classList.toggle("near-limit", left >= 0 && left <= near);
      input.setAttribute("aria-invalid", left < 0 ? "true" : "false");
      var now = left < 0 ? "over" : (left <= near ? "near" : "ok");
      if (speak && now !== state) {
        live.textContent = now === "over" ? "Kelebihan " + (-left) + " karakter dari batas " + limit + "." :
          now === "near" ? "Sisa " + left + " karakter." :
          (state ? "Kembali dalam batas " + limit + " karakter." : "");
      }
      state = now;
    }
    input.addEventListener("input", function () { update(true); });
    update(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter-for]").forEach(setUpCounter);
  });
})();
