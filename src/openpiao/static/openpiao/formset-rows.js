/* Rows of a formset added and removed on the page, then saved at once (templates/includes/formset.html).
   "Aggiungi riga" asks the server (htmx) for a blank row numbered as the formset reads it: the
   number is the formset's TOTAL_FORMS, raised by one for each row asked. "Rimuovi riga" hides a
   new row and marks it deleted, so the formset neither checks nor saves it. */
(function () {
  function totalOf(prefix) {
    return document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var prefix = event.detail.elt.getAttribute("data-formset-add");
    if (!prefix) return;
    var total = totalOf(prefix);
    event.detail.parameters.tabella = prefix;
    event.detail.parameters.riga = total.value;
    total.value = String(parseInt(total.value, 10) + 1);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.requestConfig || !event.detail.requestConfig.elt.hasAttribute("data-formset-add")) return;
    var rows = event.detail.target.querySelectorAll("[data-formset-row]");
    var added = rows[rows.length - 1];
    var first = added && added.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-remove]");
    if (!button) return;
    var row = button.closest("[data-formset-row]");
    var deleted = row.querySelector("input[name$='-DELETE']");
    if (deleted) deleted.checked = true;
    row.hidden = true;
    var add = row.parentElement.parentElement.querySelector("[data-formset-add]");
    if (add) add.focus();
  });
})();
