// Console ticket page: a canned-reply button puts its text into the answer box to adapt.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-canned]");
  if (!button) return;
  const box = document.getElementById("id_body");
  if (!box) return;
  box.value = button.dataset.canned + (box.value ? "\n\n" + box.value : "");
  box.focus();
});
