//! Limits that keep validation bounded whatever a message or a contract contains.
use serde_json::Value;

/// Default largest message: Chrome's 64 MiB cap on extension messages.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;
/// Default deepest nesting. serde_json refuses to parse deeper than 128 levels anyway.
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// Default backtrack budget for patterns that need a backtracking engine.
pub const DEFAULT_BACKTRACK_LIMIT: usize = 100_000;

/// Which engine runs `pattern` and `patternProperties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexEngine {
    /// The `regex` crate: linear time always, but no look-around or back-references
    /// (a contract using them fails to load).
    Linear,
    /// `fancy-regex`: ECMA-262 features; patterns without them still run on the linear
    /// engine, the rest give up after `backtrack_limit` steps (the message is then invalid).
    Backtracking { backtrack_limit: usize },
}

impl Default for RegexEngine {
    fn default() -> Self {
        RegexEngine::Backtracking {
            backtrack_limit: DEFAULT_BACKTRACK_LIMIT,
        }
    }
}

/// Every limit validation applies. All are configurable: in the contract's `limits`
/// object, with [`crate::contract::ContractOptions`], or on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest message, in bytes of compact JSON.
    pub max_message_bytes: usize,
    /// Deepest nesting of arrays and objects (a scalar at top level is depth 0).
    pub max_depth: usize,
    pub regex: RegexEngine,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            regex: RegexEngine::default(),
        }
    }
}

/// What [`measure`] found beyond a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    /// The message is deeper than `max_depth`; `path` is where the limit was crossed.
    Depth { path: String },
    /// The message is larger than `max_message_bytes` (at least `at_least` bytes).
    Size { at_least: usize },
}

/// Walk `value` once, stopping at the first limit crossed. The size is that of compact
/// JSON without string escapes: exact for most messages, never more than the real size,
/// and far cheaper than serializing. Byte-oriented callers (the CLI, the native codec)
/// check the exact size before parsing.
#[inline]
pub fn measure(value: &Value, limits: &Limits) -> Result<(), Exceeded> {
    // Recursion is bounded by the depth limit; beyond what the stack safely holds, walk
    // with an explicit stack instead.
    if limits.max_depth <= 256 {
        // The common case, a message within every limit, takes the lean walk; only a
        // message over a limit pays for the walk that finds where.
        // `TOO_DEEP` means "too deep", whatever the size limit (which may be `usize::MAX`).
        let size = quick_size(value, limits.max_depth);
        if size != TOO_DEEP && size <= limits.max_message_bytes {
            return Ok(());
        }
    }
    explain(value, limits)
}

/// The walk that finds where a message crosses a limit (or that it crosses none): what
/// [`measure`] runs once its lean walk has found the message over one.
pub fn explain(value: &Value, limits: &Limits) -> Result<(), Exceeded> {
    if limits.max_depth <= 256 {
        let mut size = 0usize;
        return match walk(value, 0, limits, &mut size) {
            Ok(()) => Ok(()),
            Err(Crossed::Size) => Err(Exceeded::Size { at_least: size }),
            Err(Crossed::Depth(v, depth)) => Err(Exceeded::Depth {
                path: path_to(value, v, depth),
            }),
        };
    }
    measure_iterative(value, limits)
}

/// [`measure`] and the search for the discriminator in one pass over a message's top-level
/// object (every message with a discriminator is one). Returns the discriminator's value
/// and whether the message is within every limit; `(None, false)` when the walk stopped
/// early, which sends the caller down the general path that reports why.
#[inline(always)]
pub fn scan_root<'v>(
    root: &'v serde_json::Map<String, Value>,
    discriminator: &str,
    limits: &Limits,
) -> (Option<&'v Value>, bool) {
    if limits.max_depth == 0 || limits.max_depth > 256 {
        return (None, false);
    }
    let left = limits.max_depth - 1;
    let mut found = None;
    let mut size = 1 + root.len().max(1);
    for (k, c) in root {
        if super::kinds::same(k, discriminator) {
            found = Some(c);
        }
        match child(c, left, &container_size) {
            TOO_DEEP => return (None, false),
            s => size += k.len() + 3 + s,
        }
    }
    (found, size <= limits.max_message_bytes)
}

/// What [`quick_size`] returns for a message deeper than its depth limit.
const TOO_DEEP: usize = usize::MAX;

/// The size [`walk`] computes, without error paths: [`TOO_DEEP`] when a container sits
/// `left` levels down. Recursion is bounded by `left`. Plain additions cannot overflow:
/// every node counts fewer bytes than it occupies in memory.
#[inline(always)]
fn quick_size(v: &Value, left: usize) -> usize {
    child(v, left, &container_size)
}

/// [`quick_size`] of a container. Each out-of-line call covers two levels: a container's
/// body and, inline, the bodies of the containers in it. Messages are wide and shallow
/// (an array of records holding short lists), so most of them take a single call, which
/// was the walk's main cost; scalars are sized inline.
#[inline(always)]
fn container_size(v: &Value, left: usize) -> usize {
    match v {
        _ if left == 0 => TOO_DEEP,
        Value::Array(a) => array_size(a, left - 1),
        Value::Object(o) => object_size(o, left - 1),
        _ => scalar_size(v),
    }
}

fn array_size(a: &[Value], left: usize) -> usize {
    array_body(a, left, |c, left| inline_level(c, left, container_size))
}

fn object_size(o: &serde_json::Map<String, Value>, left: usize) -> usize {
    object_body(o, left, |c, left| inline_level(c, left, container_size))
}

/// One more level inline: `c`'s body, with `nested` for the containers inside it.
#[inline(always)]
fn inline_level(c: &Value, left: usize, nested: impl Fn(&Value, usize) -> usize) -> usize {
    match c {
        _ if left == 0 => TOO_DEEP,
        Value::Array(a) => array_body(a, left - 1, nested),
        Value::Object(o) => object_body(o, left - 1, nested),
        _ => scalar_size(c),
    }
}

#[inline(always)]
fn array_body(a: &[Value], left: usize, nested: impl Fn(&Value, usize) -> usize) -> usize {
    let mut size = 1 + a.len().max(1);
    for c in a {
        match child(c, left, &nested) {
            TOO_DEEP => return TOO_DEEP,
            s => size += s,
        }
    }
    size
}

#[inline(always)]
fn object_body(
    o: &serde_json::Map<String, Value>,
    left: usize,
    nested: impl Fn(&Value, usize) -> usize,
) -> usize {
    let mut size = 1 + o.len().max(1);
    for (k, c) in o {
        match child(c, left, &nested) {
            TOO_DEEP => return TOO_DEEP,
            s => size += k.len() + 3 + s,
        }
    }
    size
}

/// A member's size: scalars inline, containers through `nested`.
#[inline(always)]
fn child(c: &Value, left: usize, nested: &impl Fn(&Value, usize) -> usize) -> usize {
    match c {
        Value::Array(_) | Value::Object(_) => nested(c, left),
        _ => scalar_size(c),
    }
}

/// Compact-JSON size of a scalar (numbers count one byte: a lower bound); 0 for containers.
#[inline(always)]
fn scalar_size(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(_) => 1,
        Value::String(s) => s.len() + 2,
        Value::Array(_) | Value::Object(_) => 0,
    }
}

enum Crossed<'v> {
    Size,
    Depth(&'v Value, usize),
}

/// Scalars are sized inline and only containers recurse: this walk runs on every message,
/// so it is kept to a few nanoseconds per node.
fn walk<'v>(
    v: &'v Value,
    depth: usize,
    limits: &Limits,
    size: &mut usize,
) -> Result<(), Crossed<'v>> {
    match v {
        Value::Array(a) => {
            if depth >= limits.max_depth {
                return Err(Crossed::Depth(v, depth));
            }
            *size += 1 + a.len().max(1);
            for c in a {
                match c {
                    Value::Array(_) | Value::Object(_) => walk(c, depth + 1, limits, size)?,
                    _ => *size += scalar_size(c),
                }
            }
        }
        Value::Object(o) => {
            if depth >= limits.max_depth {
                return Err(Crossed::Depth(v, depth));
            }
            *size += 1 + o.len().max(1);
            for (k, c) in o {
                *size += k.len() + 3;
                match c {
                    Value::Array(_) | Value::Object(_) => walk(c, depth + 1, limits, size)?,
                    _ => *size += scalar_size(c),
                }
            }
        }
        _ => *size += scalar_size(v),
    }
    if *size > limits.max_message_bytes {
        return Err(Crossed::Size);
    }
    Ok(())
}

fn measure_iterative(value: &Value, limits: &Limits) -> Result<(), Exceeded> {
    let mut size = 0usize;
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, depth)) = stack.pop() {
        match v {
            Value::Null => size += 4,
            Value::Bool(b) => size += if *b { 4 } else { 5 },
            Value::Number(_) => size += 1,
            Value::String(s) => size += s.len() + 2,
            Value::Array(a) => {
                if depth + 1 > limits.max_depth {
                    return Err(Exceeded::Depth {
                        path: path_to(value, v, depth),
                    });
                }
                size += 1 + a.len().max(1);
                stack.extend(a.iter().map(|c| (c, depth + 1)));
            }
            Value::Object(o) => {
                if depth + 1 > limits.max_depth {
                    return Err(Exceeded::Depth {
                        path: path_to(value, v, depth),
                    });
                }
                size += 1 + o.len().max(1);
                for (k, c) in o {
                    size += k.len() + 3;
                    stack.push((c, depth + 1));
                }
            }
        }
        if size > limits.max_message_bytes {
            return Err(Exceeded::Size { at_least: size });
        }
    }
    Ok(())
}

/// JSON pointer from `root` to `target` (found by address; only on the error path).
fn path_to(root: &Value, target: &Value, target_depth: usize) -> String {
    fn find(v: &Value, target: &Value, path: &mut String, left: usize) -> bool {
        if std::ptr::eq(v, target) {
            return true;
        }
        let Some(left) = left.checked_sub(1) else {
            return false;
        };
        let len = path.len();
        match v {
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    path.push_str(&format!("/{i}"));
                    if find(c, target, path, left) {
                        return true;
                    }
                    path.truncate(len);
                }
            }
            Value::Object(o) => {
                for (k, c) in o {
                    path.push('/');
                    path.push_str(&crate::contract::locate::escape(k));
                    if find(c, target, path, left) {
                        return true;
                    }
                    path.truncate(len);
                }
            }
            _ => {}
        }
        false
    }
    let mut path = String::new();
    // Bounded by the target's depth, so a hostile deep value cannot overflow the stack.
    find(root, target, &mut path, target_depth);
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_is_counted_per_container() {
        let limits = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert_eq!(measure(&json!({"a": [1]}), &limits), Ok(()));
        assert_eq!(
            measure(&json!({"a": [[1]]}), &limits),
            Err(Exceeded::Depth {
                path: "/a/0".into()
            })
        );
    }

    #[test]
    fn depth_holds_without_a_size_limit() {
        let limits = Limits {
            max_depth: 2,
            max_message_bytes: usize::MAX,
            ..Limits::default()
        };
        assert_eq!(
            measure(&json!({"a": [[1]]}), &limits),
            Err(Exceeded::Depth {
                path: "/a/0".into()
            })
        );
    }

    #[test]
    fn large_depth_limits_walk_without_recursion() {
        let mut v = json!(1);
        for _ in 0..1001 {
            v = json!([v]);
        }
        let limits = Limits {
            max_depth: 1000,
            ..Limits::default()
        };
        match measure(&v, &limits) {
            Err(Exceeded::Depth { path }) => assert_eq!(path.matches('/').count(), 1000),
            other => panic!("{other:?}"),
        }
        let limits = Limits {
            max_depth: 1001,
            ..Limits::default()
        };
        assert_eq!(measure(&v, &limits), Ok(()));
    }

    #[test]
    fn the_quick_walk_and_the_reporting_walk_agree() {
        // `measure` decides with `quick_size` and reports with `walk`: a message exactly at
        // a limit passes, one byte or level over fails, whichever walk looks.
        for v in [
            json!({"type": "x", "list": [1, true, null, false, "abc"], "o": {"p": []}}),
            json!([[], {}, [[["deep"]]], {"k": {"k": {"k": 0.5}}}]),
            json!("top-level string"),
        ] {
            let mut walked = 0;
            assert!(walk(&v, 0, &Limits::default(), &mut walked).is_ok());
            assert_eq!(quick_size(&v, 64), walked);
            let at = |max_message_bytes| Limits {
                max_message_bytes,
                ..Limits::default()
            };
            assert_eq!(measure(&v, &at(walked)), Ok(()));
            assert!(matches!(
                measure(&v, &at(walked - 1)),
                Err(Exceeded::Size { .. })
            ));
        }
    }

    #[test]
    fn the_root_scan_agrees_with_measure_and_finds_the_discriminator() {
        // `scan_root` is `measure` fused with the search for the discriminator (which need
        // not come first): it must accept and refuse exactly where `measure` does.
        let v =
            json!({"list": [1, true, null, false, "abc"], "o": {"p": [[]]}, "type": "x", "t": 1});
        let Value::Object(o) = &v else { unreachable!() };
        let mut walked = 0;
        assert!(walk(&v, 0, &Limits::default(), &mut walked).is_ok());
        let with = |max_message_bytes, max_depth| Limits {
            max_message_bytes,
            max_depth,
            ..Limits::default()
        };
        assert_eq!(
            scan_root(o, "type", &with(walked, 4)),
            (Some(&json!("x")), true)
        );
        assert_eq!(measure(&v, &with(walked, 4)), Ok(()));
        assert!(!scan_root(o, "type", &with(walked - 1, 4)).1);
        assert!(measure(&v, &with(walked - 1, 4)).is_err());
        // one level too deep: `o.p[0]` is the fourth container down
        assert_eq!(scan_root(o, "type", &with(walked, 3)), (None, false));
        assert!(matches!(
            measure(&v, &with(walked, 3)),
            Err(Exceeded::Depth { .. })
        ));
        // a missing discriminator is no match; depth 0 admits no object at all
        assert_eq!(scan_root(o, "kind", &with(walked, 4)), (None, true));
        assert_eq!(scan_root(o, "type", &with(walked, 0)), (None, false));
    }

    #[test]
    fn size_never_exceeds_the_compact_encoding() {
        let v = json!({"type": "x", "list": [1, true, null, "abc"], "o": {}});
        let real = serde_json::to_string(&v).unwrap().len();
        let limits = Limits {
            max_message_bytes: real,
            ..Limits::default()
        };
        assert_eq!(measure(&v, &limits), Ok(()));
        let limits = Limits {
            max_message_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(measure(&v, &limits), Err(Exceeded::Size { .. })));
    }
}
