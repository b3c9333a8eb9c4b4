// Bulk issue: poll the job's progress until it is done, and fill in the table as trainees are processed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-text");
  var rows = document.getElementById("job-rows");
  var template = text.textContent.replace(/\d+/, "{done}").replace(/\d+/, "{total}");
  function cell(value, code) {
    var td = document.createElement("td");
    if (code) { var c = document.createElement("code"); c.textContent = value; td.appendChild(c); }
    else { td.textContent = value; td.setAttribute("dir", "auto"); }
    return td;
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        bar.max = job.total || 1;
        bar.value = job.done;
        text.textContent = template.replace("{done}", job.done).replace("{total}", job.total);
        while (rows.firstChild) { rows.removeChild(rows.firstChild); }
        job.results.forEach(function (row) {
          var tr = document.createElement("tr");
          tr.appendChild(cell(row.serial || "—", true));
          tr.appendChild(cell(row.user, false));
          tr.appendChild(cell(row.label || row.status, false));
          rows.appendChild(tr);
        });
        if (job.status === "queued" || job.status === "running") { window.setTimeout(poll, 1000); }
        else { var note = document.getElementById("job-note"); if (note) { note.remove(); } }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  var status = box.getAttribute("data-status");
  if (status === "queued" || status === "running") { window.setTimeout(poll, 500); }
})();
