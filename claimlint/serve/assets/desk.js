
// claimlint review desk: checks the copy as it is edited and records the reviewer's decisions.
// The highlighted copy and side panel come from the server already escaped, rendered by the report's own
// code; this script inserts that markup and never builds markup from the copy itself. Scripts in inserted
// markup do not run, and the page's Content-Security-Policy would refuse them and any inline handler.
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="claimlint-csrf"]').getAttribute("content");
  var copy = document.getElementById("copy");
  var filename = document.getElementById("filename");
  var reviewer = document.getElementById("reviewer");
  var status = document.getElementById("desk-status");
  var documentsBox = document.getElementById("documents");
  var decisionsBox = document.getElementById("decisions");
  var DEBOUNCE_MS = 400;
  var timer = null;
  var sequence = 0;  // only the answer to the latest check is shown
  var selectedFingerprint = null;

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
  }

  function post(url, payload, changesReview) {
    var headers = { "Content-Type": "application/json" };
    if (changesReview) { headers["X-CSRF-Token"] = csrf; }
    return fetch(url, { method: "POST", headers: headers, body: JSON.stringify(payload), credentials: "same-origin" })
      .then(answer);
  }

  function answer(response) {
    return response.json().then(function (data) {
      if (!response.ok) { throw new Error(data.error || ("HTTP " + response.status)); }
      return data;
    });
  }

  function fingerprintOf(n) {
    var item = document.getElementById("item-" + n);
    var actions = item && item.querySelector(".desk-actions");
    return actions ? actions.getAttribute("data-fingerprint") : null;
  }

  function numberOf(fingerprint) {
    var actions = documentsBox.querySelector('.desk-actions[data-fingerprint="' + CSS.escape(fingerprint) + '"]');
    var detail = actions && actions.closest(".finding-detail");
    return detail ? detail.getAttribute("data-finding") : null;
  }

  function check() {
    clearTimeout(timer);
    timer = null;
    var mine = ++sequence;
    var text = copy.value;
    if (!text.trim()) {
      documentsBox.replaceChildren();
      decisionsBox.replaceChildren();
      say("Paste copy to check it.");
      return Promise.resolve();
    }
    var current = window.claimlintReport.selected();
    if (current !== null) { selectedFingerprint = fingerprintOf(current) || selectedFingerprint; }
    say("Checking…");
    return post("/api/desk", { text: text, filename: filename.value }).then(function (view) {
      if (mine !== sequence) { return; }
      documentsBox.innerHTML = view.documents;  // escaped by the server (the report's renderer)
      document.getElementById("sidebar").outerHTML = view.sidebar;
      decisionsBox.innerHTML = view.decisions;
      window.claimlintReport.init();
      var again = selectedFingerprint && numberOf(selectedFingerprint);
      if (again) { window.claimlintReport.select(again); }
      var withheld = view.withheld.length ? " · " + view.withheld.length + " decided or waived, not highlighted" : "";
      var problems = view.problems.length ? " · " + view.problems.join("; ") : "";
      say(view.findings + " finding" + (view.findings === 1 ? "" : "s") + withheld + problems +
        " · checked " + new Date().toLocaleTimeString(), view.problems.length > 0);
      document.body.setAttribute("data-checked", String(mine));
    }).catch(function (error) {
      if (mine === sequence) { say(error.message, true); }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function decide(actions, decision, extra) {
    var payload = {
      text: copy.value, filename: filename.value, reviewer: reviewer.value,
      fingerprint: actions.getAttribute("data-fingerprint"), decision: decision,
      rule: actions.getAttribute("data-rule"), claim: actions.getAttribute("data-claim")
    };
    Object.keys(extra).forEach(function (key) { payload[key] = extra[key]; });
    return post("/api/review", payload, true);
  }

  function message(actions, text) {
    document.querySelectorAll(".desk-actions .act-message").forEach(function (p) {
      if (p.closest(".desk-actions").getAttribute("data-fingerprint") === actions.getAttribute("data-fingerprint")) {
        p.textContent = text;
      }
    });
  }

  // The controls sit under each finding and in the side panel's copy of it: one listener serves both.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-action]");
    if (!button) { return; }
    var actions = button.closest(".desk-actions");
    var action = button.getAttribute("data-action");
    var done;
    if (action === "fix") {
      var start = Number(actions.getAttribute("data-fix-start"));
      var end = Number(actions.getAttribute("data-fix-end"));
      var wording = actions.getAttribute("data-fix-text");
      copy.value = copy.value.slice(0, start) + wording + copy.value.slice(end);
      selectedFingerprint = null;
      done = decide(actions, "fixed", { replacement: wording });
    } else if (action === "waive") {
      var reason = actions.querySelector(".act-reason").value.trim();
      if (!reason) { message(actions, "A waiver needs a reason: it is the audit trail."); return; }
      done = decide(actions, "waived", { reason: reason }).then(function (result) {
        var at = actions.getAttribute("data-waiver-at");
        if (result.waiver && at !== null) {
          copy.value = copy.value.slice(0, Number(at)) + result.waiver + copy.value.slice(Number(at));
        }
        say("Waived; the waiver comment is in the copy: " + (result.waiver || "(recorded in the review file)").trim());
        return result;
      });
    } else if (action === "dispute") {
      var note = actions.querySelector(".act-note").value.trim();
      done = decide(actions, "disputed", { note: note });
    } else {
      return;
    }
    done.then(function (result) {
      selectedFingerprint = null;
      var before = status.textContent;
      return check().then(function () {
        if (action === "waive") { status.textContent = before + " · " + status.textContent; }
        status.setAttribute("data-review-file", result.review_file || "");
      });
    }).catch(function (error) { message(actions, error.message); say(error.message, true); });
  });

  copy.addEventListener("input", later);
  filename.addEventListener("change", check);

  document.getElementById("missed").addEventListener("click", function () {
    var quote = copy.value.slice(copy.selectionStart, copy.selectionEnd).trim();
    if (!quote) { say("Select the words of the missed claim in the copy first.", true); return; }
    post("/api/missed", {
      text: copy.value, filename: filename.value, reviewer: reviewer.value, quote: quote,
      category: document.getElementById("missed-category").value, note: document.getElementById("missed-note").value
    }, true).then(function () {
      say("Marked as a missed claim: “" + quote + "”");
      return check();
    }).catch(function (error) { say(error.message, true); });
  });

  document.getElementById("upload").addEventListener("change", function () {
    var form = document.getElementById("upload-form");
    say("Reading the file…");
    fetch("/api/upload", { method: "POST", body: new FormData(form), credentials: "same-origin" }).then(answer)
      .then(function (data) {
        copy.value = data.text;
        filename.value = data.filename;
        return check();
      }).catch(function (error) { say(error.message, true); });
  });

  document.getElementById("url-form").addEventListener("submit", function (event) {
    event.preventDefault();
    say("Fetching…");
    post("/api/fetch", { url: document.getElementById("url").value }).then(function (data) {
      copy.value = data.text;
      filename.value = data.filename;
      return check();
    }).catch(function (error) { say(error.message, true); });
  });

  document.getElementById("report-form").addEventListener("submit", function (event) {
    if (!reviewer.value.trim()) {
      event.preventDefault();
      say("Give your name as the reviewer: the sign-off records who decided.", true);
      reviewer.focus();
      return;
    }
    document.getElementById("report-text").value = copy.value;
    document.getElementById("report-filename").value = filename.value;
    document.getElementById("report-reviewer").value = reviewer.value;
    say("Report downloaded, signed off by " + reviewer.value.trim() + ".");
  });
})();
