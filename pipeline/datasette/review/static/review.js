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

  /* A form is open while an edit form is unfolded or the add form shows: keys then type, never judge. */
  function formOpen() {
    var add = document.getElementById("add-form");
    return Boolean(document.querySelector("details.edit[open]")) || Boolean(add && !add.hidden);
  }

  function closeForms() {
    document.querySelectorAll("details.edit[open]").forEach(function (d) { d.open = false; });
    var add = document.getElementById("add-form");
    if (add) { add.hidden = true; }
  }

  function firstField(container) {
    return container.querySelector("input:not([type=hidden]), select, textarea");
  }

  function edit() {
    if (!canReview || !facts.length) { return; }
    if (current < 0) { select(0); }
    var details = facts[current].querySelector("details.edit");
    if (!details) { return; }
    details.open = true;
    var field = firstField(details);
    if (field) { field.focus(); if (field.select) { field.select(); } }
  }

  function post(id) {
    var formToSend = canReview && document.getElementById(id);
    if (formToSend) { formToSend.submit(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeForms();
      if (current >= 0) { facts[current].focus({preventScroll: true}); }
      return;
    }
    if (formOpen() || event.target.closest("input, select, textarea, button, summary") ||
        event.ctrlKey || event.metaKey || event.altKey) { return; }
    var next = document.getElementById("next-article");
    switch (event.key) {
      case "j": case "ArrowDown": select(current + 1); break;
      case "k": case "ArrowUp": select(current - 1); break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      case "e": edit(); break;
      case "u": post("undo-form"); break;
      case "d": post("done-form"); break;
      case "n": if (next) { window.location = next.href; } break;
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
    /* The selected text prefills the new fact's name, region or program, or its number (read by
       the server with warta's own number grammar). */
    var NAME_FIELDS = {officials: "v_name", article_regions: "v_region_code", article_programs: "v_program"};
    var NUMBER_FIELDS = {worker_counts: "v_value_workers", budgets: "v_amount_idr", percentages: "v_value_percent"};
    var prefill = function () {
      var quote = form.querySelector(".selected-quote").textContent;
      var fieldset = form.querySelector("fieldset[data-table=" + typeSelect.value + "]");
      var name = NAME_FIELDS[typeSelect.value];
      var number = NUMBER_FIELDS[typeSelect.value];
      if (!fieldset || !quote) { return; }
      if (name) {
        var input = fieldset.querySelector("[name=" + name + "]");
        if (input && !input.value) { input.value = quote; }
      } else if (number) {
        var target = fieldset.querySelector("[name=" + number + "]");
        if (!target || target.value) { return; }
        fetch(form.dataset.numberUrl + "?text=" + encodeURIComponent(quote), {credentials: "same-origin"})
          .then(function (response) { return response.json(); })
          .then(function (answer) { if (answer.value !== null && !target.value) { target.value = answer.value; } });
      }
    };
    typeSelect.addEventListener("change", function () { showFieldset(); prefill(); });
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
      form.querySelectorAll("fieldset input:not([type=hidden])").forEach(function (input) { input.value = ""; });
      form.hidden = false;
      prefill();
    };
    text.addEventListener("mouseup", onSelect);
    text.addEventListener("keyup", onSelect);
  }

  var focus = root.dataset.focus;
  if (focus) {
    select(facts.findIndex(function (li) { return li.dataset.key === focus; }));
  }
})();
