/* Paste from Word (or a web page) into the ente's text: the clipboard's HTML becomes the text
   marks of core/printing/richtext.py (### titles, "- " and "1. " lists, "| … |" tables,
   **bold**, *italic*), so headings, lists and tables survive; styles, classes and spans are
   dropped. The HTML is read in an inert document (DOMParser), never put into the page. */
(function () {
  var SKIP = { STYLE: 1, SCRIPT: 1, META: 1, TITLE: 1, XML: 1, "O:P": 1 };

  // Read from the style attribute: an inert document computes no style.
  function isBold(el) {
    return el.tagName === "B" || el.tagName === "STRONG" ||
      /font-weight:\s*(bold|[6-9]00)/i.test(el.getAttribute("style") || "");
  }

  function isItalic(el) {
    return el.tagName === "I" || el.tagName === "EM" ||
      /font-style:\s*italic/i.test(el.getAttribute("style") || "");
  }

  function isListMarker(el) {
    return /mso-list:\s*Ignore/i.test(el.getAttribute("style") || "");
  }

  // The text of an element with its bold and italic as marks, on one line.
  function inline(node) {
    var text = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        text += child.nodeValue;
      } else if (child.nodeType === 1 && !SKIP[child.tagName] && !isListMarker(child)) {
        if (child.tagName === "BR") {
          text += " ";
          return;
        }
        var inner = inline(child);
        var core = inner.trim();
        if (core && isBold(child)) {
          inner = inner.replace(core, "**" + core + "**");
        } else if (core && isItalic(child)) {
          inner = inner.replace(core, "*" + core + "*");
        }
        text += inner;
      }
    });
    return text.replace(/\s+/g, " ");
  }

  function wordListMarker(p) {
    var marker = p.querySelector("[style*='mso-list']");
    return marker && isListMarker(marker) ? marker.textContent.trim() : null;
  }

  function isWordListItem(p) {
    return /MsoListParagraph/.test(p.className || "") || /mso-list:\s*l\d/i.test(p.getAttribute("style") || "");
  }

  function table(el, out) {
    var rows = el.querySelectorAll("tr");
    rows.forEach(function (tr, index) {
      var cells = [];
      tr.querySelectorAll("th, td").forEach(function (cell) {
        cells.push(inline(cell).trim().replace(/\|/g, "/"));
      });
      out.push("| " + cells.join(" | ") + " |");
      var headed = tr.querySelector("th") || (tr.parentNode && tr.parentNode.tagName === "THEAD");
      var nextHeaded = rows[index + 1] && (rows[index + 1].querySelector("th") ||
        rows[index + 1].parentNode.tagName === "THEAD");
      if (headed && !nextHeaded) {
        out.push("| " + cells.map(function () { return "---"; }).join(" | ") + " |");
      }
    });
    out.push("");
  }

  function walk(node, out) {
    node.childNodes.forEach(function (el) {
      if (el.nodeType === 3) {
        if (el.nodeValue.trim()) {
          out.push(el.nodeValue.trim(), "");
        }
        return;
      }
      if (el.nodeType !== 1 || SKIP[el.tagName]) {
        return;
      }
      var tag = el.tagName;
      if (/^H[1-6]$/.test(tag)) {
        out.push("### " + inline(el).trim(), "");
      } else if (tag === "TABLE") {
        table(el, out);
      } else if (tag === "UL" || tag === "OL") {
        el.querySelectorAll(":scope > li").forEach(function (li, index) {
          out.push((tag === "OL" ? (index + 1) + ". " : "- ") + inline(li).trim());
        });
        out.push("");
      } else if (tag === "P" && isWordListItem(el)) {
        var marker = wordListMarker(el) || "";
        var numbered = /^(\d+|[a-z])[.)]/i.test(marker);
        out.push((numbered ? marker.replace(/[^\w.)]/g, "") + " " : "- ") + inline(el).trim());
        var next = el.nextElementSibling;
        if (!next || !(next.tagName === "P" && isWordListItem(next))) {
          out.push("");
        }
      } else if (tag === "P" || tag === "LI") {
        var text = inline(el).trim();
        if (text) {
          out.push(text, "");
        }
      } else {
        walk(el, out);
      }
    });
  }

  // The clipboard's HTML as text marks (exported for the browser test).
  function htmlToMarks(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var out = [];
    walk(doc.body, out);
    return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  }
  window.openpiaoHtmlToMarks = htmlToMarks;

  document.addEventListener("paste", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("textarea[data-marks]") || !event.clipboardData) {
      return;
    }
    var html = event.clipboardData.getData("text/html");
    if (!html) {
      return;  // plain text (tabs between cells make table rows already)
    }
    event.preventDefault();
    box.setRangeText(htmlToMarks(html), box.selectionStart, box.selectionEnd, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
