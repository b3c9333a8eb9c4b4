// Taking an attempt: save answers as the trainee goes, show the server's countdown, mark answered questions.
// The server keeps the real clock and refuses late saves; this script only keeps the page honest about it.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var saveUrl = form.getAttribute("data-save-url");
  var state = document.getElementById("save-state");
  var timer = null;
  var saving = false;
  var again = false;

  function markAnswered(positions) {
    document.querySelectorAll(".question-states a").forEach(function (link) {
      var position = parseInt(link.id.replace("state-", ""), 10);
      var done = positions.indexOf(position) !== -1;
      link.className = done ? "answered" : "unanswered";
    });
  }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    fetch(saveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 409 && result.data.review) { window.location.assign(result.data.review); return; }
      if (result.status !== 200) { state.textContent = result.data.error || form.getAttribute("data-error-text"); return; }
      var time = new Date(result.data.saved_at).toLocaleTimeString();
      state.textContent = form.getAttribute("data-saved-text").replace("{time}", time);
      markAnswered(result.data.answered || []);
      if (typeof result.data.remaining === "number") { startClock(result.data.remaining); }
    }).catch(function () {
      state.textContent = form.getAttribute("data-error-text");
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 700);
  }
  form.addEventListener("change", soon);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { soon(); }
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); });

  // Countdown: remaining seconds come from the server; the browser's clock only measures the time since.
  var countdown = document.getElementById("countdown");
  var value = document.getElementById("countdown-value");
  var alertBox = document.getElementById("countdown-alert");
  var ticking = null;
  var warned = false;
  function startClock(remaining) {
    if (!countdown) { return; }
    var ends = Date.now() + remaining * 1000;
    window.clearInterval(ticking);
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      countdown.classList.toggle("countdown-low", left <= 60);
      if (left <= 60 && !warned) { warned = true; alertBox.textContent = form.getAttribute("data-minute-text"); }
      if (left === 0) {
        window.clearInterval(ticking);
        alertBox.textContent = form.getAttribute("data-timeout-text");
        form.submit();
      }
    }
    tick();
    ticking = window.setInterval(tick, 1000);
  }
  if (countdown) { startClock(parseInt(countdown.getAttribute("data-remaining"), 10)); }
})();
