// 正文 editor: each <textarea data-rich-text> becomes a Quill 2 editor (static/vendor/quill, BSD-3) that
// keeps the structure official documents use — paragraphs, headings, lists, tables, links — and writes
// its HTML back into the textarea when the form is sent. The server sanitises it (core.sanitize, nh3)
// whatever arrives. Without JavaScript the textarea stays, and typed lines become paragraphs
// (core.sanitize.text_to_paragraphs). Nothing here needs an inline script or style (the strict CSP).
(function () {
  "use strict";

  // Only what the public page keeps (nh3 drops colours, fonts, sizes, classes and style attributes):
  // a format outside this list is dropped on paste as well, so Word's styling does not come along.
  // "image" has no button: it keeps the pictures an imported 正文 may already show.
  var FORMATS = ["header", "bold", "italic", "underline", "strike", "list", "blockquote", "link", "table", "image"];

  var TOOLBAR = [
    [{ header: [2, 3, 4, false] }],
    ["bold", "italic", "underline", "strike"],
    [{ list: "ordered" }, { list: "bullet" }, "blockquote"],
    ["link"],
    ["table-insert", "table-row", "table-column", "table-row-delete", "table-column-delete", "table-delete"],
    ["clean"],
  ];

  // The toolbar's buttons have icons only: each gets its Chinese name (axe: button-name).
  var NAMES = {
    "ql-bold": "加粗",
    "ql-italic": "倾斜",
    "ql-underline": "下划线",
    "ql-strike": "删除线",
    "ql-list[value=ordered]": "编号列表",
    "ql-list[value=bullet]": "项目符号列表",
    "ql-blockquote": "引用",
    "ql-link": "插入链接",
    "ql-clean": "清除格式",
    "ql-table-insert": "插入表格",
    "ql-table-row": "插入行",
    "ql-table-column": "插入列",
    "ql-table-row-delete": "删除行",
    "ql-table-column-delete": "删除列",
    "ql-table-delete": "删除表格",
  };
  // The table buttons have no icon: they show their name (axe: label-content-name-mismatch).
  var TEXT_BUTTONS = ["ql-table-insert", "ql-table-row", "ql-table-column", "ql-table-row-delete",
                      "ql-table-column-delete", "ql-table-delete"];
  var HEADINGS = { "": "正文段落", "2": "一级标题", "3": "二级标题", "4": "三级标题" };

  function tableHandler(action) {
    return function () {
      var table = this.quill.getModule("table");
      if (action === "insert") {
        table.insertTable(2, 2);  // grown with +行 / +列
        return;
      }
      // The row and column actions act on the table the cursor is in; elsewhere they do nothing.
      if (!table.getTable()[0]) { return; }
      table[action]();
    };
  }

  function name(toolbar) {
    Object.keys(NAMES).forEach(function (selector) {
      var match = selector.match(/^([\w-]+)(?:\[value=(\w+)\])?$/);
      var query = "button." + match[1] + (match[2] ? '[value="' + match[2] + '"]' : "");
      toolbar.querySelectorAll(query).forEach(function (button) {
        button.setAttribute("aria-label", NAMES[selector]);
        button.title = NAMES[selector];
        if (TEXT_BUTTONS.indexOf(match[1]) >= 0) {
          button.textContent = NAMES[selector];
          button.classList.add("rich-text-word");
        }
      });
    });
    // The heading picker: a labelled button and labelled options (the shown names come from admin.css).
    toolbar.querySelectorAll(".ql-header .ql-picker-label").forEach(function (label) {
      label.setAttribute("aria-label", "段落样式");
      label.title = "段落样式";
    });
    toolbar.querySelectorAll(".ql-header .ql-picker-item").forEach(function (item) {
      item.setAttribute("aria-label", HEADINGS[item.getAttribute("data-value") || ""]);
    });
  }

  // Quill writes every space as &nbsp; (2.0.3): plain spaces are put back, or 2026 年 would not wrap
  // and search would see a different character.
  function html(quill) {
    if (quill.getLength() <= 1) { return ""; }
    return quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }

  function enhance(textarea) {
    var holder = document.createElement("div");
    holder.className = "rich-text";
    var surface = document.createElement("div");
    holder.appendChild(surface);
    textarea.parentNode.insertBefore(holder, textarea);
    var quill = new Quill(surface, {
      theme: "snow",
      formats: FORMATS,
      placeholder: textarea.getAttribute("placeholder") || "",
      modules: {
        table: true,
        toolbar: {
          container: TOOLBAR,
          handlers: {
            "table-insert": tableHandler("insert"),
            "table-row": tableHandler("insertRowBelow"),
            "table-column": tableHandler("insertColumnRight"),
            "table-row-delete": tableHandler("deleteRow"),
            "table-column-delete": tableHandler("deleteColumn"),
            "table-delete": tableHandler("deleteTable"),
          },
        },
      },
    });
    // What the server stored (already sanitised) is the starting content.
    if (textarea.value.trim()) {
      quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent");
      quill.history.clear();
    }
    var toolbar = holder.querySelector(".ql-toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "正文格式");
    name(toolbar);
    var editor = quill.root;
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    editor.setAttribute("aria-label", label ? label.textContent.replace(/[:：]\s*$/, "") : "正文");
    if (textarea.getAttribute("aria-describedby")) {
      editor.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    if (label) {
      label.addEventListener("click", function () { quill.focus(); });
    }
    // The link tooltip's box: an address, typed in full.
    var linkBox = holder.querySelector(".ql-tooltip input[type=text]");
    if (linkBox) {
      linkBox.setAttribute("data-link", "https://");
      linkBox.setAttribute("aria-label", "链接地址");
    }
    textarea.hidden = true;
    textarea.setAttribute("data-rich-text-ready", "");
    // Only an edited text goes back: a record saved without touching 正文 keeps it byte for byte.
    var edited = false;
    var pending = null;
    var write = function () { if (edited) { textarea.value = html(quill); } };
    quill.on("text-change", function () {
      edited = true;
      window.clearTimeout(pending);
      pending = window.setTimeout(write, 300);
    });
    if (textarea.form) {
      textarea.form.addEventListener("submit", write);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Quill === "undefined") { return; }
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  });
})();
