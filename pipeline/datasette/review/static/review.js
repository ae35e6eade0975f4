/* warta review page: keyboard shortcuts and adding a fact from a text selection. No dependencies. */
(function () {
  "use strict";
  var root = document.querySelector(".review");
  if (!root) { return; }
  var canReview = root.dataset.canReview === "yes";
  var facts = Array.prototype.slice.call(document.querySelectorAll("li.fact:not(.mention)"));
  var text = document.getElementById("article-text");
  var current = -1;

  function select(index) {
    if (!facts.length) { return; }
    current = (index + facts.length) % facts.length;
    facts.forEach(function (li, i) { li.classList.toggle("selected", i === current); });
    var key = facts[current].dataset.key;
    text.querySelectorAll(".hl").forEach(function (span) {
      span.classList.toggle("selected", (" " + span.dataset.facts + " ").indexOf(" " + key + " ") >= 0);
    });
    facts[current].focus({preventScroll: true});
    facts[current].scrollIntoView({block: "nearest"});
  }

  function submit(kind) {
    if (current < 0 || !canReview) { return; }
    var form = facts[current].querySelector("form.judge-" + kind);
    if (form) { form.submit(); }
  }

  text.addEventListener("click", function (event) {
    var span = event.target.closest(".hl");
    if (!span || String(window.getSelection()).length) { return; }
    var key = span.dataset.facts.split(" ")[0];
    select(facts.findIndex(function (li) { return li.dataset.key === key; }));
  });
  facts.forEach(function (li, i) {
    li.addEventListener("click", function (event) {
      if (!event.target.closest("form, details")) { select(i); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var next = document.getElementById("next-article");
    switch (event.key) {
      case "j": case "ArrowDown": select(current + 1); break;
      case "k": case "ArrowUp": select(current - 1); break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      case "e":
        if (current >= 0 && canReview) {
          var details = facts[current].querySelector("details.edit");
          if (details) { details.open = true; details.querySelector("input, select").focus(); }
        }
        break;
      case "n": if (next) { window.location = next.href; } break;
      case "Escape":
        document.querySelectorAll("details.edit[open]").forEach(function (d) { d.open = false; });
        break;
      default: return;
    }
    event.preventDefault();
  });

  var form = document.getElementById("add-form");
  if (form) {
    var typeSelect = form.querySelector("select[name=fact_table]");
    var showFieldset = function () {
      form.querySelectorAll("fieldset").forEach(function (fs) {
        var on = fs.dataset.table === typeSelect.value;
        fs.hidden = !on;
        fs.disabled = !on;
      });
    };
    typeSelect.addEventListener("change", showFieldset);
    showFieldset();
    form.querySelector("button.cancel").addEventListener("click", function () { form.hidden = true; });

    /* Offsets in code points, as Python counts them, from the start of the article text. */
    var offsetOf = function (node, offset) {
      var range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(node, offset);
      return Array.from(range.toString()).length;
    };
    var onSelect = function () {
      var selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) { return; }
      var range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
      var start = offsetOf(range.startContainer, range.startOffset);
      var end = offsetOf(range.endContainer, range.endOffset);
      var quote = range.toString();
      var trimmed = quote.replace(/^\s+/, "");
      start += Array.from(quote).length - Array.from(trimmed).length;
      end -= Array.from(trimmed).length - Array.from(trimmed.replace(/\s+$/, "")).length;
      if (end <= start) { return; }
      form.elements.start.value = start;
      form.elements.end.value = end;
      form.querySelector(".selected-quote").textContent = trimmed.replace(/\s+$/, "");
      form.hidden = false;
    };
    text.addEventListener("mouseup", onSelect);
    text.addEventListener("keyup", onSelect);
  }

  var focus = root.dataset.focus;
  if (focus) {
    select(facts.findIndex(function (li) { return li.dataset.key === focus; }));
  }
})();
