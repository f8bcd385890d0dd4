fn main() -> std::process::ExitCode {
    guidepress::cli::main()
}
