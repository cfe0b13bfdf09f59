// After a form comes back with errors, put the keyboard focus on the first field in error so
// that screen-reader and keyboard users land where the fix is needed.
document.addEventListener("DOMContentLoaded", function () {
  var firstInvalid = document.querySelector(
    "form input.is-invalid, form select.is-invalid, form textarea.is-invalid"
  );
  if (firstInvalid) {
    firstInvalid.focus();
  }
});
