//! Finding the scripts of an HTML page: `<script src>` references and inline bodies.
//!
//! A small scanner rather than a full HTML parser: what we need is exact byte offsets of
//! inline script bodies (so findings land on the right line of the `.html` file) and the
//! `src` attributes. Comments are skipped; script bodies end at the first `</script`,
//! exactly as the HTML tokenizer ends them.

/// A script that an HTML page loads or contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageScript {
    /// `<script src="...">`, with the byte range of the attribute value.
    External {
        src: String,
        start: usize,
        end: usize,
        module: bool,
    },
    /// An inline body: its byte range in the page.
    Inline {
        start: usize,
        end: usize,
        module: bool,
    },
}

pub fn scripts(html: &str) -> Vec<PageScript> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = lower[i..].find('<') {
        let at = i + rel;
        if lower[at..].starts_with("<!--") {
            i = match lower[at + 4..].find("-->") {
                Some(e) => at + 4 + e + 3,
                None => break,
            };
            continue;
        }
        let is_script = lower[at..].starts_with("<script")
            && matches!(
                bytes.get(at + 7),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')
            );
        if !is_script {
            i = at + 1;
            continue;
        }
        let Some(tag_end) = find_tag_end(html, at + 7) else {
            break;
        };
        let attrs = attributes(html, at + 7, tag_end);
        let ty = attrs
            .iter()
            .find(|a| a.name == "type")
            .map(|a| a.value.trim().to_ascii_lowercase());
        let module = ty.as_deref() == Some("module");
        let is_js = match ty.as_deref() {
            None | Some("") | Some("module") => true,
            Some(t) => t.contains("javascript") || t.contains("ecmascript"),
        };
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |e| body_start + e);
        if is_js {
            if let Some(src) = attrs.iter().find(|a| a.name == "src") {
                out.push(PageScript::External {
                    src: src.value.clone(),
                    start: src.start,
                    end: src.end,
                    module,
                });
            } else if !html[body_start..body_end].trim().is_empty() {
                out.push(PageScript::Inline {
                    start: body_start,
                    end: body_end,
                    module,
                });
            }
        }
        i = body_end;
    }
    out
}

struct Attr {
    name: String,
    value: String,
    start: usize,
    end: usize,
}

/// The `>` that closes a tag opened before `from`, skipping quoted attribute values.
fn find_tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (off, b) in html.as_bytes()[from..].iter().enumerate() {
        match (quote, b) {
            (Some(q), b) if *b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return Some(from + off),
            _ => {}
        }
    }
    None
}

fn attributes(html: &str, start: usize, end: usize) -> Vec<Attr> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < end && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if name_start == i {
            i += 1;
            continue;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let (mut vs, mut ve) = (i, i);
        if i < end && b[i] == b'=' {
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < end && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                vs = i + 1;
                ve = html[vs..end].find(q as char).map_or(end, |e| vs + e);
                i = (ve + 1).min(end);
            } else {
                vs = i;
                while i < end && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                ve = i;
            }
        }
        out.push(Attr {
            name,
            value: html[vs..ve].to_string(),
            start: vs,
            end: ve,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_external_and_inline_scripts() {
        let html = "<html><!-- <script src=\"no.js\"></script> -->\n<SCRIPT type='module' src=popup.js></SCRIPT>\n<script>\nchrome.runtime.sendMessage(1)\n</script><script type=\"application/ld+json\">{}</script><script src=\"a b.js\" defer></script>";
        let found = scripts(html);
        assert_eq!(found.len(), 3, "{found:?}");
        match &found[0] {
            PageScript::External {
                src, start, module, ..
            } => {
                assert_eq!(src, "popup.js");
                assert_eq!(&html[*start..*start + 8], "popup.js");
                assert!(*module);
            }
            other => panic!("unexpected {other:?}"),
        }
        match &found[1] {
            PageScript::Inline { start, end, module } => {
                assert_eq!(html[*start..*end].trim(), "chrome.runtime.sendMessage(1)");
                assert!(!module);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(&found[2], PageScript::External { src, .. } if src == "a b.js"));
    }

    #[test]
    fn unterminated_input_is_not_a_crash() {
        assert!(scripts("<script src=\"x").is_empty());
        assert_eq!(scripts("<script>let a = 1;").len(), 1);
        assert!(scripts("<!-- never closed <script>x</script>").is_empty());
    }
}
