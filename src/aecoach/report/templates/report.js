// Filters that work offline: each answer carries its role, skills and rating as data-*
// attributes; a session with no visible answer is hidden too.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var role = form.querySelector("[name=role]");
  var skill = form.querySelector("[name=skill]");
  var rating = form.querySelector("[name=rating]");
  var count = document.getElementById("shown-count");
  function matches(answer) {
    if (role.value && answer.dataset.role !== role.value) { return false; }
    if (skill.value && (" " + answer.dataset.skills + " ").indexOf(" " + skill.value + " ") < 0) {
      return false;
    }
    if (rating.value) {
      var r = answer.dataset.rating;
      if (rating.value === "skipped") { return r === ""; }
      if (rating.value === "low") { return r !== "" && Number(r) <= 2; }
      return r === rating.value;
    }
    return true;
  }
  function apply() {
    var shown = 0;
    document.querySelectorAll("section.session").forEach(function (session) {
      var any = false;
      session.querySelectorAll("article.answer").forEach(function (answer) {
        var ok = matches(answer);
        answer.hidden = !ok;
        if (ok) { any = true; shown += 1; }
      });
      session.hidden = !any;
    });
    if (count) { count.textContent = String(shown); }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
