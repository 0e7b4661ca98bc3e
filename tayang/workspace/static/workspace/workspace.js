// Progressive enhancement for the workspace: live character counters against the SOP's limit,
// and uploads with a progress bar. Every form still works without this script.
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

  function setUpUploader(form) {
    var progress = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    function megabytes(bytes) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    form.addEventListener("submit", function (event) {
      var files = form.querySelector("input[type=file]").files;
      if (!files.length) { return; }
      event.preventDefault();
      // The server refuses a larger request before reading it; say so before sending it.
      var total = Array.prototype.reduce.call(files, function (sum, f) { return sum + f.size; }, 0);
      if (limit && total > limit) {
        status.textContent = "Berkas yang dipilih berukuran " + megabytes(total) +
          ", melebihi batas " + megabytes(limit) + " untuk sekali kirim; tidak ada yang " +
          "diunggah. Pilih lebih sedikit berkas sekaligus, atau perkecil dulu.";
        return;
      }
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      progress.hidden = false;
      progress.value = 0;
      status.textContent = "Mengunggah " + files.length + " berkas…";
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { progress.value = Math.round(100 * e.loaded / e.total); }
      });
      request.addEventListener("load", function () {
        var answer;
        try { answer = JSON.parse(request.responseText); } catch (err) { answer = null; }
        if (!answer) {
          status.textContent = "Unggahan gagal (" + request.status + "). Coba lagi.";
          return;
        }
        var lines = [];
        if (answer.accepted.length) { lines.push(answer.accepted.length + " berkas diterima."); }
        answer.rejected.forEach(function (r) { lines.push(r.name + ": " + r.message + "."); });
        status.textContent = lines.join("\n");  // one line per file (white-space: pre-line)
        if (answer.accepted.length) {
          // Save what was typed in the content form together with showing the new files:
          // the upload moved the item's version on, so the form carries the new one.
          var content = document.getElementById("content-form");
          if (content) {
            var version = content.querySelector("input[name=version]");
            if (version) { version.value = answer.version; }
            content.submit();
          } else {
            window.location.reload();
          }
        }
      });
      request.addEventListener("error", function () {
        status.textContent = "Koneksi terputus saat mengunggah. Berkas belum tersimpan; coba lagi.";
      });
      request.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter-for]").forEach(setUpCounter);
    document.querySelectorAll("form[data-uploader]").forEach(setUpUploader);
  });
})();
