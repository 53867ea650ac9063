// Background service worker.
const settings = { theme: "dark" };

chrome.runtime.onMessage.addListener(async (message, sender) => {
  if (message.type === "get-settings") {
    return settings;
  }
  if (message.type === "save-settings") {
    await chrome.storage.local.set({ settings: message.settings });
    // falls off the end: the sender receives null
  }
});

// Any web page may call this (see externally_connectable in manifest.json).
chrome.runtime.onMessageExternal.addListener((request, sender, sendResponse) => {
  if (request.type === "lookup") {
    fetch(request.url)
      .then((r) => r.text())
      .then((text) => sendResponse({ text }));
  }
  if (request.type === "cookies") {
    chrome.cookies.getAll({ domain: request.domain }, (cookies) => sendResponse(cookies));
    return true;
  }
});
