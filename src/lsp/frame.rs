//! The protocol's framing, read so that one bad frame costs at most its
//! own message. A frame is `Content-Length: N` (other headers allowed), a
//! blank line and N bytes of JSON; a client that miscounts N (characters
//! instead of UTF-8 bytes is the usual slip) or writes a broken frame used
//! to leave the server reading every later message as part of the wrong
//! one: alive, and deaf until restarted.
//!
//! The reader trusts the JSON over the count. A body is read to the end of
//! its JSON value (the brackets that close the first), which is where the
//! message ends whatever the header said:
//!
//! - a count too short: the message is read to its end, and used;
//! - a count too long: the message is used as soon as its JSON ends (not
//!   when the missing bytes come, which may be never: the client waits for
//!   the answer); what the count still covers is expected to be blank, and
//!   anything else is read as what follows (the next frame);
//! - a body that is not JSON, or JSON cut short by its count and followed
//!   by anything but its own continuation: dropped, and reading goes on at
//!   the next `Content-Length` header;
//! - bytes between frames that are not headers: skipped up to the next
//!   `Content-Length` header, even one starting in the middle of a line.
//!
//! Each of these is said in a note (an `Err` of [`Frames::next`]), which
//! the server logs. A message larger than [`MAX_MESSAGE_BYTES`] is read
//! past, never held.

use lsp_server::Message;
use std::collections::VecDeque;
use std::io::{ErrorKind, Read};

/// Bodies larger than this are refused (and read past) rather than held.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// A header line longer than this is not one (the rest of a body, say).
const MAX_HEADER_LINE: usize = 4096;

/// How many bytes are read at a time.
const CHUNK: usize = 64 * 1024;

/// The header a frame starts with, as searched for in skipped bytes.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// Framed messages from a byte stream.
pub struct Frames<R> {
    input: R,
    buf: Vec<u8>,
    /// Bytes of `buf` already used.
    start: usize,
    eof: bool,
    /// The largest message held ([`MAX_MESSAGE_BYTES`]).
    limit: usize,
    /// The last frame's count went this far past the end of its JSON: blank
    /// bytes to skip, with the count and the JSON's length for a note.
    trailing: Option<(usize, usize, usize)>,
    /// Read and not yet handed out: messages, and notes on what was
    /// skipped, in input order.
    ready: VecDeque<Result<Message, String>>,
}

/// Where the JSON value a body starts with ends.
#[derive(Default)]
struct Json {
    started: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

enum Step {
    More,
    /// The value ends with this byte.
    Done,
    /// This byte cannot be part of it.
    Invalid,
}

impl Json {
    fn step(&mut self, b: u8) -> Step {
        if self.in_string {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                // JSON strings hold no raw control character (a line break
                // in one is the next frame's header).
                0..=0x1f => return Step::Invalid,
                _ => {}
            }
            return Step::More;
        }
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'{' | b'[' => {
                self.started = true;
                self.depth += 1;
            }
            _ if !self.started => return Step::Invalid,
            b'}' | b']' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Step::Done;
                }
            }
            b'"' => self.in_string = true,
            // Numbers, separators, and the letters of true, false and null:
            // a header's name (`Content-Length`) is none of these.
            b',' | b':' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E' => {}
            b'a' | b'e' | b'f' | b'l' | b'n' | b'r' | b's' | b't' | b'u' => {}
            _ => return Step::Invalid,
        }
        Step::More
    }
}

/// Where a `Content-Length:` header starts in `bytes` (any case), from
/// the second byte on.
fn header_inside(bytes: &[u8]) -> Option<usize> {
    (1..bytes.len().saturating_sub(CONTENT_LENGTH.len() - 1))
        .find(|&i| bytes[i..i + CONTENT_LENGTH.len()].eq_ignore_ascii_case(CONTENT_LENGTH))
}

/// Up to 80 bytes of `bytes`, as text, for a note.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]).into_owned();
    match bytes.len() > 80 {
        true => format!("{text:?}…"),
        false => format!("{text:?}"),
    }
}

/// `Name: value` with a token for a name.
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then(|| (name, &line[colon + 1..]))
}

impl<R: Read> Frames<R> {
    pub fn new(input: R) -> Frames<R> {
        Frames {
            input,
            buf: Vec::new(),
            start: 0,
            eof: false,
            limit: MAX_MESSAGE_BYTES,
            trailing: None,
            ready: VecDeque::new(),
        }
    }

    /// The next message, or a note on input that was skipped (`Err`);
    /// `None` at the end of input.
    pub fn next(&mut self) -> std::io::Result<Option<Result<Message, String>>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Ok(Some(item));
            }
            if !self.frame()? {
                return Ok(self.ready.pop_front());
            }
        }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    /// Reads more input; `false` at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        // Drop what was used once it is most of the buffer (not while a long
        // body is being read: that would copy it again at every read).
        if self.start > 0 && self.start >= self.buf.len() - self.start {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let read = loop {
            match self.input.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(old + read);
        self.eof = read == 0;
        Ok(read > 0)
    }

    /// Reads one frame into `ready` (its message or notes); `false` at the
    /// end of input.
    fn frame(&mut self) -> std::io::Result<bool> {
        if !self.skip_trailing()? {
            return Ok(false);
        }
        match self.headers()? {
            Some(length) => self.body(length),
            None => Ok(false),
        }
    }

    /// Skips what the last count covered past its JSON, as long as it is
    /// blank; `false` at the end of input.
    fn skip_trailing(&mut self) -> std::io::Result<bool> {
        let Some((mut left, declared, json)) = self.trailing.take() else {
            return Ok(true);
        };
        while left > 0 {
            if self.available().is_empty() && !self.fill()? {
                return Ok(false);
            }
            let blank = self
                .available()
                .iter()
                .take(left)
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(blank);
            left -= blank;
            if left > 0 && !self.available().is_empty() {
                self.ready.push_back(Err(format!(
                    "Content-Length {declared} counts {} bytes past the end of the message's {json} bytes of JSON; read on from what follows it",
                    declared - json
                )));
                break;
            }
        }
        Ok(true)
    }

    /// Reads headers up to the blank line after a `Content-Length`: the
    /// count (`None` inside when it is not a number), or `None` at the end
    /// of input. What is not a header is skipped with a note.
    fn headers(&mut self) -> std::io::Result<Option<Option<usize>>> {
        let mut length: Option<Result<usize, String>> = None;
        let mut skipped = 0;
        let mut sample = Vec::new();
        let mut ended_inside = false;
        let mut skip = |this: &mut Self, n: usize, sample: &mut Vec<u8>| {
            if sample.len() < 81 {
                let room = 81 - sample.len();
                sample.extend_from_slice(&this.available()[..n.min(room)]);
            }
            skipped += n;
            this.consume(n);
        };
        let found = loop {
            let available = self.available();
            let Some(end) = available.iter().position(|&b| b == b'\n') else {
                if available.len() > MAX_HEADER_LINE {
                    // A long run without a line break: not headers, unless one
                    // starts in it.
                    let n = header_inside(available)
                        .unwrap_or(available.len() + 1 - CONTENT_LENGTH.len());
                    length = None;
                    skip(self, n, &mut sample);
                    continue;
                }
                if self.fill()? {
                    continue;
                }
                ended_inside = !self.available().is_empty() || length.is_some();
                let rest = self.available().len();
                self.consume(rest);
                break None;
            };
            let line = &available[..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                self.consume(end + 1);
                match length.take() {
                    None => continue,
                    found => break found,
                }
            }
            // The rest of a body, then a header: the header starts a frame.
            if let Some(at) = header_inside(line) {
                length = None;
                skip(self, at, &mut sample);
                continue;
            }
            match header(line) {
                Some((name, value)) if name.eq_ignore_ascii_case(b"content-length") => {
                    let value = String::from_utf8_lossy(value).trim().to_string();
                    length = Some(
                        value
                            .parse::<usize>()
                            .map_err(|_| format!("Content-Length {value:?} is not a number; the message is read to the end of its JSON")),
                    );
                    self.consume(end + 1);
                }
                // Another header (Content-Type).
                Some(_) => self.consume(end + 1),
                None => {
                    length = None;
                    skip(self, end + 1, &mut sample);
                }
            }
        };
        if skipped > 0 {
            self.ready.push_back(Err(format!(
                "skipped {skipped} bytes that are not a frame: {}",
                excerpt(&sample)
            )));
        }
        if ended_inside {
            self.ready
                .push_back(Err("the input ended inside a frame's headers".into()));
        }
        match found {
            None => Ok(None),
            Some(Ok(length)) => Ok(Some(Some(length))),
            Some(Err(problem)) => {
                self.ready.push_back(Err(problem));
                Ok(Some(None))
            }
        }
    }

    /// Reads the body that `length` announces (`None`: a count that is not
    /// a number) to the end of its JSON value; `false` at the end of input.
    fn body(&mut self, length: Option<usize>) -> std::io::Result<bool> {
        let mut json = Json::default();
        // Scanned bytes of the body in `available()`, and those read past
        // (a message over the limit is not held).
        let mut at = 0;
        let mut dropped = 0;
        loop {
            if at >= self.limit {
                dropped += at;
                self.consume(at);
                at = 0;
            }
            if at == self.available().len() && !self.fill()? {
                let rest = self.available().len();
                self.consume(rest);
                self.ready
                    .push_back(Err("the input ended inside a message".into()));
                return Ok(false);
            }
            let byte = self.available()[at];
            match json.step(byte) {
                Step::More => at += 1,
                Step::Done => {
                    let end = at + 1;
                    let size = dropped + end;
                    if dropped > 0 {
                        self.consume(end);
                        self.ready.push_back(Err(format!(
                            "ignored a message of {size} bytes: too large"
                        )));
                        return Ok(true);
                    }
                    let parsed = serde_json::from_slice::<Message>(&self.available()[..end])
                        .map_err(|e| {
                            format!(
                                "ignored a malformed message ({e}): {}",
                                excerpt(&self.available()[..end])
                            )
                        });
                    self.consume(end);
                    match length {
                        Some(length) if size > length => self.ready.push_back(Err(format!(
                            "Content-Length {length} is shorter than the message's {size} bytes of JSON; read it to its end"
                        ))),
                        Some(length) if size < length => {
                            self.trailing = Some((length - size, length, size));
                        }
                        _ => {}
                    }
                    self.ready.push_back(parsed);
                    return Ok(true);
                }
                Step::Invalid => {
                    let problem = match length {
                        // JSON cut short by its count and not continued: what
                        // follows the count is the next frame.
                        Some(length) if dropped + at >= length => {
                            let kept = length.saturating_sub(dropped);
                            let shown = excerpt(&self.available()[..kept]);
                            self.consume(kept);
                            match length {
                                0 => "ignored an empty message".to_string(),
                                _ => format!(
                                    "ignored a message cut short at its Content-Length {length}: {shown}"
                                ),
                            }
                        }
                        // Not JSON: read on at the next header.
                        _ => {
                            let shown = excerpt(&self.available()[..at + 1]);
                            self.consume(at);
                            format!("ignored a message that is not JSON: {shown}")
                        }
                    };
                    self.ready.push_back(Err(problem));
                    return Ok(true);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item of `input`: `Ok(method)` or `Err(note)`.
    fn read(input: &[u8]) -> Vec<Result<String, String>> {
        read_limited(input, MAX_MESSAGE_BYTES)
    }

    fn read_limited(input: &[u8], limit: usize) -> Vec<Result<String, String>> {
        let mut frames = Frames::new(input);
        frames.limit = limit;
        let mut out = Vec::new();
        while let Some(item) = frames.next().unwrap() {
            out.push(item.map(|m| match m {
                Message::Request(r) => r.method,
                Message::Notification(n) => n.method,
                Message::Response(r) => format!("response {}", r.id),
            }));
        }
        out
    }

    fn frame(length: usize, body: &str) -> String {
        format!("Content-Length: {length}\r\n\r\n{body}")
    }

    const A: &str = r#"{"jsonrpc":"2.0","method":"a","params":{"text":"é \"}\" ]"}}"#;
    const B: &str = r#"{"jsonrpc":"2.0","method":"b"}"#;

    #[test]
    fn frames_as_written_are_read_as_they_are() {
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}",
            frame(A.len(), A),
            frame(B.len() + 2, &format!("{B}\r\n"))
        );
        assert_eq!(read(input.as_bytes()), [Ok("a".into()), Ok("b".into())]);
    }

    #[test]
    fn a_count_too_short_reads_the_message_to_its_end() {
        // Characters, not bytes: `é` is two.
        let input = frame(A.chars().count(), A) + &frame(B.len(), B);
        assert_eq!(
            read(input.as_bytes()),
            [
                Err(format!("Content-Length {} is shorter than the message's {} bytes of JSON; read it to its end", A.len() - 1, A.len())),
                Ok("a".into()),
                Ok("b".into())
            ]
        );
    }

    #[test]
    fn a_count_too_long_does_not_swallow_the_next_frame() {
        let input = frame(A.len() + 40, A) + &frame(B.len(), B);
        assert_eq!(
            read(input.as_bytes()),
            [
                Ok("a".into()),
                Err(format!("Content-Length {} counts 40 bytes past the end of the message's {} bytes of JSON; read on from what follows it", A.len() + 40, A.len())),
                Ok("b".into())
            ]
        );
    }

    #[test]
    fn broken_frames_and_junk_cost_only_themselves() {
        let cut = &A[..20];
        let input = [
            frame(3, "{x}"),
            frame(cut.len(), cut),
            "garbage\r\nmore garbage ".into(),
            frame(B.len(), B),
            frame(4, "oops"),
            frame(0, ""),
            format!("Content-Length: many\r\n\r\n{B}"),
            frame(B.len(), B),
        ]
        .concat();
        assert_eq!(
            read(input.as_bytes()),
            [
                Err("ignored a message that is not JSON: \"{x\"".into()),
                Err("skipped 2 bytes that are not a frame: \"x}\"".into()),
                Err(r#"ignored a message cut short at its Content-Length 20: "{\"jsonrpc\":\"2.0\",\"me""#.into()),
                Err("skipped 22 bytes that are not a frame: \"garbage\\r\\nmore garbage \"".into()),
                Ok("b".into()),
                Err("ignored a message that is not JSON: \"o\"".into()),
                Err("skipped 4 bytes that are not a frame: \"oops\"".into()),
                Err("ignored an empty message".into()),
                // A count that is not a number: the JSON says where it ends.
                Err("Content-Length \"many\" is not a number; the message is read to the end of its JSON".into()),
                Ok("b".into()),
                Ok("b".into()),
            ]
        );
    }

    #[test]
    fn the_end_of_input_ends_reading() {
        assert_eq!(read(b""), []);
        assert_eq!(
            read(b"Content-Length: 10\r\n\r\n{\"a\""),
            [Err("the input ended inside a message".into())]
        );
        assert_eq!(
            read(b"Content-Length: 10\r\n"),
            [Err("the input ended inside a frame's headers".into())]
        );
    }

    #[test]
    fn a_long_line_is_not_held_as_a_header() {
        // Longer than a read: no line break in sight.
        let junk = "x".repeat(2 * CHUNK + 7);
        let input = junk + &frame(B.len(), B);
        assert_eq!(
            read(input.as_bytes()),
            [
                Err(format!(
                    "skipped {} bytes that are not a frame: {:?}…",
                    2 * CHUNK + 7,
                    "x".repeat(80)
                )),
                Ok("b".into())
            ]
        );
    }

    #[test]
    fn a_message_over_the_limit_is_read_past() {
        let big = format!(
            r#"{{"jsonrpc":"2.0","method":"big","params":"{}"}}"#,
            "x".repeat(200)
        );
        let input = frame(big.len(), &big) + &frame(5, &big) + &frame(B.len(), B);
        assert_eq!(
            read_limited(input.as_bytes(), 100),
            [
                Err(format!(
                    "ignored a message of {} bytes: too large",
                    big.len()
                )),
                Err(format!(
                    "ignored a message of {} bytes: too large",
                    big.len()
                )),
                Ok("b".into())
            ]
        );
        // Cut short past the limit: its first 100 bytes are gone, the rest
        // is skipped up to the next header.
        let cut = &big[..150];
        let input = frame(5, cut) + &frame(B.len(), B);
        assert_eq!(
            read_limited(input.as_bytes(), 100),
            [
                Err(r#"ignored a message cut short at its Content-Length 5: """#.into()),
                Err(format!(
                    "skipped 50 bytes that are not a frame: {:?}",
                    &cut[100..]
                )),
                Ok("b".into())
            ]
        );
    }

    /// Reads of at most the next size in `sizes` (in turn), as a pipe
    /// hands out what the client has written so far.
    struct Chunked<'a> {
        input: &'a [u8],
        sizes: Vec<usize>,
        turn: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let size = self.sizes[self.turn % self.sizes.len()];
            self.turn += 1;
            let n = size.min(buf.len()).min(self.input.len());
            buf[..n].copy_from_slice(&self.input[..n]);
            self.input = &self.input[n..];
            Ok(n)
        }
    }

    fn read_chunked(input: &[u8], sizes: Vec<usize>) -> Vec<Result<String, String>> {
        let mut frames = Frames::new(Chunked {
            input,
            sizes,
            turn: 0,
        });
        let mut out = Vec::new();
        while let Some(item) = frames.next().unwrap() {
            out.push(item.map(|m| match m {
                Message::Notification(n) => n.method,
                other => format!("{other:?}"),
            }));
        }
        out
    }

    use proptest::prelude::*;

    fn soup() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b"Content-Length: ".to_vec()),
                Just(b"content-length:7".to_vec()),
                Just(b"\r\n".to_vec()),
                Just(b"\r\n\r\n".to_vec()),
                Just(b"{".to_vec()),
                Just(b"}".to_vec()),
                Just(b"\"".to_vec()),
                Just(b"\\".to_vec()),
                Just(A.as_bytes().to_vec()),
                Just(B.as_bytes().to_vec()),
                "[0-9]{1,3}".prop_map(String::into_bytes),
                proptest::collection::vec(any::<u8>(), 1..8),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// Any bytes, read in any pieces: notes and messages, never a
        /// panic, and the end of input is reached.
        #[test]
        fn any_input_is_read_to_its_end(input in soup(), sizes in proptest::collection::vec(1usize..50, 1..5)) {
            read_chunked(&input, sizes);
        }

        /// Whatever the counts say and however the bytes arrive, every
        /// message is read, in order.
        #[test]
        fn wrong_counts_lose_no_message(
            deltas in proptest::collection::vec(-80isize..80, 1..6),
            sizes in proptest::collection::vec(1usize..100, 1..5),
        ) {
            let mut input = String::new();
            for (i, delta) in deltas.iter().enumerate() {
                let body = if i % 2 == 0 { A } else { B };
                let count = (body.len() as isize + delta).max(0) as usize;
                input.push_str(&frame(count, body));
            }
            let methods: Vec<String> = read_chunked(input.as_bytes(), sizes)
                .into_iter()
                .filter_map(Result::ok)
                .collect();
            let expected: Vec<String> = (0..deltas.len())
                .map(|i| if i % 2 == 0 { "a" } else { "b" }.to_string())
                .collect();
            prop_assert_eq!(methods, expected);
        }

        /// Bytes that are not a frame (and hold no `Content-Length:`) cost
        /// nothing of the frame that follows them.
        #[test]
        fn junk_costs_nothing_after_it(junk in proptest::collection::vec(any::<u8>(), 0..300), sizes in proptest::collection::vec(1usize..100, 1..5)) {
            prop_assume!(!junk.windows(CONTENT_LENGTH.len()).any(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH)));
            let input = [junk, frame(B.len(), B).into_bytes()].concat();
            let items = read_chunked(&input, sizes);
            prop_assert_eq!(items.last(), Some(&Ok("b".to_string())), "{:?}", items);
            prop_assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 1);
        }
    }
}
