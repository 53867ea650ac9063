//! The catalogs: which API calls read privileged data, which answer with message data,
//! which are privileged sinks, and which functions sanitize or merely pass data along.
use super::SinkCat;

/// An extension API call seen as a sink.
pub enum ApiSink {
    /// Privileged with any data-controlled argument.
    Privileged,
    /// `tabs.executeScript` / `scripting.executeScript`: a tainted `code` is code
    /// execution, any other tainted argument a privileged call.
    ExecuteScript,
}

pub fn api_sink(path: &[&str]) -> Option<ApiSink> {
    Some(match path {
        ["tabs", "executeScript"] | ["scripting", "executeScript"] => ApiSink::ExecuteScript,
        ["cookies", "get" | "getAll" | "set" | "remove"]
        | ["tabs", "create" | "update"]
        | ["windows", "create" | "update"]
        | ["downloads", "download"]
        | ["management", _]
        | ["history", _]
        | ["bookmarks", _]
        | ["storage", _, "set"]
        | ["runtime", "sendNativeMessage" | "connectNative"]
        | ["permissions", "request"]
        | ["scripting", "registerContentScripts" | "insertCSS"]
        | ["tabs", "insertCSS"]
        | ["declarativeNetRequest", "updateDynamicRules" | "updateSessionRules"]
        | ["proxy", "settings", "set"] => ApiSink::Privileged,
        _ => return None,
    })
}

/// Sinks a URL of a fixed origin is safe in (see `T::PINNED`): navigation (no
/// `javascript:`), and the privileged calls whose danger is where they go.
pub fn url_sink(cat: SinkCat, name: &str) -> bool {
    match cat {
        SinkCat::Nav => true,
        SinkCat::Privileged => matches!(
            name,
            "tabs.create"
                | "tabs.update"
                | "windows.create"
                | "windows.update"
                | "fetch"
                | "axios"
                | "XMLHttpRequest.open"
                | "downloads.download"
        ),
        _ => false,
    }
}

/// Privileged APIs where only some fields of one argument matter: which argument (given
/// the call's argument count) and which of its fields. `tabs.create({ url, active })`
/// navigates where `url` says; the rest (`active`, `pinned`, `index`, a tab or window
/// id) only arranges tabs and windows, which any page can ask for by other means.
pub fn url_fields(path: &[&str], argc: usize) -> Option<(usize, &'static [&'static str])> {
    const URL: &[&str] = &["url"];
    Some(match path {
        ["tabs" | "windows", "create"] => (0, URL),
        ["tabs", "update"] => (argc.saturating_sub(1), URL),
        ["windows", "update"] => (argc.saturating_sub(1), &[]),
        _ => return None,
    })
}

/// Privileged APIs whose results are records (tabs, windows, bookmarks, history items,
/// downloads, sessions, extensions, cookies, top sites) rather than the extension's own
/// stored values: some of their fields only identify or arrange them.
pub fn structured_records(path: &[&str]) -> bool {
    matches!(
        path.first(),
        Some(
            &"tabs"
                | &"windows"
                | &"bookmarks"
                | &"history"
                | &"downloads"
                | &"sessions"
                | &"management"
                | &"cookies"
                | &"topSites"
        )
    )
}

/// A field of such a record that says which one it is or how it is arranged, never what
/// the user did or saw there: reading it yields no privileged data (`sendResponse(tab.id)`).
pub fn structural_field(name: &str) -> bool {
    matches!(
        name,
        "id" | "index"
            | "windowId"
            | "tabId"
            | "openerTabId"
            | "groupId"
            | "frameId"
            | "parentId"
            | "active"
            | "highlighted"
            | "pinned"
            | "status"
            | "incognito"
            | "discarded"
            | "width"
            | "height"
            | "top"
            | "left"
            | "type"
            | "focused"
            | "state"
    )
}

/// API calls whose result (callback argument or promise) is privileged data.
pub fn sensitive_source(path: &[&str]) -> bool {
    matches!(
        path,
        ["cookies", "get" | "getAll" | "getAllCookieStores"]
            | ["history", "search" | "getVisits"]
            | [
                "bookmarks",
                "get" | "getTree" | "getRecent" | "search" | "getChildren" | "getSubTree"
            ]
            | ["topSites", "get"]
            | ["tabs", "query" | "get" | "getCurrent"]
            | ["storage", _, "get"]
            | [
                "identity",
                "getAuthToken" | "launchWebAuthFlow" | "getProfileUserInfo"
            ]
            | ["downloads", "search"]
            | ["management", "getAll"]
            | ["sessions", "getRecentlyClosed" | "getDevices"]
            | ["windows", "getAll" | "get" | "getCurrent"]
    )
}

/// API calls whose result is a response from another context.
pub fn response_source(path: &[&str]) -> Option<super::SrcKind> {
    match path {
        ["runtime" | "extension", "sendMessage"]
        | ["extension", "sendRequest"]
        | ["tabs", "sendMessage" | "sendRequest"] => Some(super::SrcKind::Response),
        ["runtime", "sendNativeMessage"] => Some(super::SrcKind::Native),
        _ => None,
    }
}

/// API calls that carry a message into the extension (from a content script).
pub fn is_send(path: &[&str]) -> bool {
    matches!(
        path,
        ["runtime" | "extension", "sendMessage"] | ["extension", "sendRequest"]
    )
}

/// Global functions that are sinks for their first argument.
pub fn global_call_sink(name: &str) -> Option<(SinkCat, &'static str)> {
    Some(match name {
        "eval" => (SinkCat::Code, "eval"),
        "Function" => (SinkCat::Code, "Function"),
        "execScript" => (SinkCat::Code, "execScript"),
        "fetch" => (SinkCat::Privileged, "fetch"),
        "$" | "jQuery" => (SinkCat::Html, "$(html)"),
        "axios" => (SinkCat::Privileged, "axios"),
        _ => return None,
    })
}

/// Methods that are sinks whatever their receiver (names specific enough on their own).
/// Returns the category, a display name and which argument matters.
pub fn method_sink(name: &str, argc: usize) -> Option<(SinkCat, &'static str, usize)> {
    Some(match name {
        "insertAdjacentHTML" if argc >= 2 => (SinkCat::Html, "insertAdjacentHTML", 1),
        "createContextualFragment" => (SinkCat::Html, "createContextualFragment", 0),
        "setHTMLUnsafe" => (SinkCat::Html, "setHTMLUnsafe", 0),
        "parseHTMLUnsafe" => (SinkCat::Html, "parseHTMLUnsafe", 0),
        "html" if argc == 1 => (SinkCat::Html, "jQuery .html()", 0),
        _ => return None,
    })
}

/// jQuery methods that parse a string argument as HTML (only on a `$()` chain: the DOM's
/// own `append` inserts text).
pub fn jquery_html_method(name: &str) -> bool {
    matches!(
        name,
        "append"
            | "prepend"
            | "before"
            | "after"
            | "replaceWith"
            | "wrap"
            | "wrapAll"
            | "wrapInner"
            | "appendTo"
            | "prependTo"
    )
}

/// jQuery request helpers: `$.ajax(url | options)`, `$.get(url)`.
pub fn jquery_request(name: &str) -> bool {
    matches!(
        name,
        "ajax" | "get" | "post" | "getJSON" | "getScript" | "load"
    )
}

/// Properties whose assignment parses HTML.
pub fn html_property(name: &str) -> bool {
    matches!(name, "innerHTML" | "outerHTML" | "srcdoc")
}

/// Properties whose assignment navigates (and so can run `javascript:`).
pub fn nav_property(name: &str) -> bool {
    matches!(
        name,
        "href" | "src" | "location" | "action" | "formAction" | "data"
    )
}

/// Calls whose result carries no attacker-chosen text: numbers, booleans, encodings,
/// sanitizers and validators.
pub fn is_sanitizer(name: &str) -> bool {
    matches!(
        name,
        "encodeURIComponent"
            | "encodeURI"
            | "Number"
            | "parseInt"
            | "parseFloat"
            | "Boolean"
            | "isNaN"
            | "isFinite"
            | "BigInt"
            | "sanitize"
            | "escape"
            | "escapeHTML"
            | "escapeHtml"
            | "escapeRegExp"
            | "CSS.escape"
            | "hash"
            | "digest"
    ) || is_validator(name)
        || name.starts_with("Math.")
}

/// Names of schema-validation and allow-list helpers: a guard `if (!validate(msg)) return`
/// makes `msg` trusted below it.
pub fn is_validator(name: &str) -> bool {
    [
        "validate",
        "isvalid",
        "is_valid",
        "verify",
        "assert",
        "safeparse",
        "sanitize",
        "check",
    ]
    .iter()
    // Case-insensitive prefix, without lowercasing a copy (asked at every call).
    .any(|p| {
        name.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    })
}

/// Global functions whose result carries their arguments' data.
pub fn pass_through_fn(name: &str) -> bool {
    matches!(
        name,
        "String"
            | "decodeURIComponent"
            | "decodeURI"
            | "unescape"
            | "atob"
            | "btoa"
            | "structuredClone"
            | "Object.assign"
            | "Object.values"
            | "Object.entries"
            | "Object.keys"
            | "Object.fromEntries"
            | "Array.from"
            | "Array.of"
            | "JSON.stringify"
            | "Promise.resolve"
            | "URL"
            | "Request"
    )
}

/// Methods whose result carries their receiver's (and arguments') data.
pub fn pass_through_method(name: &str) -> bool {
    matches!(
        name,
        "trim"
            | "trimStart"
            | "trimEnd"
            | "toLowerCase"
            | "toUpperCase"
            | "replace"
            | "replaceAll"
            | "slice"
            | "substring"
            | "substr"
            | "split"
            | "concat"
            | "join"
            | "toString"
            | "valueOf"
            | "padStart"
            | "padEnd"
            | "repeat"
            | "at"
            | "charAt"
            | "normalize"
            | "map"
            | "filter"
            | "find"
            | "findLast"
            | "flat"
            | "flatMap"
            | "reverse"
            | "sort"
            | "reduce"
            | "values"
            | "entries"
            | "get"
            | "getAll"
            | "pop"
            | "shift"
            | "text"
            | "json"
            | "finally"
    )
}

/// Array methods whose callback receives the elements (argument index of the element).
pub fn element_callback(name: &str) -> Option<usize> {
    match name {
        "map" | "filter" | "forEach" | "find" | "findLast" | "findIndex" | "some" | "every"
        | "flatMap" => Some(0),
        "reduce" | "reduceRight" => Some(1),
        _ => None,
    }
}

/// Fields that name a message's kind.
pub fn is_discriminator(field: &str) -> bool {
    matches!(
        field,
        "type"
            | "kind"
            | "action"
            | "cmd"
            | "command"
            | "method"
            | "name"
            | "op"
            | "event"
            | "topic"
            | "msg"
            | "message"
            | "request"
            | "subject"
    )
}
