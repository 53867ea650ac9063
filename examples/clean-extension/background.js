// Background service worker.
const ALLOWED_ORIGINS = new Set(["https://app.example.com"]);
const settings = { theme: "dark" };

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message.type === "get-settings") {
    sendResponse(settings);
    return false;
  }
  if (message.type === "save-settings") {
    chrome.storage.local
      .set({ settings: { theme: String(message.settings.theme) } })
      .then(() => sendResponse({ ok: true }));
    return true; // answers later
  }
  return false;
});

chrome.runtime.onMessageExternal.addListener((request, sender, sendResponse) => {
  if (!ALLOWED_ORIGINS.has(sender.origin)) {
    return false;
  }
  if (request.type === "version") {
    sendResponse({ version: chrome.runtime.getManifest().version });
  }
  return false;
});
