//! Reading a file by name: a regular file only, opened without blocking
//! (a FIFO would wait for a writer forever), at most a known number of
//! bytes (`/dev/zero` and a 200 MB `gclint.toml` are refused before they
//! fill the memory), decoded from UTF-8 with or without a byte-order mark,
//! or from UTF-16 with one.

use std::io::Read as _;
use std::path::Path;

/// The most gclint reads of a `gclint.toml`.
pub const CONFIGURATION: u64 = 1 << 20;
/// The most gclint reads of a baseline (`--baseline`).
pub const BASELINE: u64 = 64 << 20;
/// The most gclint reads of a database (`--db`, `GCLINT_DB`).
pub const DATABASE: u64 = 256 << 20;
/// The most gclint reads of a file found by the walk (larger ones are
/// generated bundles or data, skipped with a note).
pub const SOURCE: u64 = 16 << 20;
/// `--client-json`: an API answer for one client and its roles.
pub const CLIENT_JSON: u64 = SOURCE;
/// The inputs of `gclint db import` and `gclint db supplement` (a swagger,
/// the SDK supplement, the SDK history, ...).
pub const IMPORT_INPUT: u64 = 256 << 20;

/// How many bytes of a kind of file gclint reads, for messages.
pub type Limit = u64;

/// Reads at most `limit` bytes of a regular file; `Ok(None)` when it is
/// larger. The file may not be what its name suggests: it is opened
/// without blocking and checked through the open handle, so a FIFO, a
/// device or a folder is an error, not a hang.
pub fn read_bounded(path: &Path, limit: Limit) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    Ok(read_bounded_into(path, limit, &mut bytes)?.then_some(bytes))
}

/// [`read_bounded`] into `bytes` (cleared first; its room is kept, so a
/// buffer used again for file after file costs no new memory pages):
/// `Ok(false)` when the file is larger than `limit`.
pub fn read_bounded_into(path: &Path, limit: Limit, bytes: &mut Vec<u8>) -> std::io::Result<bool> {
    Ok(match read_up_to_into(path, limit, u64::MAX, bytes)? {
        Bounded::Read => true,
        Bounded::TooLarge | Bounded::PutOff(_) => false,
    })
}

/// What [`read_up_to_into`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounded {
    Read,
    /// Larger than the limit: not read.
    TooLarge,
    /// Larger than the caller wanted now: not read; its size.
    PutOff(u64),
}

/// [`read_bounded_into`], but a file larger than `now` (and within the
/// limit) is left unread: the caller reads it later, with the others of
/// its kind (the size comes from the open handle, not another look-up of
/// the path).
pub fn read_up_to_into(
    path: &Path,
    limit: Limit,
    now: u64,
    bytes: &mut Vec<u8>,
) -> std::io::Result<Bounded> {
    bytes.clear();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if meta.len() > limit {
        return Ok(Bounded::TooLarge);
    }
    if meta.len() > now {
        return Ok(Bounded::PutOff(meta.len()));
    }
    bytes.reserve(meta.len() as usize);
    // The file may grow after the check: read one byte past the limit.
    file.take(limit + 1).read_to_end(bytes)?;
    Ok(if bytes.len() as u64 <= limit {
        Bounded::Read
    } else {
        Bounded::TooLarge
    })
}

/// [`read_bounded`] with the reason for the user when it fails: `larger
/// than 16 MiB`, `not a regular file`, the system's words.
pub fn read_limited(path: &Path, limit: Limit) -> Result<Vec<u8>, String> {
    match read_bounded(path, limit) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(format!("larger than {}", super::size(limit))),
        Err(e) => Err(e.to_string()),
    }
}

/// The text of a file named on the command line or in a configuration:
/// `shown` names it and `what` says what it is (`the configuration`) in
/// the message of `Err`.
pub fn read_text(path: &Path, shown: &str, what: &str, limit: Limit) -> Result<String, String> {
    let bytes =
        read_limited(path, limit).map_err(|why| format!("{shown}: cannot read {what}: {why}"))?;
    let decoded = decode(bytes);
    if decoded.lossy {
        return Err(format!(
            "{shown}: cannot read {what}: not UTF-8 (or UTF-16) text"
        ));
    }
    Ok(decoded.text)
}

/// How a text file was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 after a byte-order mark (`EF BB BF`), as Windows tools write it.
    Utf8Bom,
    /// UTF-16 little-endian after its byte-order mark (`FF FE`).
    Utf16Le,
    /// UTF-16 big-endian after its byte-order mark (`FE FF`).
    Utf16Be,
}

impl Encoding {
    /// The encoding a file's first bytes announce.
    pub fn sniff(bytes: &[u8]) -> Encoding {
        match bytes {
            [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8Bom,
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }

    /// `text` in this encoding, with its byte-order mark.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// A file's bytes as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Without the byte-order mark.
    pub text: String,
    pub encoding: Encoding,
    /// Some bytes were not valid in the encoding and were replaced.
    pub lossy: bool,
}

/// The bytes as text: UTF-8 (a byte-order mark is dropped), or UTF-16
/// when a byte-order mark says so; invalid sequences become U+FFFD and set
/// `lossy`.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let encoding = Encoding::sniff(&bytes);
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let mut bytes = bytes;
            if encoding == Encoding::Utf8Bom {
                bytes.drain(..3);
            }
            match String::from_utf8(bytes) {
                Ok(text) => Decoded {
                    text,
                    encoding,
                    lossy: false,
                },
                Err(e) => Decoded {
                    text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                    encoding,
                    lossy: true,
                },
            }
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let body = &bytes[2..];
            let units = body.chunks_exact(2).map(|pair| {
                let pair = [pair[0], pair[1]];
                if encoding == Encoding::Utf16Le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            let mut lossy = body.len() % 2 == 1;
            let text = char::decode_utf16(units)
                .map(|c| {
                    c.unwrap_or_else(|_| {
                        lossy = true;
                        char::REPLACEMENT_CHARACTER
                    })
                })
                .collect();
            Decoded {
                text,
                encoding,
                lossy,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_are_read_and_written_back() {
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let text = "{\"name\": \"Zoë 🎧\"}\n";
            let bytes = encoding.encode(text);
            assert_eq!(
                decode(bytes),
                Decoded {
                    text: text.into(),
                    encoding,
                    lossy: false
                },
                "{encoding:?}"
            );
        }
        let broken = decode(vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b']);
        assert_eq!(broken.text, "a\u{FFFD}");
        assert!(broken.lossy);
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_by_its_size() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("gclint.toml");
        let file = std::fs::File::create(&path).unwrap();
        // Sparse: 200 MB on the file system's books, nothing on disk.
        file.set_len(200_000_000).unwrap();
        assert_eq!(
            read_text(&path, "gclint.toml", "the configuration", CONFIGURATION).unwrap_err(),
            "gclint.toml: cannot read the configuration: larger than 1 MiB"
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("baseline.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(
            read_text(&fifo, "baseline.json", "the baseline", DATABASE).unwrap_err(),
            "baseline.json: cannot read the baseline: not a regular file"
        );
        assert_eq!(
            read_text(
                Path::new("/dev/zero"),
                "/dev/zero",
                "the swagger",
                IMPORT_INPUT
            )
            .unwrap_err(),
            "/dev/zero: cannot read the swagger: not a regular file"
        );
    }
}
