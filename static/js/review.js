/* Review queue keys: j/k move, c/r/p/x act on the current value, o opens its sentence.
   Every action is a plain form button (works without this file); htmx swaps the item. */
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (!queue) return;
  function items() { return Array.prototype.slice.call(queue.querySelectorAll("li.qitem")); }
  function current() { return queue.querySelector("li.qitem.current") || items()[0]; }
  function select(el) {
    if (!el) return;
    items().forEach(function (li) { li.classList.remove("current"); });
    el.classList.add("current");
    el.focus({preventScroll: true});
    el.scrollIntoView({block: "nearest"});
  }
  function move(step) {
    var all = items(), i = all.indexOf(current());
    select(all[Math.min(Math.max(i + step, 0), all.length - 1)]);
  }
  queue.addEventListener("click", function (event) {
    var li = event.target.closest && event.target.closest("li.qitem");
    if (li) select(li);
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    var key = event.key;
    if (key === "j") { move(1); event.preventDefault(); return; }
    if (key === "k") { move(-1); event.preventDefault(); return; }
    var li = current();
    if (!li) return;
    if (key === "o") {
      var link = li.querySelector("a.quote");
      if (link) window.location.href = link.href;
      return;
    }
    var button = li.querySelector('button[data-key="' + key + '"]');
    if (!button) return;
    event.preventDefault();
    li.classList.add("pending");
    button.click();
  });
  // After htmx swapped an item for its result, move on to the next one still open.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var done = event.detail.target && event.detail.target.isConnected ? event.detail.target : null;
    var all = items();
    var next = all.find(function (li) { return !li.classList.contains("done") &&
                                                !li.classList.contains("error"); });
    if (done && done.classList && done.classList.contains("error")) { select(done); return; }
    select(next || all[all.length - 1]);
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    // 400 responses carry the reason: show them in place.
    var xhr = event.detail.xhr, target = event.detail.target;
    if (xhr && xhr.status === 400 && target) { target.outerHTML = xhr.responseText; }
  });
})();
