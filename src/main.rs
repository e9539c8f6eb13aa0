// The scanner allocates many small, short-lived values per file (tokens'
// strings, evaluated URL pieces, per-function memos) from every thread:
// mimalloc's thread-local free lists serve that faster than the system
// allocator and return whole pages when a file's scan ends.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gclint::cli::main()
}
