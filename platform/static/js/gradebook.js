// The gradebook: keyboard-first cells that save as you type. No framework, no CDN.
(function () {
  "use strict";
  var table = document.getElementById("gradebook");
  if (!table) return;
  var saveUrl = table.dataset.saveUrl;
  var status = document.querySelector("[data-testid=save-status]");
  var cells = Array.prototype.slice.call(table.querySelectorAll("input.cell"));
  var columns = JSON.parse(table.dataset.columns);
  var dirty = new Map();
  var timer = null;
  var saving = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)truongso_csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function key(input) { return input.dataset.pupil + ":" + input.dataset.column; }
  function cellAt(row, col) {
    var rows = table.tBodies[0].rows;
    if (row < 0 || row >= rows.length) return null;
    return rows[row].querySelector('input[data-column="' + columns[col] + '"]');
  }
  function position(input) {
    return { row: input.closest("tr").sectionRowIndex, col: columns.indexOf(input.dataset.column) };
  }
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function save() {
    if (saving || dirty.size === 0) return;
    saving = true;
    var batch = Array.from(dirty.values());
    dirty.clear();
    var entries = batch.map(function (input) {
      return { pupil: input.dataset.pupil, column: input.dataset.column, value: input.value };
    });
    say(table.dataset.savingText || "…");
    fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ entries: entries }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      saving = false;
      if (result.ok) {
        // A cell refused by an earlier save and not sent again keeps what was typed and its
        // message (the valid cells of that save were sent again on their own).
        var sent = new Set(batch.map(key));
        result.data.rows.forEach(function (row) {
          var tr = table.querySelector('tr[data-pupil="' + row.pupil + '"]');
          Object.keys(row.cells).forEach(function (column) {
            var input = tr.querySelector('input[data-column="' + column + '"]');
            if (!input) return;
            var refused = input.classList.contains("invalid") && !sent.has(key(input));
            if (!refused && !dirty.has(key(input)) && document.activeElement !== input) {
              input.value = row.cells[column];
            }
            if (!refused) { input.classList.remove("invalid"); input.removeAttribute("title"); }
          });
          tr.querySelector(".result").textContent = row.result;
        });
        var invalid = table.querySelectorAll("input.invalid");
        say(invalid.length ? result.data.message + " " + Array.prototype.map.call(invalid, function (input) { return input.title; }).join(" ") : result.data.message, invalid.length > 0);
      } else {
        var errors = (result.data.extra && result.data.extra.errors) || [];
        var bad = new Set();
        errors.forEach(function (error) {
          var input = table.querySelector('input[data-pupil="' + error.pupil_id + '"][data-column="' + error.column + '"]');
          if (input) { input.classList.add("invalid"); input.title = error.message; bad.add(key(input)); }
        });
        say(errors.length ? errors.map(function (e) { return e.message; }).join(" ") : result.data.message, true);
        // The valid cells of the batch were not saved either (all or nothing): send them again.
        batch.forEach(function (input) { if (!bad.has(key(input))) dirty.set(key(input), input); });
        if (errors.length) schedule();
      }
      if (dirty.size) schedule();
    }).catch(function () {
      saving = false;
      batch.forEach(function (input) { dirty.set(key(input), input); });
      say(table.dataset.offlineText || "Offline: will retry.", true);
      schedule(3000);
    });
  }
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay || 400);
  }

  cells.forEach(function (input) {
    input.addEventListener("input", function () { dirty.set(key(input), input); schedule(); });
    input.addEventListener("change", function () { dirty.set(key(input), input); schedule(0); });
    input.addEventListener("keydown", function (event) {
      var at = position(input);
      var target = null;
      if (event.key === "ArrowDown" || event.key === "Enter") target = cellAt(at.row + 1, at.col);
      else if (event.key === "ArrowUp") target = cellAt(at.row - 1, at.col);
      else if (event.key === "ArrowRight" && input.selectionEnd === input.value.length) target = cellAt(at.row, at.col + 1);
      else if (event.key === "ArrowLeft" && input.selectionStart === 0) target = cellAt(at.row, at.col - 1);
      if (target) { event.preventDefault(); target.focus(); target.select(); }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size || saving) { save(); event.preventDefault(); }
  });
})();
