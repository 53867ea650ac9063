//! A minimal native host that sends every frame back unchanged: the baseline the proxy
//! benchmark measures against. Uses the codec only (no validation), and flushes once per
//! burst of input rather than once per frame.
use std::io::{self, BufReader, BufWriter, Write};

use msglint::native::codec::{write_frame, FrameReader, TO_BROWSER_CAP, TO_HOST_CAP};

fn main() -> io::Result<()> {
    let mut reader = FrameReader::new(
        BufReader::with_capacity(1 << 16, io::stdin().lock()),
        TO_HOST_CAP,
    );
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    loop {
        match reader.read_frame() {
            Ok(Some(body)) => {
                if let Err(e) = write_frame(&mut out, body, TO_BROWSER_CAP) {
                    eprintln!("echo_host: {e}");
                }
            }
            Ok(None) => return out.flush(),
            Err(e) => {
                eprintln!("echo_host: {e}");
                return out.flush();
            }
        }
        if reader.get_mut().buffer().is_empty() {
            out.flush()?;
        }
    }
}
