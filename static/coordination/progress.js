// Show the progress bar while a large file uploads and is checked or imported on the server.
document.querySelectorAll("[data-progress-form]").forEach((form) => {
  form.addEventListener("submit", () => {
    const bar = form.querySelector("[data-progress]");
    if (bar) bar.classList.remove("d-none");
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  });
});
