// Shows only the section of the referral form that belongs to the chosen pathway.
// Without JavaScript every section shows, and the server ignores the ones that do not apply.
(function () {
  "use strict";
  function update(form) {
    var checked = form.querySelector('input[name="pathway"]:checked');
    var pathway = checked ? checked.value : "";
    form.querySelectorAll("[data-pathway]").forEach(function (section) {
      section.hidden = section.getAttribute("data-pathway") !== pathway;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("referral-form");
    if (!form) return;
    form.querySelectorAll('input[name="pathway"]').forEach(function (radio) {
      radio.addEventListener("change", function () { update(form); });
    });
    update(form);
  });
})();
