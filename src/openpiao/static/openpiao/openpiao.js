/* A table box that scrolls sideways (on a phone) takes the keyboard focus, so that it can be
   scrolled without a mouse (WCAG 2.1.1); a box that fits stays out of the tab order. */
(function () {
  function markScrollingTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollingTables);
  window.addEventListener("resize", markScrollingTables);
  document.addEventListener("htmx:afterSettle", markScrollingTables);
})();

/* A part of a form shown only for one value of another control: data-shown-when="role=unit_head"
   (the invitation's units, only for a responsabile di unità). The server renders it hidden or not
   as the posted value says; here it follows the choice. */
(function () {
  function follow(part) {
    var rule = part.getAttribute("data-shown-when").split("=");
    var control = part.closest("form").querySelector('[name="' + rule[0] + '"]');
    if (!control) {
      return;
    }
    var update = function () {
      part.hidden = control.value !== rule[1];
    };
    control.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-shown-when]").forEach(follow);
  });
})();
