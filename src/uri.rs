//! Percent-encoding for the URIs msglint writes (contract `file:` URIs and fragments,
//! SARIF artifact locations) and reads back.
use std::borrow::Cow;

/// What a URI path or fragment may hold besides ASCII letters and digits (RFC 3986
/// `pchar` plus `/`).
pub const PATH_CHARS: &[u8] = b"/-._~!$&'()*+,;=:@";

/// [`PATH_CHARS`] without `:`, for a relative reference whose first segment must not
/// read as a scheme.
pub const RELATIVE_PATH_CHARS: &[u8] = b"/-._~!$&'()*+,;=@";

/// `s` with every byte that is not an ASCII letter, digit or one of `keep` as `%XX`;
/// borrowed when there is nothing to encode (most paths: no copy per SARIF location).
pub fn percent_encode<'s>(s: &'s str, keep: &[u8]) -> Cow<'s, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || keep.contains(&b);
    if s.bytes().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// `s` with `%XX` escapes decoded; a `%` not followed by two hex digits stays as it is,
/// and bytes that do not form UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        char::from(b).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_what_it_is_told() {
        let s = "/a b/#c/é%/d:e";
        let enc = percent_encode(s, PATH_CHARS);
        assert_eq!(enc, "/a%20b/%23c/%C3%A9%25/d:e");
        assert_eq!(percent_decode(&enc), s);
        assert_eq!(percent_encode("d:e", RELATIVE_PATH_CHARS), "d%3Ae");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
