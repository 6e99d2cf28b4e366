// Claim queue: a "select every claim on this page" checkbox. Without JavaScript it stays
// hidden and each row's own checkbox still works.
// The bulk-action panel starts open on a desk and folded on a phone, where it would otherwise
// fill the first screen.
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("bulk-panel");
  if (panel && window.matchMedia("(min-width: 768px)").matches) panel.open = true;
  const all = document.getElementById("select-page");
  if (!all) return;
  const rows = () => document.querySelectorAll('#bulk-form input[name="claims"]');
  all.hidden = false;
  all.addEventListener("change", () => rows().forEach((box) => { box.checked = all.checked; }));
});
