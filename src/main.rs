#[global_allocator]
static GLOBAL: msglint::alloc::MiMalloc = msglint::alloc::MiMalloc;

fn main() -> std::process::ExitCode {
    msglint::cli::main()
}
