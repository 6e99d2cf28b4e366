// Claim queue: a "select every claim on this page" checkbox. Without JavaScript it stays
// hidden and each row's own checkbox still works.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-page");
  if (!all) return;
  const rows = () => document.querySelectorAll('#bulk-form input[name="claims"]');
  all.hidden = false;
  all.addEventListener("change", () => rows().forEach((box) => { box.checked = all.checked; }));
});
