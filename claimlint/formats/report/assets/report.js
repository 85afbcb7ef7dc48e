
// claimlint review report: filters, keyboard navigation and the finding panel.
// The page is complete without this script; it never builds markup from text (it only toggles
// classes and copies already-escaped nodes), so nothing from the linted copy can run.
// The review desk (claimlint serve) shows the same markup and calls claimlintReport.init() again
// each time it replaces the copy: element handlers are bound per rendering, page-wide ones once.
(function () {
  "use strict";

  var marks = [], pieces = [], items = [], documents = [];  // marks: one per finding; pieces: plus continuations
  var form, shown, panelBody, panelPos, prevButton, nextButton, placeholder;
  var total = 0;
  var selected = null;  // the selected finding's number, as a string

  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  function byNumber(list, n) {
    return list.filter(function (el) { return el.getAttribute("data-finding") === n; });
  }

  // The checked values of one filter group; its folded summary says how many of how many are on.
  function checked(name) {
    var values = new Set();  // a Set, not an object: a category named "__proto__" is input too
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    var on = 0;
    boxes.forEach(function (box) {
      if (box.checked) { values.add(box.value); on += 1; }
    });
    var state = form.querySelector('.group-state[data-group="' + name + '"]');
    state.textContent = on === boxes.length ? "all " + on : on + " of " + boxes.length;
    state.classList.toggle("is-narrowed", on !== boxes.length);
    return values;
  }

  function isOn(el, filters) {
    return filters.tier.has(el.getAttribute("data-tier")) &&
      filters.category.has(el.getAttribute("data-category")) &&
      filters.file.has(el.getAttribute("data-file"));
  }

  function visibleMarks() {
    return marks.filter(function (m) { return !m.classList.contains("is-off"); });
  }

  function applyFilters() {
    var filters = { tier: checked("tier"), category: checked("category"), file: checked("file") };
    pieces.forEach(function (piece) {
      var on = isOn(piece, filters);
      piece.classList.toggle("is-off", !on);
      if (piece.id) { piece.tabIndex = on ? 0 : -1; }
    });
    items.forEach(function (item) { item.hidden = !isOn(item, filters); });
    documents.forEach(function (doc) { doc.hidden = !filters.file.has(doc.getAttribute("data-file")); });
    var count = visibleMarks().length;
    shown.textContent = "Showing " + count + " of " + total + " finding" + (total === 1 ? "" : "s");
    if (selected !== null && document.getElementById("f-" + selected).classList.contains("is-off")) { clear(); }
    updateButtons();
  }

  function showInPanel(n) {
    var item = byNumber(items, n)[0];
    var detail = item && item.querySelector(".finding-detail");
    if (!detail) { return; }
    panelBody.replaceChildren(detail.cloneNode(true));
    panelPos.textContent = n + " of " + total;
  }

  function select(n) {
    if (selected === n) { return; }
    clear();
    selected = n;
    byNumber(pieces, n).forEach(function (p) { p.classList.add("is-selected"); });
    byNumber(items, n).forEach(function (i) { i.classList.add("is-selected"); });
    showInPanel(n);
  }

  function clear() {
    if (selected !== null) {
      byNumber(pieces, selected).forEach(function (p) { p.classList.remove("is-selected"); });
      byNumber(items, selected).forEach(function (i) { i.classList.remove("is-selected"); });
    }
    selected = null;
    panelBody.replaceChildren(placeholder);
    panelPos.textContent = "";
  }

  // Keyboard and buttons bring the finding to the middle of the screen; a click leaves the page where it is.
  function focusMark(mark, scroll) {
    mark.focus({ preventScroll: true });
    if (scroll) { mark.scrollIntoView({ block: "center", inline: "nearest" }); }
  }

  // Next (step 1) or previous (step -1) finding still shown, from the focused or selected one; wraps around.
  function move(step) {
    var active = document.activeElement;
    var current = active && active.matches && active.matches("mark.hl[id]") ? active :
      (selected !== null ? document.getElementById("f-" + selected) : null);
    var at = current ? marks.indexOf(current) : (step > 0 ? -1 : marks.length);
    for (var k = 1; k <= marks.length; k++) {
      var i = (((at + step * k) % marks.length) + marks.length) % marks.length;
      if (!marks[i].classList.contains("is-off")) { focusMark(marks[i], true); return; }
    }
  }

  function updateButtons() {
    var none = visibleMarks().length === 0;
    prevButton.disabled = none;
    nextButton.disabled = none;
  }

  // Find this rendering's elements and bind them; false when the page has no report part.
  function init() {
    var sidebar = document.getElementById("sidebar");
    if (!sidebar || !document.getElementById("panel-body")) { return false; }  // the desk before its first check
    marks = all("mark.hl[id]");
    pieces = all("mark.hl");
    items = all("li.finding-item");
    documents = all("article.document");
    form = document.getElementById("filters");
    shown = document.getElementById("shown");
    panelBody = document.getElementById("panel-body");
    panelPos = document.getElementById("panel-pos");
    prevButton = document.getElementById("prev");
    nextButton = document.getElementById("next");
    placeholder = panelBody.firstElementChild;
    total = marks.length;
    selected = null;
    sidebar.hidden = false;

    marks.forEach(function (mark) {
      var n = mark.getAttribute("data-finding");
      mark.addEventListener("focus", function () { select(n); });
    });
    pieces.forEach(function (piece) {
      var n = piece.getAttribute("data-finding");
      piece.addEventListener("click", function () {
        if (!piece.classList.contains("is-off")) { focusMark(document.getElementById("f-" + n), false); }
      });
      // Hovering previews a finding in the panel; leaving restores the selected one.
      piece.addEventListener("mouseenter", function () {
        if (!piece.classList.contains("is-off")) { showInPanel(n); }
      });
      piece.addEventListener("mouseleave", function () {
        if (selected !== null) { showInPanel(selected); } else { clear(); }
      });
    });

    document.querySelectorAll("a.goto").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var mark = document.getElementById("f-" + link.getAttribute("data-finding"));
        if (mark && !mark.classList.contains("is-off")) {
          event.preventDefault();
          focusMark(mark, true);
        }
      });
    });

    // "line N" leads to that line of the file as written, folded away below the copy: unfold it on the way.
    document.querySelectorAll("a.line-link").forEach(function (link) {
      link.addEventListener("click", function () {
        var line = document.getElementById(link.getAttribute("href").slice(1));
        var fold = line && line.closest("details");
        if (fold) { fold.open = true; }
      });
    });

    prevButton.addEventListener("click", function () { move(-1); });
    nextButton.addEventListener("click", function () { move(1); });
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // "Show all" checks every box and re-filters at once (a native reset would only restore the boxes after this event).
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
      applyFilters();
    });
    applyFilters();
    return true;
  }

  // Select finding n without moving the focus (the desk keeps the reviewer's place after a re-check).
  function selectQuietly(n) {
    var mark = document.getElementById("f-" + n);
    if (mark && !mark.classList.contains("is-off")) { select(String(n)); }
  }

  window.claimlintReport = { init: init, select: selectQuietly, selected: function () { return selected; } };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var typing = target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
      (target.tagName === "INPUT" && !/^(checkbox|radio|button|reset|submit)$/.test(target.type));
    if (typing) { return; }
    var key = event.key;
    if (key === "j" || key === "n") { event.preventDefault(); move(1); }
    else if (key === "k" || key === "p") { event.preventDefault(); move(-1); }
    else if (key === "Escape" && selected !== null) {
      var mark = document.getElementById("f-" + selected);
      clear();
      if (document.activeElement === mark) { mark.blur(); }
    }
  });

  // Printing shows every finding's details, whatever was open on screen.
  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = Array.prototype.slice.call(document.querySelectorAll(".finding-item details:not([open])"));
    closedBeforePrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (d) { d.open = false; });
    closedBeforePrint = [];
  });

  init();
})();
