// The accent colour's picker beside its text field (templates/firm/brand.html). The text field is what is sent;
// without JavaScript the picker stays hidden and the colour is typed.
const text = document.querySelector(".accent-text");
const picker = document.getElementById("accent-picker");
if (text && picker) {
  picker.hidden = false;
  picker.addEventListener("input", () => { text.value = picker.value; });
  text.addEventListener("input", () => {
    if (/^#[0-9a-fA-F]{6}$/.test(text.value.trim())) picker.value = text.value.trim().toLowerCase();
  });
}
