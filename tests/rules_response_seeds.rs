//! The examples of the seed documents (Chrome's and MDN's message-passing pages,
//! `../shared/seeds/`): each "wrong code" is flagged by the right rule at the right line;
//! each "right code" passes clean of every response-protocol rule.
mod common;

use common::{check_dir, compact, write_tree};

const RULES: &[&str] = &[
    "async-listener-implicit-undefined",
    "competing-responders",
    "non-serializable-response",
    "promise-response-unsupported",
    "reject-with-non-error",
    "sendresponse-without-return-true",
    "truthy-not-true-return",
];

/// The response-protocol findings as `line:col rule`.
fn findings(manifest: &str, js: &str) -> Vec<String> {
    let dir = write_tree(&[("manifest.json", manifest), ("background.js", js)]);
    compact(&check_dir(dir.path()))
        .into_iter()
        .filter_map(|l| {
            let rule = RULES.iter().find(|r| l.contains(&format!("[{r}]")))?;
            let mut p = l.splitn(4, ':');
            p.next();
            Some(format!("{}:{} {rule}", p.next()?, p.next()?))
        })
        .collect()
}

const OLD: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}}"#;
/// The Chrome page's promise examples are for Chrome 144+.
const NEW: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "minimum_chrome_version": "144", "background": {"service_worker": "background.js"}}"#;

#[test]
fn stack_overflow_wrong_code_ajax_success() {
    let js = "chrome.runtime.onMessage.addListener(function(request, sender, sendResponse) {
    $.ajax({
        url: 'https://www.google.com',
        method: 'GET',
        success: function(data) {
            // data won't be sent
            sendResponse(data);
        },
    });
});
";
    assert_eq!(findings(OLD, js), ["7:13 sendresponse-without-return-true"]);
}

#[test]
fn stack_overflow_right_code() {
    let js = "chrome.runtime.onMessage.addListener(function(request, sender, sendResponse) {
    $.ajax({
        url: 'https://www.google.com',
        method: 'GET',
        success: function(data) {
            // data would be sent successfully
            sendResponse(data);
        },
    });

    return true; // keeps the message channel open until `sendResponse` is executed
});
";
    assert_eq!(findings(OLD, js), Vec::<String>::new());
    let js = "chrome.runtime.onMessage.addListener(function(request, sender, sendResponse) {
    if (request.action == 'get') {
        $.ajax({
            url: 'https://www.google.com',
            method: 'GET',
            success: function(data) {
                // data would be sent successfully
                sendResponse(data);
            },
        });

        return true; // keeps the message channel open until `sendResponse` is executed
    }

    // do something synchronous, use sendResponse

    // normal exit closes the message channel
});
";
    assert_eq!(findings(OLD, js), Vec::<String>::new());
}

#[test]
fn chrome_right_code() {
    let cases = [
        "function handleMessages(message, sender, sendResponse) {
  if (message !== 'get-status') return;

  fetch('https://example.com')
    .then((response) => sendResponse({statusCode: response.status}))

  // Since `fetch` is asynchronous, must return an explicit `true`
  return true;
}

chrome.runtime.onMessage.addListener(handleMessages);
",
        "function handleMessages(message, sender, sendResponse) {
  return new Promise((resolve, reject) => {
    fetch('https://example.com')
      .then(response => {
        if (!response.ok) {
          reject(response);
        } else {
          resolve(response.status);
        }
      })
      .catch(error => {
        reject(error);
      });
  });
}
chrome.runtime.onMessage.addListener(handleMessages);
",
        "chrome.runtime.onMessage.addListener(async function(message, sender) {
  const response = await fetch('https://example.com');
  if (!response.ok) {
    // rejects the promise returned by `async function`.
    throw new Error(`Fetch failed: ${response.status}`);
  }
  // resolves the promise returned by `async function`.
  return {statusCode: response.status};
});
",
        "chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  return Promise.reject(new Error('some error'));
});
",
        "chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  throw new Error('error!');
});
",
        "chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  sendResponse('OK');
});
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  throw new Error('error!');
});
",
        "chrome.runtime.onMessageExternal.addListener(
  function(request, sender, sendResponse) {
    if (sender.id !== allowlistedExtension) {
      return; // don't allow this extension access
    }
    if (request.getTargetData) {
      sendResponse({ targetData: targetData });
    } else if (request.activateLasers) {
      const success = activateLasers();
      sendResponse({ activateLasers: success });
    }
  }
);
",
    ];
    for js in cases {
        assert_eq!(findings(NEW, js), Vec::<String>::new(), "{js}");
    }
    // The first example needs no promise support at all.
    assert_eq!(findings(OLD, cases[0]), Vec::<String>::new());
}

#[test]
fn chrome_async_gotcha() {
    let js = "chrome.runtime.onMessage.addListener(async (message) => {
    await new Promise(resolve => {
        setTimeout(resolve, 1, 'OK');
    });
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  return new Promise((resolve) => {
    setTimeout(resolve, 1000, 'response');
  });
});
";
    assert_eq!(
        findings(NEW, js),
        [
            "1:38 async-listener-implicit-undefined",
            "1:38 competing-responders"
        ]
    );
    // On old Chrome the promise answer is lost as well.
    assert_eq!(
        findings(OLD, js),
        [
            "1:38 async-listener-implicit-undefined",
            "1:38 competing-responders",
            "7:38 promise-response-unsupported"
        ]
    );
}

#[test]
fn chrome_unserializable_response() {
    let js = "chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  sendResponse(() => {}); // Functions are not serializable
  return true; // Keep channel open for async sendResponse
});
";
    assert_eq!(findings(NEW, js), ["2:16 non-serializable-response"]);
}
