// Copy buttons for links in read-only fields (invitations, the private link, the share link). Without JavaScript the links stay selectable in their read-only fields.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) return;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copied || "✓";
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});
