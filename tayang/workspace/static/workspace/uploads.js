// Uploads that survive a weak signal (tayang/media/chunked.py, docs/uploads.md): each file
// goes up in pieces; after a dropped connection the page asks the server where the file stands
// and goes on from there. Each file shows its own progress and result, and the results stay
// on screen after the page reloads with the new files, where focus moves to the first empty
// alt text. Without this script the same forms upload the plain way.
(function () {
  "use strict";

  var MAX_FAILURES = 12;  // consecutive failed tries of one piece before giving up (~2 min)

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function megabytes(bytes) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }

  // One HTTP request; resolves {status, json} (status 0: no answer — the connection dropped).
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      request.open(method, url);
      request.timeout = 60000;
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", csrf());
      Object.keys(headers || {}).forEach(function (name) {
        request.setRequestHeader(name, headers[name]);
      });
      if (onProgress) {
        request.upload.addEventListener("progress", function (e) { onProgress(e.loaded); });
      }
      request.addEventListener("load", function () {
        var json = null;
        try { json = JSON.parse(request.responseText); } catch (err) { json = null; }
        resolve({status: request.status, json: json});
      });
      ["error", "timeout", "abort"].forEach(function (kind) {
        request.addEventListener(kind, function () { resolve({status: 0, json: null}); });
      });
      request.send(body);
    });
  }

  // A line of the per-file list: name, progress bar, state.
  function fileRow(list, file) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = file.size || 1;
    bar.value = 0;
    bar.setAttribute("aria-label", "Kemajuan " + file.name);
    var state = document.createElement("span");
    state.className = "file-state";
    state.textContent = "menunggu giliran";
    item.append(name, " ", bar, " ", state);
    list.appendChild(item);
    list.hidden = false;
    return {
      progress: function (bytes) {
        bar.value = Math.min(bytes, file.size);
        state.textContent = Math.floor(100 * bar.value / (file.size || 1)) + "%";
      },
      waiting: function () { state.textContent = "sinyal terputus — mencoba lagi…"; },
      done: function (text, refused) {
        bar.value = bar.max;
        state.textContent = text;
        item.classList.add(refused ? "rejected" : "accepted");
      }
    };
  }

  function refusedAnswer(name, message) {
    return {accepted: [], rejected: [{name: name, message: message}], warnings: []};
  }

  // Start the file, then send its pieces in order; resolves the server's answer for the file.
  function uploadFile(file, chunksUrl, field, row, maxBytes) {
    if (maxBytes && file.size > maxBytes) {
      return Promise.resolve(refusedAnswer(file.name, "berukuran " + megabytes(file.size) +
        ", melebihi batas " + megabytes(maxBytes) + " per berkas; perkecil atau potong dulu"));
    }
    var form = new FormData();
    form.append("field", field);
    form.append("name", file.name);
    form.append("size", String(file.size));
    return new Promise(function (resolve) {
      var url, chunk, offset = 0, failures = 0;
      function start() {
        send("POST", chunksUrl, form).then(function (answer) {
          if (answer.status === 0) { retry(start); return; }
          if (!answer.json || !answer.json.url) {
            resolve(answer.json || refusedAnswer(file.name, "unggahan gagal (" + answer.status + ")"));
            return;
          }
          url = answer.json.url;
          chunk = answer.json.chunk;
          next();
        });
      }
      function next() {
        var end = Math.min(file.size, offset + chunk);
        var sentFrom = offset;
        send("POST", url, file.slice(offset, end),
             {"Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"},
             function (loaded) { row.progress(sentFrom + loaded); })
          .then(function (answer) {
            var json = answer.json || {};
            if (answer.status === 0 || answer.status >= 500 && !json.done) { retry(resume); return; }
            if (json.done) { resolve(json); return; }
            if (answer.status === 409 && typeof json.offset === "number") {
              offset = json.offset;  // the server has more (or less) than we thought
              next();
              return;
            }
            if (answer.status >= 400) {
              resolve(refusedAnswer(file.name, json.message || "unggahan gagal (" + answer.status + ")"));
              return;
            }
            failures = 0;
            offset = json.offset;
            row.progress(offset);
            next();
          });
      }
      function resume() {
        // Where does the server stand? Go on from there (the piece that dropped is resent).
        send("GET", url).then(function (answer) {
          if (answer.json && typeof answer.json.offset === "number") {
            offset = answer.json.offset;
            row.progress(offset);
            next();
          } else if (answer.status === 404) {
            resolve(refusedAnswer(file.name, (answer.json && answer.json.message) ||
              "unggahan kedaluwarsa; pilih berkasnya lagi"));
          } else {
            retry(resume);
          }
        });
      }
      function retry(then) {
        failures += 1;
        if (failures > MAX_FAILURES) {
          resolve(refusedAnswer(file.name, "koneksi terputus terlalu lama; unggah ulang saat " +
            "sinyal membaik"));
          return;
        }
        row.waiting();
        setTimeout(then, Math.min(15000, 500 * Math.pow(2, failures - 1)));
      }
      start();
    });
  }

  // Every file of the selection, one after another (a weak signal carries one at a time).
  function uploadAll(files, chunksUrl, field, list, maxBytes) {
    var results = {accepted: [], rejected: [], warnings: [], version: null};
    return files.reduce(function (chain, file) {
      return chain.then(function () {
        var row = fileRow(list, file);
        return uploadFile(file, chunksUrl, field, row, maxBytes).then(function (answer) {
          (answer.accepted || []).forEach(function (a) { results.accepted.push(a.name); });
          (answer.rejected || []).forEach(function (r) { results.rejected.push(r); });
          (answer.warnings || []).forEach(function (w) { results.warnings.push(w); });
          if (answer.version) { results.version = answer.version; }
          if ((answer.accepted || []).length) { row.done("diterima", false); }
          else { row.done("ditolak", true); }
        });
      });
    }, Promise.resolve()).then(function () { return results; });
  }

  function lines(results) {
    var out = [];
    if (results.accepted.length) { out.push(results.accepted.length + " berkas diterima"); }
    results.rejected.forEach(function (r) { out.push(r.name + " ditolak: " + r.message + "."); });
    results.warnings.forEach(function (w) { out.push("Perhatian: " + w); });
    return out;
  }

  function remember(itemId, results) {
    try { sessionStorage.setItem("tayang-unggah-" + itemId, JSON.stringify(lines(results))); }
    catch (err) { /* private mode: the server's list of files still shows what arrived */ }
  }

  function showResults(box, texts) {
    box.textContent = "";
    var list = document.createElement("ul");
    texts.forEach(function (text) {
      var line = document.createElement("li");
      line.textContent = text;
      if (text.indexOf(" ditolak: ") > 0) { line.className = "rejected"; }
      list.appendChild(line);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function chosenFiles(container) {
    var files = [];
    container.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (f) { files.push(f); });
    });
    return files;
  }

  // The edit page's uploader: pieces, per-file progress, results kept across the reload.
  function setUpUploader(form) {
    var status = form.querySelector(".upload-status");
    var list = form.querySelector(".upload-files");
    var field = form.querySelector("input[name=field]").value;
    var maxBytes = parseInt(form.getAttribute("data-max-file-bytes"), 10);
    form.addEventListener("submit", function (event) {
      var files = chosenFiles(form);
      if (!files.length || !window.Promise || !window.Blob) { return; }
      event.preventDefault();
      list.textContent = "";
      status.textContent = "Mengunggah " + files.length + " berkas…";
      uploadAll(files, form.getAttribute("data-chunks"), field, list, maxBytes)
        .then(function (results) {
          status.textContent = lines(results).join("\n");
          if (!results.accepted.length) { return; }
          remember(form.getAttribute("data-item"), results);
          // Save what was typed in the content form together with showing the new files.
          var content = document.getElementById("content-form");
          if (content) {
            var version = content.querySelector("input[name=version]");
            if (version && results.version) { version.value = results.version; }
            var marker = document.createElement("input");
            marker.type = "hidden";
            marker.name = "after_upload";
            marker.value = "1";
            content.appendChild(marker);
            content.submit();
          } else {
            window.location.reload();
          }
        });
    });
  }

  // *Konten baru*: the draft is saved first (the form without its files), then the files go up
  // in pieces to it, then the edit form opens with the results.
  function setUpFirstScreen(form) {
    form.addEventListener("submit", function (event) {
      var groups = form.querySelectorAll(".first-screen-files");
      var chosen = Array.prototype.some.call(groups, function (g) { return chosenFiles(g).length; });
      if (!chosen || !window.Promise || !window.FormData || !FormData.prototype.delete) { return; }
      event.preventDefault();
      var body = new FormData(form);
      groups.forEach(function (g) { body.delete("files__" + g.getAttribute("data-field")); });
      body.append("files_follow", "1");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      send("POST", form.action || window.location.href, body).then(function (answer) {
        if (answer.status !== 201 || !answer.json) {
          // The form has something to correct (or no answer came): the plain way shows it.
          button.disabled = false;
          form.submit();
          return;
        }
        var created = answer.json;
        var maxBytes = parseInt(form.getAttribute("data-max-file-bytes"), 10);
        var all = {accepted: [], rejected: [], warnings: []};
        Array.prototype.reduce.call(groups, function (chain, group) {
          return chain.then(function () {
            return uploadAll(chosenFiles(group), created.chunks, group.getAttribute("data-field"),
                             group.querySelector(".upload-files"), maxBytes)
              .then(function (r) {
                all.accepted = all.accepted.concat(r.accepted);
                all.rejected = all.rejected.concat(r.rejected);
                all.warnings = all.warnings.concat(r.warnings);
              });
          });
        }, Promise.resolve()).then(function () {
          remember(created.item, all);
          window.location.assign(created.edit);
        });
      });
    });
  }

  // After the reload: the results on screen, and focus on the first alt text still to write.
  function showStoredResults() {
    var box = document.getElementById("upload-results");
    if (!box || !box.getAttribute("data-item")) { return; }
    var key = "tayang-unggah-" + box.getAttribute("data-item");
    var stored = null;
    try { stored = JSON.parse(sessionStorage.getItem(key) || "null"); sessionStorage.removeItem(key); }
    catch (err) { stored = null; }
    if (!stored || !stored.length) { return; }
    showResults(box, stored);
    if (document.getElementById("error-summary")) { return; }  // errors come first
    var empty = Array.prototype.filter.call(
      document.querySelectorAll("textarea[data-alt-text]"), function (t) { return !t.value.trim(); });
    if (empty.length) { empty[0].focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-uploader]").forEach(setUpUploader);
    document.querySelectorAll("form[data-first-screen]").forEach(setUpFirstScreen);
    showStoredResults();
  });
})();
