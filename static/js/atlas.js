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
  }
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
