// Content script: asks the background for settings and shows them as text.
chrome.runtime.sendMessage({ type: "get-settings" }, (settings) => {
  const el = document.getElementById("page-helper-theme");
  if (el) {
    el.textContent = String(settings.theme);
  }
});
