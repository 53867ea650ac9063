//! Answers: what a listener sends back, and to whom. An external sender's answer is an
//! exfiltration sink (`sensitive-data-to-untrusted-receiver`); privileged data answered
//! to the extension's own scripts is recorded as an `Answer` for the rule to pair with
//! a content script that posts it on to the page. A listener's `sendResponse` handed to
//! a helper answers where the helper calls it: the helper's summary records each call of
//! a parameter with privileged data ([`Hit::Answer`]), and each call applies it.

use super::{bits, Hit, SumHit, Walker, T};
use crate::diagnostic::Label;
use crate::taint::SinkCat;
use swc_ecma_ast::Ident;

/// Whom a listener's answer goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answers {
    Nobody,
    /// An `onMessage` listener: the extension's own contexts (content scripts among them).
    Internal,
    /// An `onMessageExternal` listener: another extension or a web page.
    External,
}

impl Walker<'_, '_> {
    /// Whom the innermost function's `return` answers.
    pub(super) fn answers(&self) -> Answers {
        self.frames.last().map_or(Answers::Nobody, |f| f.answers)
    }

    /// Privileged data answered to the extension's own contexts (`sendResponse(cookies)`
    /// in an `onMessage` listener): kept with the message kind it answers, for the rule
    /// that pairs it with a content script posting that answer to the page.
    pub(super) fn answer_internal(&mut self, t: &T, r: (usize, usize)) {
        if t.is_clean() {
            return;
        }
        let l = self.label(r, "answered to the extension's own scripts here");
        self.record(t, &Hit::Answered, vec![l]);
    }

    /// While summarizing: `callee`, a binding of the function's parameters, is called as
    /// a responder with `value` (see [`Hit::Answer`]), privileged data read in the
    /// function. `false` when it is no parameter or `value` holds no such data.
    pub(super) fn param_answer(
        &mut self,
        callee: &Ident,
        value: Option<&T>,
        at: (usize, usize),
    ) -> bool {
        if !self.summarizing() {
            return false;
        }
        let mask = self.env.get(&callee.to_id()).map_or(0, |t| t.params);
        // Only privileged data read here is worth an answer: recording every call of a
        // callback parameter with its own arguments (`iteratee(value)` throughout a
        // library) made every call of such a function apply its summary in full.
        let Some(value) = value.filter(|v| mask != 0 && v.sens.is_some()) else {
            return false;
        };
        let path = vec![self.label(at, "answered here")];
        let kind = self.st.kind.clone();
        if let Some(acc) = &mut self.summary {
            acc.push(SumHit {
                mask,
                hit: Hit::Answer(value.clone()),
                kind,
                path,
            });
        }
        true
    }

    /// A summarized function answers through its parameters (`mask`) with `v`: for each
    /// such argument that is a listener's `sendResponse`, the listener answers; for one
    /// that is a parameter of the function being summarized, that function answers
    /// through it in turn.
    /// The answer's message kind is the walk's (`apply_summary` sets the callee's when
    /// the call is under none).
    pub(super) fn apply_answer(&mut self, mask: u32, v: &T, path: &[Label], args: &[T]) {
        let value = T {
            params: 0,
            ..v.clone()
        }
        .union(super::calls::passed(v.params, args));
        for i in bits(mask) {
            let Some(a) = args.get(i) else { continue };
            match a.responder() {
                Some(true) => {
                    let hit = Hit::Sink(SinkCat::Exfil, "sendResponse".to_string());
                    self.record(&value, &hit, path.to_vec());
                }
                Some(false) => self.record(&value, &Hit::Answered, path.to_vec()),
                _ if a.params != 0 && value.sens.is_some() => {
                    let hit = SumHit {
                        mask: a.params,
                        hit: Hit::Answer(value.clone()),
                        kind: self.st.kind.clone(),
                        path: path.to_vec(),
                    };
                    if let Some(acc) = &mut self.summary {
                        acc.push(hit);
                    }
                }
                _ => {}
            }
        }
    }
}
