// Content script: relays page messages to the background.
window.addEventListener("message", (event) => {
  chrome.runtime.sendMessage(event.data);
});

// Legacy code path kept from the MV2 version.
chrome.extension.sendRequest({ type: "hello" }, function (response) {
  document.getElementById("status").innerHTML = response.html;
});
