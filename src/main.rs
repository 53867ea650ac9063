fn main() -> std::process::ExitCode {
    msglint::cli::main()
}
