//! The framing codec with exact bytes.
mod support;

use std::io::{self, Cursor, Read};

use msglint::native::codec::{
    write_frame, write_message, FrameError, FrameReader, TO_BROWSER_CAP, TO_HOST_CAP,
};
use serde_json::json;
use support::frame;

/// Hands out one byte per read, the worst a pipe can do.
struct OneByte<R>(R);
impl<R: Read> Read for OneByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.0.read(&mut buf[..1])
    }
}

fn json_body(len: usize) -> Vec<u8> {
    // a JSON string of exactly `len` bytes (len >= 2)
    let mut body = vec![b'"'];
    body.extend(std::iter::repeat_n(b'a', len - 2));
    body.push(b'"');
    body
}

#[test]
fn writes_native_endian_length_then_body() {
    let mut out = Vec::new();
    write_message(&mut out, &json!({"a": 1}), TO_BROWSER_CAP).unwrap();
    let mut expected = 7u32.to_ne_bytes().to_vec();
    expected.extend_from_slice(br#"{"a":1}"#);
    assert_eq!(out, expected);
    if cfg!(target_endian = "little") {
        assert_eq!(&out[..4], &[7, 0, 0, 0]);
    }
}

#[test]
fn round_trips_0_1_bytes_and_1_mib() {
    for len in [0usize, 1, TO_BROWSER_CAP] {
        let body = if len < 2 {
            vec![b'7'; len]
        } else {
            json_body(len)
        };
        let mut wire = Vec::new();
        write_frame(&mut wire, &body, TO_BROWSER_CAP).unwrap();
        assert_eq!(wire, frame(&body), "len {len}");
        let mut r = FrameReader::new(Cursor::new(&wire), TO_BROWSER_CAP);
        assert_eq!(r.read_frame().unwrap(), Some(&body[..]), "len {len}");
        assert!(
            r.read_frame().unwrap().is_none(),
            "clean end after len {len}"
        );
    }
}

#[test]
fn just_over_the_cap_is_refused_both_ways_and_the_stream_stays_in_sync() {
    let body = json_body(TO_BROWSER_CAP + 1);
    let mut wire = Vec::new();
    match write_frame(&mut wire, &body, TO_BROWSER_CAP) {
        Err(FrameError::TooLarge { len, cap }) => {
            assert_eq!((len, cap), (TO_BROWSER_CAP as u64 + 1, TO_BROWSER_CAP))
        }
        other => panic!("{other:?}"),
    }
    assert!(wire.is_empty(), "nothing written");
    // reading: the oversized frame is an error, the next frame still reads
    let mut wire = frame(&body);
    wire.extend(frame(b"{\"next\":true}"));
    let mut r = FrameReader::new(Cursor::new(wire), TO_BROWSER_CAP);
    match r.read_frame() {
        Err(e @ FrameError::TooLarge { .. }) => assert!(e.is_recoverable()),
        other => panic!("{other:?}"),
    }
    assert_eq!(r.read_message().unwrap(), Some(json!({"next": true})));
    assert!(r.read_frame().unwrap().is_none());
    // towards the host the same frame is fine
    let mut r = FrameReader::new(Cursor::new(frame(&body)), TO_HOST_CAP);
    assert_eq!(
        r.read_frame().unwrap().map(<[u8]>::len),
        Some(TO_BROWSER_CAP + 1)
    );
}

#[test]
fn one_byte_reads_assemble_whole_frames() {
    let mut wire = frame(br#"{"type":"a"}"#);
    wire.extend(frame(br#"[1,2,3]"#));
    wire.extend(frame(b""));
    let mut r = FrameReader::new(OneByte(Cursor::new(wire)), TO_HOST_CAP);
    assert_eq!(r.read_message().unwrap(), Some(json!({"type": "a"})));
    assert_eq!(r.read_message().unwrap(), Some(json!([1, 2, 3])));
    assert_eq!(r.read_frame().unwrap(), Some(&b""[..]));
    assert!(r.read_frame().unwrap().is_none());
}

#[test]
fn eof_in_header_and_in_body_are_distinct_from_a_clean_end() {
    let mut r = FrameReader::new(Cursor::new(vec![5u8, 0]), TO_HOST_CAP);
    match r.read_frame() {
        Err(e @ FrameError::EofInHeader { got: 2 }) => assert!(!e.is_recoverable()),
        other => panic!("{other:?}"),
    }
    let mut wire = 10u32.to_ne_bytes().to_vec();
    wire.extend_from_slice(b"{\"a\"");
    let mut r = FrameReader::new(Cursor::new(wire), TO_HOST_CAP);
    assert!(matches!(
        r.read_frame(),
        Err(FrameError::EofInBody {
            expected: 10,
            got: 4
        })
    ));
    let mut r = FrameReader::new(Cursor::new(Vec::new()), TO_HOST_CAP);
    assert!(r.read_frame().unwrap().is_none());
}

#[test]
fn invalid_utf8_and_invalid_json_are_distinct_and_recoverable() {
    let mut wire = frame(b"\"\xff\xfe\"");
    wire.extend(frame(b"{nope"));
    wire.extend(frame(b"true"));
    let mut r = FrameReader::new(Cursor::new(wire), TO_HOST_CAP);
    match r.read_message() {
        Err(e @ FrameError::InvalidUtf8 { valid_up_to: 1 }) => assert!(e.is_recoverable()),
        other => panic!("{other:?}"),
    }
    match r.read_message() {
        Err(e @ FrameError::InvalidJson(_)) => assert!(e.is_recoverable()),
        other => panic!("{other:?}"),
    }
    assert_eq!(r.read_message().unwrap(), Some(json!(true)));
}

#[test]
fn text_on_stdout_is_named_as_such() {
    // a host that printed "/home/user/..." to stdout: "/hom" read as a length
    let mut r = FrameReader::new(
        Cursor::new(b"/home/user/file.txt\n".to_vec()),
        TO_BROWSER_CAP,
    );
    match r.read_frame() {
        Err(e @ FrameError::TextInStream { bytes }) => {
            assert_eq!(&bytes, b"/hom");
            assert!(!e.is_recoverable());
            let msg = e.to_string();
            assert!(
                msg.starts_with("text where a frame length belongs: \"/hom\" (bytes 2f 68 6f 6d)"),
                "{msg}"
            );
            assert!(msg.contains("log to stderr"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
}
