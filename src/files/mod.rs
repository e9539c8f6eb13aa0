//! Every file gclint reads by name and every file it writes goes through
//! here. The checked tree is a pull request's content, so it is treated as
//! hostile: a file read by name is a regular file of bounded size (a FIFO
//! or a device is never opened for reading, `/dev/zero` is not read to the
//! end), and a write ([`write()`]) never follows a symbolic link, never lands
//! outside the checked folders unless the user named the file, keeps the
//! file's mode and owner (or refuses), goes through a temporary file with
//! an unpredictable name, and leaves nothing behind when the process is
//! interrupted ([`cleanup`]). Temporary copies of revisions are private
//! ([`PrivateDir`]).
//!
//! Bottom layer: imports no other module of the crate (docs/architecture.md).

pub mod cleanup;
mod read;
mod write;

pub use read::{
    decode, read_bounded, read_bounded_into, read_limited, read_text, read_up_to_into, Bounded,
    Decoded, Encoding, Limit, BASELINE, CLIENT_JSON, CONFIGURATION, DATABASE, IMPORT_INPUT, SOURCE,
};
pub use write::{tidy, write, Allowed, PrivateDir, Refused};

/// `n` bytes in the largest whole unit: `1 MiB`, `512 KiB`, `3 bytes`.
pub fn size(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_in_whole_units() {
        assert_eq!(super::size(1 << 20), "1 MiB");
        assert_eq!(super::size(256 << 20), "256 MiB");
        assert_eq!(super::size(512 << 10), "512 KiB");
        assert_eq!(super::size(1000), "1000 bytes");
    }
}
