//! The host middleware on tokio (feature `async`): same checks and replies as the blocking
//! [`Middleware::serve`], one message at a time so replies keep their order.
use std::future::Future;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::codec::{check_body, check_skipped, frame_len, FrameError, TO_BROWSER_CAP};
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

/// The async twin of [`super::codec::FrameReader`]: the same decisions
/// ([`frame_len`], [`check_skipped`], [`check_body`]), only the reads await.
struct AsyncFrameReader<R> {
    inner: R,
    cap: usize,
    buf: Vec<u8>,
    skip: u64,
}

impl<R: AsyncRead + Unpin> AsyncFrameReader<R> {
    /// One frame: `Ok(None)` at a clean end; a recoverable error leaves the stream in sync.
    async fn read_frame(&mut self) -> Result<Option<&[u8]>, FrameError> {
        let n = std::mem::take(&mut self.skip);
        if n > 0 {
            let skipped =
                tokio::io::copy(&mut (&mut self.inner).take(n), &mut tokio::io::sink()).await?;
            check_skipped(n, skipped)?;
        }
        let mut header = [0u8; 4];
        let got = read_full(&mut self.inner, &mut header).await?;
        let Some(len) = frame_len(header, got, self.cap, &mut self.skip)? else {
            return Ok(None);
        };
        self.buf.clear();
        self.buf.resize(len, 0);
        let got = read_full(&mut self.inner, &mut self.buf).await?;
        check_body(&self.buf, got)?;
        Ok(Some(&self.buf))
    }
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
        input: R,
        mut output: W,
        mut handler: H,
    ) -> Result<(), FrameError>
    where
        R: AsyncRead + Unpin,
        W: AsyncWrite + Unpin,
        H: FnMut(String, Value) -> Fut,
        Fut: Future<Output = Result<Value, HandlerError>> + Send + 'static,
    {
        let mut reader = AsyncFrameReader {
            inner: input,
            cap: self.to_host_cap(),
            buf: Vec::new(),
            skip: 0,
        };
        loop {
            let Some(frame) = triage(reader.read_frame().await)? else {
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
            // Replies come from `outbound` or `error_frame`, which keep within the limit.
            debug_assert!(reply.len() <= TO_BROWSER_CAP);
            output
                .write_all(&(reply.len() as u32).to_ne_bytes())
                .await?;
            output.write_all(&reply).await?;
            output.flush().await?;
        }
    }
}
