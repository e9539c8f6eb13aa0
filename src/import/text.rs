//! How the importer writes: SDK names in the Python spelling, and JSON one
//! record per line (so a database upgrade reviews as a diff).

use serde::Serialize;

/// The Python SDK's spelling of an operationId (`getUsersMe` →
/// `get_users_me`), checked against the Python SDK on every operation (see
/// `tests/db.rs`).
pub use crate::db::format::python_name;

/// JSON with `, ` and `: ` separators on one line, as the database and
/// supplement files are written (one operation per line reviews as a diff).
pub fn spaced<T: Serialize + ?Sized>(value: &T) -> String {
    struct Spaced;
    impl serde_json::ser::Formatter for Spaced {
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first {
                Ok(())
            } else {
                writer.write_all(b", ")
            }
        }
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first {
                Ok(())
            } else {
                writer.write_all(b", ")
            }
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
        ) -> std::io::Result<()> {
            writer.write_all(b": ")
        }
    }
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Spaced);
    value
        .serialize(&mut ser)
        .expect("in-memory JSON serialization does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
