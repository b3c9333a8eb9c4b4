// Live Markdown preview: the server renders and sanitises; this only sends the text and shows the result.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-preview-url");
  var token = document.querySelector('input[name="csrf_token"]');
  if (!url || !token) { return; }
  document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
    var target = document.getElementById(area.getAttribute("data-preview"));
    if (!target) { return; }
    var timer = null;
    var refresh = function () {
      var body = new URLSearchParams();
      body.set("text", area.value);
      body.set("csrf_token", token.value);
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": token.value } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && typeof data.html === "string") { target.innerHTML = data.html; } })
        .catch(function () { /* keep the last preview */ });
    };
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
  });
})();
