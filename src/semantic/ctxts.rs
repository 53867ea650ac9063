//! A set of scope contexts (`ctxt`s), one bit each: which scopes have a binding in some
//! map keyed by `Id`. Asked before hashing a name, it answers "no" for the names of every
//! other scope, which are most names (every `msg.type`, `e.data` of a listener).
use swc_common::SyntaxContext;

/// Contexts tracked as bits (512 KiB at most). Contexts of swc's own resolver (the
/// fallback) can be large numbers: past this many, the set answers "maybe" without a bit.
const MAX_BITS: usize = 1 << 22;

/// A superset of the contexts inserted: [`CtxtSet::may_contain`] is never wrong when it
/// says no.
#[derive(Debug, Default)]
pub struct CtxtSet(Vec<u64>);

impl CtxtSet {
    pub fn insert(&mut self, ctxt: SyntaxContext) {
        let i = ctxt.as_u32() as usize;
        if i >= MAX_BITS {
            return;
        }
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Whether a binding of this context may have been inserted.
    #[inline]
    pub fn may_contain(&self, ctxt: SyntaxContext) -> bool {
        let i = ctxt.as_u32() as usize;
        i >= MAX_BITS || self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_no_only_for_contexts_never_inserted() {
        let mut s = CtxtSet::default();
        let c = |n: u32| SyntaxContext::from_u32(n);
        assert!(!s.may_contain(c(5)));
        s.insert(c(5));
        s.insert(c(700));
        assert!(s.may_contain(c(5)) && s.may_contain(c(700)));
        assert!(!s.may_contain(c(6)) && !s.may_contain(c(699)) && !s.may_contain(c(100_000)));
        // Past the tracked range: always "maybe", inserted or not.
        assert!(s.may_contain(c(MAX_BITS as u32 + 1)));
    }
}
