fn main() -> std::process::ExitCode {
    gclint::cli::main()
}
