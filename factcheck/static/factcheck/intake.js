// Article intake review page: select text in the article to draft its sentence by hand.
// Optional: without this script every paragraph's "Draft a sentence by hand" list does the same.
(function () {
  "use strict";
  const form = document.getElementById("selection-form");
  if (!form) return;

  // Character offset of (node, offset) in the article: the paragraph's data-start plus the
  // length of the article text before it, not counting the draft numbers we added.
  function articleOffset(node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const paragraph = element && element.closest(".article-text");
    if (!paragraph) return null;
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let count = 0;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const isOurs = text.parentElement.closest(".draft-ref");
      if (text === node) return Number(paragraph.dataset.start) + count + (isOurs ? 0 : offset);
      if (!isOurs) count += text.length;
    }
    return node === paragraph ? Number(paragraph.dataset.start) + count : null;
  }

  document.addEventListener("selectionchange", function () {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      form.hidden = true;
      return;
    }
    const range = selection.getRangeAt(0);
    const start = articleOffset(range.startContainer, range.startOffset);
    const end = articleOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) {
      form.hidden = true;
      return;
    }
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.hidden = false;
  });
})();

// A draft's statement box grows to show its whole sentence, where the browser does not do it
// for us with CSS field-sizing (app.css).
(function () {
  "use strict";
  if (window.CSS && CSS.supports("field-sizing", "content")) return;
  function fit(box) {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }
  document.querySelectorAll(".draft-card textarea").forEach(function (box) {
    fit(box);
    box.addEventListener("input", function () { fit(box); });
  });
})();
