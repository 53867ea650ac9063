//! The native messaging wire format: a 32-bit length in native byte order, then that many
//! bytes of UTF-8 JSON. Reads survive partial reads, never allocate past the cap, and keep
//! the stream in sync after a bad frame whenever the stream itself allows it.
use std::fmt;
use std::io::{self, Read, Write};

use serde_json::Value;

/// Largest frame towards the host by default (Chrome's limit).
pub const TO_HOST_CAP: usize = 64 * 1024 * 1024;
/// Largest frame towards the browser (Chrome and Firefox drop the connection above it).
pub const TO_BROWSER_CAP: usize = 1024 * 1024;

/// Why a frame could not be read or written.
#[derive(Debug)]
pub enum FrameError {
    Io(io::Error),
    /// The stream ended inside the 4-byte length.
    EofInHeader {
        got: usize,
    },
    /// The stream ended inside a body.
    EofInBody {
        expected: usize,
        got: usize,
    },
    /// The length is over the cap. The body is skipped on the next read, so the stream
    /// stays usable.
    TooLarge {
        len: u64,
        cap: usize,
    },
    /// The length bytes are printable text: something wrote text where frames belong
    /// (typically a debug print on the host's stdout). The stream cannot be trusted after it.
    TextInStream {
        bytes: [u8; 4],
    },
    /// The body is not UTF-8.
    InvalidUtf8 {
        valid_up_to: usize,
    },
    /// The body is not JSON.
    InvalidJson(serde_json::Error),
}

impl FrameError {
    /// Whether reading can go on after this error (the next frame starts where expected).
    pub fn is_recoverable(&self) -> bool {
        matches!(
            self,
            FrameError::TooLarge { .. }
                | FrameError::InvalidUtf8 { .. }
                | FrameError::InvalidJson(_)
        )
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "i/o error: {e}"),
            FrameError::EofInHeader { got } => {
                write!(f, "stream ended inside a frame's length ({got} of 4 bytes)")
            }
            FrameError::EofInBody { expected, got } => {
                write!(f, "stream ended inside a frame ({got} of {expected} bytes)")
            }
            FrameError::TooLarge { len, cap } => {
                write!(f, "frame of {len} bytes is over the limit of {cap} bytes")
            }
            FrameError::TextInStream { bytes } => write!(
                f,
                "text where a frame length belongs: {:?} (bytes {:02x} {:02x} {:02x} {:02x}); \
                 something printed to stdout, which must carry only frames (log to stderr)",
                String::from_utf8_lossy(bytes),
                bytes[0],
                bytes[1],
                bytes[2],
                bytes[3]
            ),
            FrameError::InvalidUtf8 { valid_up_to } => {
                write!(
                    f,
                    "frame is not UTF-8 (invalid byte at offset {valid_up_to})"
                )
            }
            FrameError::InvalidJson(e) => write!(f, "frame is not JSON: {e}"),
        }
    }
}

impl std::error::Error for FrameError {}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> Self {
        FrameError::Io(e)
    }
}

/// Whether a length's bytes look like text (all printable ASCII or common whitespace).
pub fn looks_like_text(bytes: &[u8; 4]) -> bool {
    bytes
        .iter()
        .all(|b| (0x20..0x7f).contains(b) || matches!(b, b'\n' | b'\r' | b'\t'))
}

/// Decide what a 4-byte header means under `cap`.
pub fn check_header(header: [u8; 4], cap: usize) -> Result<usize, FrameError> {
    let len = u32::from_ne_bytes(header) as u64;
    if len > cap as u64 {
        // Every all-text length is above 0x09090909 (~150 MB), over any sane cap.
        if looks_like_text(&header) {
            return Err(FrameError::TextInStream { bytes: header });
        }
        return Err(FrameError::TooLarge { len, cap });
    }
    Ok(len as usize)
}

/// Reads frames from any `Read`.
#[derive(Debug)]
pub struct FrameReader<R> {
    inner: R,
    cap: usize,
    buf: Vec<u8>,
    /// Bytes of an oversized frame still to discard.
    skip: u64,
}

impl<R: Read> FrameReader<R> {
    /// A reader that refuses frames longer than `cap` bytes.
    pub fn new(inner: R, cap: usize) -> Self {
        FrameReader {
            inner,
            cap,
            buf: Vec::new(),
            skip: 0,
        }
    }

    /// The next frame's raw body, checked to be UTF-8. `Ok(None)` is a clean end of stream.
    pub fn read_frame(&mut self) -> Result<Option<&[u8]>, FrameError> {
        let n = std::mem::take(&mut self.skip);
        if n > 0 {
            let skipped = io::copy(&mut (&mut self.inner).take(n), &mut io::sink())?;
            check_skipped(n, skipped)?;
        }
        let mut header = [0u8; 4];
        let got = read_full(&mut self.inner, &mut header)?;
        let Some(len) = frame_len(header, got, self.cap, &mut self.skip)? else {
            return Ok(None);
        };
        // Within the cap, so this allocation is bounded.
        self.buf.clear();
        self.buf.resize(len, 0);
        let got = read_full(&mut self.inner, &mut self.buf)?;
        check_body(&self.buf, got)?;
        Ok(Some(&self.buf))
    }

    /// The next frame parsed as JSON. `Ok(None)` is a clean end of stream.
    pub fn read_message(&mut self) -> Result<Option<Value>, FrameError> {
        match self.read_frame()? {
            None => Ok(None),
            Some(body) => serde_json::from_slice(body)
                .map(Some)
                .map_err(FrameError::InvalidJson),
        }
    }

    /// The wrapped reader.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}

impl<T: Read> FrameReader<io::BufReader<T>> {
    /// Whether the next [`FrameReader::read_frame`] returns a whole frame already in the
    /// buffer, without waiting for input. A frame's first bytes alone do not count (the
    /// peer may be slow to send the rest), nor does anything while the rest of an
    /// oversized frame is still to be discarded.
    pub fn frame_buffered(&self) -> bool {
        if self.skip > 0 {
            return false;
        }
        let buf = self.inner.buffer();
        match buf.first_chunk::<4>() {
            Some(header) => buf.len() - 4 >= u32::from_ne_bytes(*header) as usize,
            None => false,
        }
    }
}

/// What a reader does once it has read `got` bytes of a frame's header (blocking or
/// async alike): `None` at a clean end, the body's length, or why the frame is refused.
/// An oversized frame is reported at once and its body left in `skip`, to be discarded
/// on the next read, so its error reply goes out before the body has to arrive.
pub(crate) fn frame_len(
    header: [u8; 4],
    got: usize,
    cap: usize,
    skip: &mut u64,
) -> Result<Option<usize>, FrameError> {
    if got == 0 {
        return Ok(None);
    }
    if got < 4 {
        return Err(FrameError::EofInHeader { got });
    }
    match check_header(header, cap) {
        Ok(len) => Ok(Some(len)),
        Err(FrameError::TooLarge { len, cap }) => {
            *skip = len;
            Err(FrameError::TooLarge { len, cap })
        }
        Err(e) => Err(e),
    }
}

/// An oversized frame's body was discarded: all `n` bytes of it, or the stream ended.
pub(crate) fn check_skipped(n: u64, skipped: u64) -> Result<(), FrameError> {
    if skipped < n {
        return Err(FrameError::EofInBody {
            expected: n as usize,
            got: skipped as usize,
        });
    }
    Ok(())
}

/// A body read into `buf` (`got` bytes of it arrived): whole and UTF-8.
pub(crate) fn check_body(buf: &[u8], got: usize) -> Result<(), FrameError> {
    if got < buf.len() {
        return Err(FrameError::EofInBody {
            expected: buf.len(),
            got,
        });
    }
    if let Err(e) = std::str::from_utf8(buf) {
        return Err(FrameError::InvalidUtf8 {
            valid_up_to: e.valid_up_to(),
        });
    }
    Ok(())
}

/// Fill `buf` unless the stream ends; returns how many bytes were read.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Write one frame (length and body, one `write_all` each) without flushing.
pub fn write_frame<W: Write>(w: &mut W, body: &[u8], cap: usize) -> Result<(), FrameError> {
    if body.len() > cap {
        return Err(FrameError::TooLarge {
            len: body.len() as u64,
            cap,
        });
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameError::TooLarge {
        len: body.len() as u64,
        cap,
    })?;
    w.write_all(&len.to_ne_bytes())?;
    w.write_all(body)?;
    Ok(())
}

/// Serialize `message` and write it as one frame, then flush.
pub fn write_message<W: Write>(w: &mut W, message: &Value, cap: usize) -> Result<(), FrameError> {
    let body = serde_json::to_vec(message).map_err(FrameError::InvalidJson)?;
    write_frame(w, &body, cap)?;
    w.flush()?;
    Ok(())
}
