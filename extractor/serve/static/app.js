// policyx 政策工作台: small enhancements only; every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The upload zone: highlight while a file is dragged over it, and show the chosen file's name and size.
  for (const zone of document.querySelectorAll("[data-drop]")) {
    const input = zone.querySelector("input[type=file]");
    const shown = zone.parentElement.querySelector("[data-chosen]");
    const show = () => {
      const file = input.files[0];
      if (shown) shown.textContent = file ? `已选择：${file.name}（${(file.size / 1048576).toFixed(1)} MiB）` : "";
    };
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer.files.length) { input.files = event.dataTransfer.files; show(); }
    });
    input.addEventListener("change", show);
  }
  // A select that picks what the page shows submits its form at once.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // A print button where the page has one (hidden without this script).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
