chrome.runtime.sendMessage({ type: "get-settings" }, (settings) => {
  document.getElementById("out").textContent = JSON.stringify(settings);
});
