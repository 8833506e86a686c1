/* wireclaims review: keyboard shortcuts (the pages work without this script).
   Claims table: j/k move the current row, Enter or o opens it, x selects it, / searches.
   Claim page: j/k next/previous claim, 1-4 the four verdicts, n the note, s save, u next unreviewed.
   Keys typed into a text field are the field's; Esc leaves the field. */
(function () {
  "use strict";
  var current = -1;

  function typing(target) {
    var tag = target && target.tagName;
    if (tag === "INPUT") { return ["checkbox", "radio", "submit", "button"].indexOf(target.type) < 0; }
    return tag === "TEXTAREA" || tag === "SELECT" || Boolean(target && target.isContentEditable);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.claims tbody tr[data-href]"));
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return false; }
    if (current >= 0 && all[current]) { all[current].classList.remove("current"); all[current].removeAttribute("aria-current"); }
    current = Math.max(0, Math.min(all.length - 1, current + step));
    all[current].classList.add("current");
    all[current].setAttribute("aria-current", "true");
    all[current].scrollIntoView({block: "nearest"});
    return true;
  }

  function go(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.href; }
    return Boolean(link);
  }

  function listKey(key) {
    var all = rows();
    if (key === "j") { return move(1); }
    if (key === "k") { return move(current < 0 ? 1 : -1); }
    if ((key === "Enter" || key === "o") && all[current]) { window.location.href = all[current].dataset.href; return true; }
    if (key === "x" && all[current]) {
      var box = all[current].querySelector("input[type=checkbox]");
      box.checked = !box.checked;
      return true;
    }
    if (key === "/") { var q = document.querySelector("input[name=q]"); if (q) { q.focus(); return true; } }
    return false;
  }

  function claimKey(key) {
    var form = document.getElementById("review-form");
    if (key === "j") { return go("#next-claim"); }
    if (key === "k") { return go("#prev-claim"); }
    if (key === "u") { return go("#next-unreviewed"); }
    if (key >= "1" && key <= "4") {
      var radios = form.querySelectorAll("input[name=status]");
      var radio = radios[Number(key) - 1];
      if (radio) { radio.checked = true; }
      return Boolean(radio);
    }
    if (key === "n") { form.querySelector("textarea[name=note]").focus(); return true; }
    if (key === "s") { form.requestSubmit(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var handled = document.getElementById("review-form") ? claimKey(event.key)
      : document.querySelector("table.claims") ? listKey(event.key) : false;
    if (handled) { event.preventDefault(); }
  });
}());
