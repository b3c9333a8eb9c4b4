// Certificate template: refresh the sample PDF as the form changes (the server renders it; nothing is saved).
(function () {
  "use strict";
  var form = document.getElementById("template-form");
  var frame = document.getElementById("preview");
  if (!form || !frame) { return; }
  var base = frame.getAttribute("src");
  var timer = null;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("csrf_token");
    frame.setAttribute("src", base + "?" + params.toString());
  }
  form.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(refresh, 800); });
  form.addEventListener("change", function () { window.clearTimeout(timer); timer = window.setTimeout(refresh, 300); });
})();
