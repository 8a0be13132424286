// The batch page of the operators' console: poll the batch's progress every second and
// update the bar, the figures and each school's status, until every school is ready or failed.
// Without JavaScript the page shows the same figures; reload it to see them move.
(function () {
  "use strict";
  var section = document.querySelector("[data-batch-progress]");
  if (!section) { return; }
  var url = section.getAttribute("data-batch-progress");
  var bar = section.querySelector(".progress-bar");
  var meter = section.querySelector("[role=progressbar]");

  function setField(root, name, value) {
    var node = root.querySelector('[data-field="' + name + '"]');
    if (node && node.textContent !== String(value)) { node.textContent = value; }
  }

  function render(progress) {
    bar.style.width = progress.percent + "%";
    bar.classList.toggle("has-failed", progress.failed > 0);
    meter.setAttribute("aria-valuenow", progress.percent);
    ["percent", "done", "in_progress", "failed", "total"].forEach(function (name) {
      setField(section, name, progress[name]);
    });
    progress.schools.forEach(function (school) {
      var row = section.querySelector('tr[data-code="' + school.code + '"]');
      if (!row) { return; }
      var pill = row.querySelector('[data-field="status"]');
      pill.className = "pill " + school.status;
      pill.textContent = school.status_label || school.status;
      setField(row, "reason", school.reason || "");
    });
    return progress.done + progress.failed >= progress.total;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (progress) {
        if (!render(progress)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
