//! The table of a contract's message kinds, looked up once per message.
//!
//! Every validated message pays for one lookup, so the table is built for the contracts
//! people write (a handful to a few dozen kinds, short names): a sorted vector searched
//! linearly, comparing lengths first and short names word by word, without the calls to
//! `memcmp` a `BTreeMap` makes at each node. Large tables are binary-searched.

/// Message kinds by name, sorted by name.
#[derive(Debug)]
pub struct Kinds<T> {
    entries: Vec<(String, T)>,
}

/// Up to this many kinds, a linear scan beats a binary search's unpredictable branches.
const LINEAR: usize = 16;

impl<T> Default for Kinds<T> {
    fn default() -> Self {
        Kinds {
            entries: Vec::new(),
        }
    }
}

impl<T> FromIterator<(String, T)> for Kinds<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut entries: Vec<(String, T)> = iter.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Keep the last of equal names, as a map's insert would (the loader never repeats one).
        let mut deduped: Vec<(String, T)> = Vec::with_capacity(entries.len());
        for e in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => deduped.push(e),
            }
        }
        Kinds { entries: deduped }
    }
}

impl<T> Kinds<T> {
    /// The kind named `name`, with the table's copy of the name.
    #[inline]
    pub fn get_key_value(&self, name: &str) -> Option<(&str, &T)> {
        let found = if self.entries.len() <= LINEAR {
            self.entries.iter().find(|(k, _)| same(k, name))
        } else {
            self.entries
                .binary_search_by(|(k, _)| k.as_str().cmp(name))
                .ok()
                .map(|i| &self.entries[i])
        };
        found.map(|(k, v)| (k.as_str(), v))
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.get_key_value(name).map(|(_, v)| v)
    }

    /// Names in sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// String equality without a library call for names up to 16 bytes (every kind name and
/// discriminator in practice): lengths first, then two overlapping loads per side.
#[inline(always)]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

#[inline(always)]
fn word4(s: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&s[at..at + 4]);
    u32::from_ne_bytes(w)
}

#[inline(always)]
fn word8(s: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[at..at + 8]);
    u64::from_ne_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_agrees_with_eq_on_every_length_and_difference_position() {
        for n in 0..40usize {
            let a: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone().into_bytes();
                b[at] = b'Z';
                let b = String::from_utf8(b).unwrap();
                assert!(!same(&a, &b), "length {n}, difference at {at}");
            }
            let longer = format!("{a}x");
            assert!(!same(&a, &longer));
        }
    }

    #[test]
    fn lookup_finds_every_kind_in_small_and_large_tables() {
        for count in [0usize, 1, 3, 16, 17, 100] {
            let kinds: Kinds<usize> = (0..count).rev().map(|i| (format!("kind-{i}"), i)).collect();
            assert_eq!(kinds.len(), count);
            for i in 0..count {
                let name = format!("kind-{i}");
                assert_eq!(kinds.get_key_value(&name), Some((name.as_str(), &i)));
            }
            assert_eq!(kinds.get("kind-"), None);
            assert_eq!(kinds.get("kind-1000"), None);
            let keys: Vec<&str> = kinds.keys().collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "keys come sorted");
        }
    }

    #[test]
    fn a_repeated_name_keeps_the_last() {
        let kinds: Kinds<u8> = [("a".to_string(), 1), ("a".to_string(), 2)]
            .into_iter()
            .collect();
        assert_eq!(kinds.len(), 1);
        assert_eq!(kinds.get("a"), Some(&2));
    }
}
