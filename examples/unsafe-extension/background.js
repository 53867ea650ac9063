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

// Answers late but returns `1`, not `true`; sends a function; rejects with a string.
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message.type === "active-tab") {
    chrome.tabs.query({ active: true }, (tabs) => sendResponse({ tab: tabs[0], close: () => {} }));
    return 1;
  }
  if (message.type === "reset") {
    return Promise.reject("reset is not supported");
  }
  return false;
});
