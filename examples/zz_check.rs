#[global_allocator]
static GLOBAL: msglint::alloc::MiMalloc = msglint::alloc::MiMalloc;
use msglint::check::{check_keeping_trees, CheckOptions};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let threads: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let (r, trees) = check_keeping_trees(&CheckOptions {
        paths: vec![dir.into()],
        threads,
        ..Default::default()
    })
    .unwrap();
    println!("{}", r.diagnostics.len());
    std::mem::forget(trees);
    std::mem::forget(r);
}
