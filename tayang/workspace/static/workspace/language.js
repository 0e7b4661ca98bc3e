// «Periksa bahasa» while writing (docs/accessible-formats.md, Bahasa): the text fields of the
// form are sent for checking a second after typing stops and when a field is left; the answer
// (an HTML fragment of our own server) fills the panel. «Ganti dengan …» puts a fix into the
// field (as typing would: the browser's undo takes it back), «Terima kata» adds a word to the
// organization's list. Suggestions only: nothing here touches submitting. Without this script
// the panel stays hidden and the form works as before.
(function () {
  "use strict";

  var PAUSE = 1000; // ms after the last keystroke
  var PENDING_AGAIN = 1500; // ms before asking again for proposals still being made
  var PENDING_TRIES = 4;

  function setUp(panel) {
    var form = panel.closest("form");
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var fields = (panel.getAttribute("data-fields") || "").split(/\s+/).filter(Boolean)
      .map(function (key) { return document.getElementById("id_" + key); })
      .filter(Boolean);
    if (!tokenInput || !fields.length || !window.fetch) { return; }
    var url = panel.getAttribute("data-check-url");
    var status = panel.querySelector(".language-live-status");
    var box = panel.querySelector(".language-live-findings");
    var heading = panel.querySelector("h2");
    var timer = null;
    var sent = null; // the texts of the last check asked for
    var asked = 0; // answers to older questions are dropped
    var pendingTries = 0;
    panel.hidden = false;

    function say(text) {
      // Only when it changes: a screen reader hears the count once, not at every check.
      if (status.textContent !== text) { status.textContent = text; }
    }

    function texts() {
      var body = new URLSearchParams();
      fields.forEach(function (field) { body.append(field.name, field.value); });
      return body.toString();
    }

    function check(again) {
      window.clearTimeout(timer);
      timer = null;
      var body = texts();
      if (!again && body === sent) { return; }
      if (!again) { pendingTries = 0; } // a new text: its proposals may be asked for again
      sent = body;
      var ticket = ++asked;
      window.fetch(url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": tokenInput.value,
          // A refusal of the whole request (too long) comes as JSON; the findings as HTML.
          "Accept": "application/json, text/html;q=0.9"
        }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          return response.json().then(function (data) {
            var first = (data.rejected || [])[0];
            return { problem: first ? first.message : "Saran bahasa tidak dapat diperbarui." };
          });
        }
        return response.text().then(function (html) { return { html: html }; });
      }).then(function (answer) {
        if (ticket === asked) { show(answer); }
      }).catch(function () {
        if (ticket === asked) { say("Saran bahasa tidak dapat diperbarui sekarang."); }
      });
    }

    function show(answer) {
      var focused = document.activeElement;
      var kept = null; // the button that had the focus, to give it back after the update
      if (focused && box.contains(focused)) {
        var item = focused.closest("li");
        kept = {
          field: item && item.getAttribute("data-field"),
          found: item && item.getAttribute("data-found"),
          label: focused.textContent
        };
      }
      if (answer.problem) {
        box.textContent = "";
        var line = document.createElement("p");
        line.className = "field-error";
        line.textContent = answer.problem;
        box.appendChild(line);
        say("Saran bahasa tidak diperbarui");
        return;
      }
      box.innerHTML = answer.html;
      var result = box.querySelector(".language-live-result");
      if (!result) { return; }
      say(result.getAttribute("data-summary"));
      if (kept) { giveFocusBack(kept); }
      if (result.hasAttribute("data-pending") && pendingTries < PENDING_TRIES) {
        pendingTries += 1;
        window.setTimeout(function () { if (!timer) { check(true); } }, PENDING_AGAIN);
      } else {
        pendingTries = 0;
      }
    }

    function giveFocusBack(kept) {
      var buttons = box.querySelectorAll("li button");
      for (var i = 0; i < buttons.length; i++) {
        var item = buttons[i].closest("li");
        if (item.getAttribute("data-field") === kept.field &&
            item.getAttribute("data-found") === kept.found &&
            buttons[i].textContent === kept.label) {
          buttons[i].focus({ preventScroll: true });
          return;
        }
      }
      heading.focus({ preventScroll: true });
    }

    function locate(text, start, found) {
      // At the reported place, else the occurrence nearest to it (the text moved on).
      if (text.substr(start, found.length) === found) { return start; }
      var best = -1;
      for (var at = text.indexOf(found); at >= 0; at = text.indexOf(found, at + 1)) {
        if (best < 0 || Math.abs(at - start) < Math.abs(best - start)) { best = at; }
      }
      return best;
    }

    function replace(field, start, found, fix) {
      var at = locate(field.value, start, found);
      if (at < 0) { return false; }
      var end = at + found.length;
      var delta = fix.length - found.length;
      var from = field.selectionStart;
      var to = field.selectionEnd;
      field.focus({ preventScroll: true });
      field.setSelectionRange(at, end);
      var typed = false;
      try { typed = document.execCommand("insertText", false, fix); } catch (error) { typed = false; }
      if (!typed || field.value.substr(at, fix.length) !== fix) {
        // No undoable insertion here: replaced directly, and the field told it changed.
        field.setRangeText(fix, at, end, "end");
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      // The writer's caret stays where it was, moved along when it was after the word.
      var moved = function (i) { return i >= end ? i + delta : (i > at ? at + fix.length : i); };
      field.setSelectionRange(moved(from), moved(to));
      return true;
    }

    function afterRemoving(item) {
      var next = item.nextElementSibling || item.previousElementSibling;
      var list = item.parentNode;
      list.removeChild(item);
      var result = box.querySelector(".language-live-result");
      var count = Math.max(0, parseInt(result.getAttribute("data-count"), 10) - 1);
      result.setAttribute("data-count", String(count));
      var target = next && next.querySelector("button");
      if (target) { target.focus({ preventScroll: true }); } else { heading.focus({ preventScroll: true }); }
      return count;
    }

    function fixClicked(button) {
      var item = button.closest("li");
      var field = document.getElementById("id_" + item.getAttribute("data-field"));
      if (!field) { return; }
      var done = replace(field, parseInt(item.getAttribute("data-start"), 10),
                         item.getAttribute("data-found"), button.getAttribute("data-fix"));
      if (!done) {
        say("Teks sudah berubah; saran bahasa diperbarui.");
        check(true);
        return;
      }
      var count = afterRemoving(item);
      say(count ? count + " saran bahasa" : "Tidak ada saran bahasa");
      // The field changed: its next check comes after the usual pause.
      window.clearTimeout(timer);
      timer = window.setTimeout(check, PAUSE);
    }

    function acceptClicked(button) {
      var word = button.getAttribute("data-accept");
      button.disabled = true;
      window.fetch(button.getAttribute("data-url"), {
        method: "POST", body: new URLSearchParams({ word: word }).toString(),
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": tokenInput.value, "Accept": "application/json"
        }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) {
          button.disabled = false;
          say(answer.data.message);
          return;
        }
        // Every place of the word goes: the list no longer flags it.
        var same = box.querySelectorAll("li [data-accept]");
        var result = box.querySelector(".language-live-result");
        var others = 0;
        for (var i = 0; i < same.length; i++) {
          if (same[i].getAttribute("data-accept") === word && same[i] !== button) {
            same[i].closest("li").remove();
            others += 1;
          }
        }
        result.setAttribute("data-count",
                            String(parseInt(result.getAttribute("data-count"), 10) - others));
        var last = afterRemoving(button.closest("li"));
        say(answer.data.message + " " + (last ? last + " saran bahasa" : "Tidak ada saran bahasa"));
      }).catch(function () {
        button.disabled = false;
        say("Kata belum dapat diterima sekarang; coba lagi.");
      });
    }

    box.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !box.contains(button)) { return; }
      if (button.hasAttribute("data-fix")) { fixClicked(button); }
      else if (button.hasAttribute("data-accept")) { acceptClicked(button); }
    });
    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, PAUSE);
      });
      field.addEventListener("blur", function () { check(false); });
    });
    if (fields.some(function (field) { return field.value.trim(); })) { check(false); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#language-live[data-check-url]").forEach(setUp);
  });
})();
