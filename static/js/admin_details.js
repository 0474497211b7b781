// Clerk form: show the structured fields of the category chosen by the 标准目录事项 only.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("id_catalogue_entry");
  var island = document.getElementById("entry-categories");
  if (!select || !island) { return; }
  var categories = JSON.parse(island.textContent);
  function sync() {
    var category = categories[select.value] || "";
    document.querySelectorAll("fieldset.details-fieldset").forEach(function (fieldset) {
      fieldset.hidden = !fieldset.classList.contains("details-" + category);
    });
  }
  select.addEventListener("change", sync);
  sync();
});
