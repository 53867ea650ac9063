//! The host middleware on tokio (feature `async`): same checks and replies as the blocking
//! [`Middleware::serve`], one message at a time so replies keep their order.
use std::future::Future;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::codec::{check_header, FrameError, TO_BROWSER_CAP};
use super::middleware::{panic_message, triage, HandlerError, Middleware};

/// Fill `buf` unless the stream ends; how many bytes were read.
async fn read_full<R: AsyncRead + Unpin>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]).await {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// One frame: `Ok(None)` at a clean end; a recoverable error leaves the stream in sync.
/// Like the blocking [`super::codec::FrameReader`], an oversized frame is reported at once
/// and its body discarded on the next read (`skip`), so its error reply goes out before
/// the body has to arrive.
async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut R,
    cap: usize,
    buf: &mut Vec<u8>,
    skip: &mut u64,
) -> Result<Option<()>, FrameError> {
    if *skip > 0 {
        let n = std::mem::take(skip);
        let skipped = tokio::io::copy(&mut r.take(n), &mut tokio::io::sink()).await?;
        if skipped < n {
            return Err(FrameError::EofInBody {
                expected: n as usize,
                got: skipped as usize,
            });
        }
    }
    let mut header = [0u8; 4];
    let got = read_full(r, &mut header).await?;
    if got == 0 {
        return Ok(None);
    }
    if got < 4 {
        return Err(FrameError::EofInHeader { got });
    }
    let len = match check_header(header, cap) {
        Ok(len) => len,
        Err(FrameError::TooLarge { len, cap }) => {
            *skip = len;
            return Err(FrameError::TooLarge { len, cap });
        }
        Err(e) => return Err(e),
    };
    buf.clear();
    buf.resize(len, 0);
    let got = read_full(r, buf).await?;
    if got < len {
        return Err(FrameError::EofInBody { expected: len, got });
    }
    if let Err(e) = std::str::from_utf8(buf) {
        return Err(FrameError::InvalidUtf8 {
            valid_up_to: e.valid_up_to(),
        });
    }
    Ok(Some(()))
}

impl Middleware {
    /// Serve over tokio's stdin and stdout until the browser closes stdin.
    pub async fn serve_stdio_async<H, Fut>(&self, handler: H) -> Result<(), FrameError>
    where
        H: FnMut(String, Value) -> Fut,
        Fut: Future<Output = Result<Value, HandlerError>> + Send + 'static,
    {
        self.serve_async(tokio::io::stdin(), tokio::io::stdout(), handler)
            .await
    }

    /// Serve frames from `input`, replying on `output`, until `input` ends. Each handler
    /// future runs as its own task so that a panic becomes an error reply.
    pub async fn serve_async<R, W, H, Fut>(
        &self,
        mut input: R,
        mut output: W,
        mut handler: H,
    ) -> Result<(), FrameError>
    where
        R: AsyncRead + Unpin,
        W: AsyncWrite + Unpin,
        H: FnMut(String, Value) -> Fut,
        Fut: Future<Output = Result<Value, HandlerError>> + Send + 'static,
    {
        let mut buf = Vec::new();
        let mut skip = 0u64;
        loop {
            let read = read_frame(&mut input, self.to_host_cap(), &mut buf, &mut skip).await;
            let Some(frame) = triage(read.map(|got| got.map(|()| &buf[..])))? else {
                return Ok(());
            };
            let reply = match self.accept(frame) {
                Err(reply) => reply,
                Ok((message, kind)) => {
                    let outcome =
                        tokio::spawn(handler(kind.clone(), message))
                            .await
                            .map_err(|join| {
                                if join.is_panic() {
                                    panic_message(&*join.into_panic())
                                } else {
                                    "cancelled".into()
                                }
                            });
                    self.handler_reply(&kind, outcome)
                }
            };
            if reply.len() > TO_BROWSER_CAP {
                return Err(FrameError::TooLarge {
                    len: reply.len() as u64,
                    cap: TO_BROWSER_CAP,
                });
            }
            output
                .write_all(&(reply.len() as u32).to_ne_bytes())
                .await?;
            output.write_all(&reply).await?;
            output.flush().await?;
        }
    }
}
