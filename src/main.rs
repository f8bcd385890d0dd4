/// See [`guidepress::alloc`] for why.
#[global_allocator]
static ALLOCATOR: guidepress::alloc::Allocator = guidepress::alloc::Allocator;

fn main() -> std::process::ExitCode {
    guidepress::cli::main()
}
