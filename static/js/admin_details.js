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
