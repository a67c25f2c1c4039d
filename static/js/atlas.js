/* Policy Atlas: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  // Version page: show a clause's extracted attributes when it is clicked or activated.
  var detailsBody = document.getElementById("clause-details-body");
  function showClause(id) {
    var panel = document.getElementById("clause-" + id + "-attrs");
    if (!panel || !detailsBody) return;
    var copy = panel.cloneNode(true);
    copy.removeAttribute("id");
    copy.hidden = false;
    detailsBody.replaceChildren(copy);
    document.querySelectorAll(".clause.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    var span = document.getElementById("clause-" + id);
    if (span) span.classList.add("selected");
    loadReview(id);
  }
  // Review panel (review app): the clause's reviews and, for reviewers, a form.
  var reviewBox = document.getElementById("clause-review");
  function loadReview(id) {
    if (!reviewBox) return;
    var here = window.location.pathname + "#clause-" + id;
    var url = reviewBox.getAttribute("data-url").replace(/\/0\/$/, "/" + id + "/") +
      "?next=" + encodeURIComponent(here);
    fetch(url, {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.text() : "";
    }).then(function (html) { reviewBox.innerHTML = html; });
  }
  // Adding a missing value on selected words: send the selection's offsets in the version.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("review-form")) return;
    var panel = form.closest(".review-panel");
    var span = panel && document.getElementById("clause-" + panel.getAttribute("data-clause"));
    var sel = window.getSelection && window.getSelection();
    if (!span || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!span.contains(range.startContainer) || !span.contains(range.endContainer)) return;
    var before = document.createRange();
    before.setStart(span, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = parseInt(panel.getAttribute("data-start"), 10) + before.toString().length;
    form.elements.span_start.value = start;
    form.elements.span_end.value = start + range.toString().length;
  });
  document.addEventListener("click", function (event) {
    var span = event.target.closest && event.target.closest(".clause[data-clause]");
    if (span) showClause(span.getAttribute("data-clause"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var span = event.target.closest && event.target.closest(".clause[data-clause]");
    if (!span) return;
    event.preventDefault();
    showClause(span.getAttribute("data-clause"));
  });
  function fromHash() {
    var match = /^#clause-(\d+)$/.exec(window.location.hash);
    if (match) showClause(match[1]);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
(function () {
  // Comparison: fold sections (one button per section, collapse/expand all) and hide the
  // empty rows (every company's cell empty; sections nobody covers) until asked.
  var table = document.querySelector("table.compare");
  if (!table) return;
  table.classList.add("fold-ready");
  var controls = document.querySelector(".fold-controls");
  if (controls) controls.hidden = false;
  function setFolded(body, folded) {
    body.classList.toggle("collapsed", folded);
    var button = body.querySelector("button.fold");
    if (button) button.setAttribute("aria-expanded", folded ? "false" : "true");
    var note = body.querySelector(".folded-note");
    if (note) note.hidden = !folded;
  }
  table.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.fold");
    if (!button) return;
    var body = button.closest("tbody");
    setFolded(body, !body.classList.contains("collapsed"));
  });
  if (!controls) return;
  controls.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-fold");
    if (action === "collapse-all" || action === "expand-all") {
      table.querySelectorAll("tbody.section-block").forEach(function (body) {
        setFolded(body, action === "collapse-all");
      });
    }
  });
  // Empty rows (no company's cell says anything) are hidden until this button shows them.
  var showEmpty = controls.querySelector('[data-fold="show-empty"]');
  if (showEmpty) {
    showEmpty.addEventListener("click", function () {
      var shown = table.classList.toggle("show-empty");
      showEmpty.setAttribute("aria-pressed", shown ? "true" : "false");
      showEmpty.textContent = shown ? "Hide empty rows" : "Show empty rows";
      var state = controls.querySelector(".empty-state");
      if (state) state.textContent = shown ? "shown" : "hidden";
    });
  }
})();
