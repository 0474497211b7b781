// Clerk form: show the structured fields of the category chosen by the 标准目录事项 only, and the choice
// of the subject (所属项目 / 事项) of its domain.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("id_catalogue_entry");
  var island = document.getElementById("entry-categories");
  if (!select || !island) { return; }
  var categories = JSON.parse(island.textContent);
  var domainIsland = document.getElementById("entry-domains");
  var domains = domainIsland ? JSON.parse(domainIsland.textContent) : {};
  function sync() {
    var category = categories[select.value] || "";
    var domain = domains[select.value] || "";
    document.querySelectorAll("fieldset.details-fieldset").forEach(function (fieldset) {
      fieldset.hidden = !fieldset.classList.contains("details-" + category);
    });
    // 所属项目 / 事项: the subject choice of the entry's domain only (on a new record).
    document.querySelectorAll("fieldset.subject-fieldset").forEach(function (fieldset) {
      fieldset.hidden = !fieldset.classList.contains("subject-" + domain);
    });
  }
  select.addEventListener("change", sync);
  sync();
});

// 标准目录事项: ~100 entries in groups; a box above the list keeps the entries whose name has the words typed.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("id_catalogue_entry");
  if (!select || select.disabled) { return; }
  var box = document.createElement("input");
  box.type = "search";
  box.id = "catalogue-entry-filter";
  box.className = "vTextField catalogue-entry-filter";
  box.placeholder = "输入关键字筛选标准目录事项，如：核准、招标、低保";
  box.setAttribute("aria-label", "筛选标准目录事项");
  box.setAttribute("aria-controls", select.id);
  select.parentNode.insertBefore(box, select);
  box.addEventListener("input", function () {
    var words = box.value.trim().split(/\s+/).filter(Boolean);
    select.querySelectorAll("optgroup").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("option").forEach(function (option) {
        var text = (group.label || "") + " " + option.textContent;
        var match = option.selected || words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !match;
        if (match) { shown += 1; }
      });
      group.hidden = shown === 0;
    });
  });
});

// Within a category's structured fields, the fields of the chosen item type only (the details form's
// ITEM_FIELDS, on the item type's select as data-item-fields: disclosures/forms.py). A field with an error
// stays shown; an item type the map does not name shows every field.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-item-fields]").forEach(function (select) {
    var fields = JSON.parse(select.dataset.itemFields);
    var fieldset = select.closest("fieldset");
    if (!fieldset) { return; }
    var prefix = "field-" + select.name.slice(0, select.name.lastIndexOf("__") + 2);
    function sync() {
      var shown = fields[select.value];
      fieldset.querySelectorAll(".form-row").forEach(function (row) {
        var ofCategory = Array.prototype.some.call(row.classList, function (name) { return name.indexOf(prefix) === 0; });
        if (!ofCategory || row.contains(select)) { return; }
        row.hidden = Boolean(shown) && !row.classList.contains("errors") && !shown.some(function (name) {
          return row.classList.contains("field-" + name);
        });
      });
    }
    select.addEventListener("change", sync);
    sync();
  });
});
