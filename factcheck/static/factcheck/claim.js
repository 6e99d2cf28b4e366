// Claim page (and the forms and intake review that share it): a refusal shown after a redirect (a guard not met, a stale version, a bad
// evidence link) is brought into view and given the focus, so that on a phone it is not left
// below the screen, and a screen reader reads it first. Without JavaScript the address's
// #anchor still scrolls to the right section. It runs after the page has loaded and scrolled
// to that anchor, which would otherwise take the focus back to the page.
window.addEventListener("load", () => {
  const refusal = document.querySelector("[data-focus-on-load]");
  if (!refusal) return;
  window.requestAnimationFrame(() => {
    refusal.scrollIntoView({ block: "center" });
    refusal.focus({ preventScroll: true });
  });
});
