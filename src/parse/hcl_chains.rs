//! A guard run before hcl-edit: how deep operands of operator chains nest.
//!
//! hcl-edit reads `a + b + (…)` operator by operator. When the operand after
//! the second or a later operator fails to parse, the chain is read again
//! from its first operator, which parses that operand a second time before
//! failing. Each such operand nested inside another doubles the time to
//! reject a broken file: found by fuzzing, 20 levels of `x + y + {` took 3 s
//! and a 2 KB file 6 s. Valid files are read once, whatever their shape.
//!
//! This lexer weighs each byte by 2 to the power of the chained operands
//! around it — what hcl-edit would spend on it at worst — and refuses a file
//! whose total passes [`budget`]. It knows comments, quoted strings, heredocs
//! and their `${ }` / `%{ }` templates, so brackets in text do not count. It
//! errs on the side of counting (a unary `-` after an operator, `1e-5`).

use super::{Limit, ParseIssue, MAX_VALUES};
use std::ops::Range;

/// The weighted bytes a file of `len` bytes may hold: twice its size and
/// 256 KiB. What a weighted byte costs hcl-edit depends on how many tokens
/// it holds: 20 to 700 ns (identifiers to operators one byte apart), so the
/// fixed part is at most about 0.2 s. Real Terraform weighs little more
/// than its size; nesting that doubles per level passes the budget after
/// about 15 levels in a small file, fewer in a large one.
pub fn budget(len: usize) -> u64 {
    2 * len as u64 + (1 << 18)
}

/// Brackets, strings and templates open at once beyond which the scan stops:
/// far more than the 64 levels of expressions hcl-edit accepts.
const MAX_FRAMES: usize = 1024;

/// The state of one expression level.
#[derive(Clone, Copy)]
struct Chain {
    /// Whether newlines end the expression here (the file and `{ }` bodies)
    /// or are spaces (inside brackets and templates).
    newline_ends: bool,
    /// Binary operators in the current chain, up to 2.
    operators: u8,
    /// Whether the next token starts an operand (so `-` and `!` are prefix
    /// operators, `*` a splat and `<<` a heredoc).
    expect_operand: bool,
}

/// What the lexer is inside.
enum Frame {
    /// Expressions: the file itself, or inside `{ }`, `( )`, `[ ]`, `${ }`
    /// or `%{ }`.
    Code(Chain),
    /// A quoted string.
    Quoted,
    /// A heredoc: text until a line holding only `delimiter`.
    Heredoc { delimiter: Range<usize> },
}

/// Why a file is refused, and where.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// An operator chain, from where it starts (its first chained operand's
    /// bracket, quote or heredoc), nests past the [`budget`].
    Chains(usize),
    /// The file holds more than [`MAX_VALUES`] values (terms of
    /// expressions); this is where the count passes it.
    Values(usize),
}

/// The top-level `{ }` bodies of a file, found by the same pass: enough to
/// skim past blocks gclint does not read (see `hcl::parse_outline`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// From each top-level `{` to just past its `}`, in order.
    pub bodies: Vec<Range<usize>>,
    /// Whether every string, heredoc, comment and bracket closes where it
    /// should: only then do the bodies say where blocks end (a broken file
    /// is left to hcl-edit, whose message says what is wrong).
    pub clean: bool,
}

/// Checks a Terraform file before hcl-edit reads it: operator chains within
/// the [`budget`], at most [`MAX_VALUES`] values; and outlines it.
pub fn prescan(text: &str) -> Result<Outline, ParseIssue> {
    match scan(text.as_bytes()) {
        Ok(outline) => Ok(outline),
        Err(Refused::Chains(at)) => Err(ParseIssue::new(
            at..at + 1,
            "operator chains nested too deeply; not read",
        )),
        Err(Refused::Values(at)) => Err(Limit::Values.issue(at)),
    }
}

fn scan(bytes: &[u8]) -> Result<Outline, Refused> {
    let mut outline = Outline {
        bodies: Vec::new(),
        clean: true,
    };
    let mut stack = Stack {
        frames: vec![Entry {
            frame: code(true),
            chained: false,
            at: 0,
        }],
        chained: 0,
        work: 0,
        counted: 0,
        budget: budget(bytes.len()),
    };
    let mut values = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let at = i;
        let opened = match stack.top() {
            Frame::Code(chain) => {
                let mut c = *chain;
                let next = bytes.get(i + 1).copied();
                let mut opens = None;
                match b {
                    b'#' => i = line_end(bytes, i),
                    b'/' if next == Some(b'/') => i = line_end(bytes, i),
                    b'/' if next == Some(b'*') => {
                        // To the last byte of `*/`.
                        i = match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                            Some(n) => i + n + 3,
                            None => {
                                outline.clean = false;
                                bytes.len()
                            }
                        };
                    }
                    b'\n' if c.newline_ends => c = separated(c),
                    b' ' | b'\t' | b'\r' | b'\n' => {}
                    b'"' => opens = Some(Frame::Quoted),
                    b'{' => opens = Some(code(true)),
                    b'(' | b'[' => opens = Some(code(false)),
                    b'<' if c.expect_operand => {
                        if let Some((delimiter, body)) = heredoc(bytes, i) {
                            opens = Some(Frame::Heredoc { delimiter });
                            i = body - 1;
                        }
                    }
                    b'}' | b')' | b']' => {
                        match stack.frames.len() {
                            // A stray closing bracket.
                            1 => outline.clean = false,
                            2 if b == b'}' && bytes[stack.frames[1].at] == b'{' => {
                                outline.bodies.push(stack.frames[1].at..i + 1)
                            }
                            // `(` closed by `}` and the like.
                            _ if !closes(bytes[stack.frames[stack.frames.len() - 1].at], b) => {
                                outline.clean = false
                            }
                            _ => {}
                        }
                        stack.pop(i)?;
                        i += 1;
                        continue;
                    }
                    // `=` alone separates a name from its value; `=>` and
                    // `...` belong to `for` expressions.
                    b',' | b'?' | b':' => c = separated(c),
                    b'=' if next != Some(b'=') => c = separated(c),
                    b'.' if bytes[i..].starts_with(b"...") => {
                        c = separated(c);
                        i += 2;
                    }
                    b'.' => c.expect_operand = true,
                    b'=' | b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' => {
                        operator(bytes, &mut i, &mut c)
                    }
                    // No HCL expression holds these outside a string: a
                    // file written for a preprocessor (`${{ secrets.X }}`
                    // in a workflow's template) is not Terraform's yet.
                    b'$' | b'@' | b';' | b'`' | b'\\' | b'^' | b'~' | b'\'' => {
                        outline.clean = false;
                        values += usize::from(c.expect_operand);
                        c.expect_operand = false;
                    }
                    _ => {
                        values += usize::from(c.expect_operand);
                        c.expect_operand = false;
                        // The rest of a name or number is the same term.
                        i += bytes[i + 1..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                            .count();
                    }
                }
                let chained = opens.is_some() && c.operators >= 2;
                if opens.is_some() {
                    // Once closed, what was opened is an operand.
                    c.expect_operand = false;
                }
                *stack.top() = Frame::Code(c);
                opens.map(|frame| (frame, chained))
            }
            // Text: on to the next byte that may end it or open a template.
            Frame::Quoted if !matches!(b, b'\\' | b'"' | b'\n' | b'$' | b'%') => {
                i += bytes[i..]
                    .iter()
                    .position(|&c| matches!(c, b'\\' | b'"' | b'\n' | b'$' | b'%'))
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            Frame::Heredoc { .. }
                if i > 0 && bytes[i - 1] != b'\n' && !matches!(b, b'\n' | b'$' | b'%') =>
            {
                i += bytes[i..]
                    .iter()
                    .position(|&c| matches!(c, b'\n' | b'$' | b'%'))
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            Frame::Quoted => match b {
                b'\\' => {
                    i += 2;
                    continue;
                }
                b'"' => {
                    stack.pop(i)?;
                    None
                }
                // A string cannot hold a newline: it ends there, broken.
                b'\n' => {
                    outline.clean = false;
                    stack.pop(i)?;
                    None
                }
                _ => template(bytes, &mut i),
            },
            Frame::Heredoc { delimiter } => {
                if i == 0 || bytes[i - 1] == b'\n' {
                    let start = text_start(bytes, i);
                    let end = start + delimiter.len();
                    if bytes.get(start..end) == bytes.get(delimiter.clone())
                        && !bytes.get(end).is_some_and(|&c| is_ident(c))
                    {
                        stack.pop(i)?;
                        i = end;
                        continue;
                    }
                }
                template(bytes, &mut i)
            }
        };
        if let Some((frame, chained)) = opened {
            values += 1;
            stack.push(frame, chained, at)?;
            if stack.frames.len() > MAX_FRAMES {
                // hcl-edit refuses expressions nested this deep before it
                // gets here; the scan stops so its memory stays bounded.
                outline.clean = false;
                return Ok(outline);
            }
        }
        if values > MAX_VALUES {
            return Err(Refused::Values(at));
        }
        i += 1;
    }
    stack.count(bytes.len())?;
    // Something left open at the end of the file.
    outline.clean &= stack.frames.len() == 1;
    Ok(outline)
}

/// Whether `close` closes what `open` opened (`{` also opens templates).
fn closes(open: u8, close: u8) -> bool {
    matches!(
        (open, close),
        (b'{' | b'$' | b'%', b'}') | (b'(', b')') | (b'[', b']')
    )
}

/// One open frame.
struct Entry {
    frame: Frame,
    /// Whether it is an operand after a second-or-later operator.
    chained: bool,
    /// Where it opens.
    at: usize,
}
struct Stack {
    frames: Vec<Entry>,
    /// How many open frames are chained operands.
    chained: u32,
    /// Bytes read so far, each weighted by 2 to the power of the chained
    /// operands around it.
    work: u64,
    /// Up to where `work` is counted.
    counted: usize,
    budget: u64,
}

impl Stack {
    fn top(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last].frame
    }

    /// Counts the bytes up to `to` at the present nesting: `Err` with where
    /// the outermost chained operand opens once the budget is passed.
    fn count(&mut self, to: usize) -> Result<(), Refused> {
        let weight = 1u64 << self.chained.min(40);
        self.work = self
            .work
            .saturating_add((to - self.counted) as u64 * weight);
        self.counted = to;
        if self.work <= self.budget {
            return Ok(());
        }
        let outermost = self.frames.iter().find(|e| e.chained);
        Err(Refused::Chains(outermost.map_or(to, |e| e.at)))
    }

    /// Opens a frame at `at`.
    fn push(&mut self, frame: Frame, chained: bool, at: usize) -> Result<(), Refused> {
        self.count(at)?;
        self.chained += u32::from(chained);
        self.frames.push(Entry { frame, chained, at });
        Ok(())
    }

    /// Closes the innermost frame at `at`; a stray closing bracket in the
    /// file itself is left to the parser to report.
    fn pop(&mut self, at: usize) -> Result<(), Refused> {
        self.count(at)?;
        if self.frames.len() > 1 {
            if let Some(e) = self.frames.pop() {
                self.chained -= u32::from(e.chained);
            }
        }
        Ok(())
    }
}

/// After `,`, `=`, `?`, `:`, `...` or a newline that ends an item: a new
/// chain at the same level. Right after an operator no separator can stand;
/// where one does, the file is broken and the chain is still counted, for
/// hcl-edit may read on.
fn separated(c: Chain) -> Chain {
    if c.expect_operand && c.operators > 0 {
        return c;
    }
    Chain {
        operators: 0,
        expect_operand: true,
        ..c
    }
}

fn code(newline_ends: bool) -> Frame {
    Frame::Code(Chain {
        newline_ends,
        operators: 0,
        expect_operand: true,
    })
}

/// Inside a string or heredoc at `*i`: a `${ }` or `%{ }` template opens
/// (`$${` and `%%{` are literal). Its expressions start a chain afresh.
fn template(bytes: &[u8], i: &mut usize) -> Option<(Frame, bool)> {
    let b = bytes[*i];
    if b != b'$' && b != b'%' {
        return None;
    }
    match bytes.get(*i + 1) {
        Some(&c) if c == b => *i += 1,
        Some(b'{') => {
            *i += 1;
            return Some((code(false), false));
        }
        _ => {}
    }
    None
}

/// A binary operator at `*i` (one or two bytes), counted in the chain; a
/// prefix `-`, `!` or a splat `*` where an operand is expected is not.
fn operator(bytes: &[u8], i: &mut usize, c: &mut Chain) {
    let b = bytes[*i];
    // A two-byte operator is one, wherever it stands: the `=` of `-==` is no
    // separator.
    if let Some(&next) = bytes.get(*i + 1) {
        if matches!(&[b, next], b"==" | b"!=" | b"<=" | b">=" | b"&&" | b"||") {
            *i += 1;
        }
    }
    if c.expect_operand {
        // A splat is an operand in itself.
        c.expect_operand = b != b'*';
        return;
    }
    c.operators = (c.operators + 1).min(2);
    c.expect_operand = true;
}

/// A heredoc opening at `i` (`<<ID` or `<<-ID` and a line end): its
/// delimiter and where its text starts.
fn heredoc(bytes: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let rest = bytes.get(i..)?;
    if !rest.starts_with(b"<<") {
        return None;
    }
    let start = i + 2 + usize::from(rest.get(2) == Some(&b'-'));
    let len = bytes[start..].iter().take_while(|&&c| is_ident(c)).count();
    if len == 0 || !bytes[start].is_ascii_alphabetic() && bytes[start] != b'_' {
        return None;
    }
    let end = start + len;
    let body = match bytes.get(end..) {
        Some([b'\n', ..]) => end + 1,
        Some([b'\r', b'\n', ..]) => end + 2,
        _ => return None,
    };
    Some((start..end, body))
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The first byte at or after `i` that is not a space or tab.
fn text_start(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

/// The newline ending the line at `i`, which is left to be read, or the end.
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where an operator chain nesting too deeply starts.
    fn too_deeply_chained(text: &str) -> Option<usize> {
        match scan(text.as_bytes()) {
            Err(Refused::Chains(at)) => Some(at),
            _ => None,
        }
    }

    /// `levels` chained operands nested in one another, made of `open`,
    /// `close`, each after two operators.
    fn nest(levels: usize, open: &str, close: &str) -> String {
        format!(
            "a = {}1{}\n",
            format!("x + y + {open}").repeat(levels),
            close.repeat(levels)
        )
    }

    fn first(text: &str, c: char) -> Option<usize> {
        text.find(c)
    }

    #[test]
    fn chained_operands_double_the_weight_of_what_they_hold() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{ k = ", " }"), ("z[", "]")] {
            let bracket = open.trim_start_matches('z').chars().next().unwrap();
            assert_eq!(too_deeply_chained(&nest(12, open, close)), None, "{open}");
            let deep = nest(24, open, close);
            assert_eq!(too_deeply_chained(&deep), first(&deep, bracket), "{open}");
            // Unclosed, as in a broken file, the same.
            let unclosed = nest(24, open, "");
            assert_eq!(too_deeply_chained(&unclosed), first(&deep, bracket));
        }
        // Strings after two operators count; their templates start afresh.
        let strings = nest(24, "\"${", "}\"");
        assert_eq!(too_deeply_chained(&strings), first(&strings, '"'));
        // After a splat, `+` is an operator.
        let splats = "a = x.* + y + (".repeat(24);
        assert_eq!(too_deeply_chained(&splats), first(&splats, '('));
    }

    #[test]
    fn the_budget_grows_with_the_file() {
        // Two chained levels around 100 KB weigh 400 KB: under the budget
        // (2 × 100 KB + 256 KiB), refused around 2 MB (8 MB against 4.3 MB).
        let two_levels =
            |inner: usize| format!("a = x + y + (x + y + ({}1))\n", "1 + ".repeat(inner / 4));
        assert_eq!(too_deeply_chained(&two_levels(100_000)), None);
        let large = two_levels(2_000_000);
        assert_eq!(too_deeply_chained(&large), first(&large, '('));
        // Unchained nesting weighs nothing more, however large.
        let plain = format!("a = x + ({}1)\n", "1 + ".repeat(1_000_000));
        assert_eq!(too_deeply_chained(&plain), None);
    }

    #[test]
    fn first_operands_prefixes_and_new_chains_do_not_count() {
        let cases = [
            // The operand after the first operator is read once.
            format!("a = {}1\n", "x + (".repeat(40)),
            // Prefix operators are not chains: `x + -(`, `x + !(`.
            format!("a = {}1\n", "x + -(x + !(".repeat(20)),
            // `,`, `=`, `:`, `?` and an item's newline start a new chain.
            format!("a = {}1\n", "x + y, (".repeat(40)),
            format!("a = {}1\n", "x + y ? (".repeat(40)),
            format!("a = {}1\n", "x + y ? z : (".repeat(40)),
            format!("a = {}1\n", "{ k = x + y\n k2 = {".repeat(40)),
            // A splat is not a multiplication.
            format!("a = {}1\n", "x.* + (y[*] + (".repeat(20)),
            // `for` expressions: `=>` and `...` separate.
            format!("a = {}1\n", "{for k, v in m : k + v => (".repeat(40)),
            format!(
                "a = {}1\n",
                "{for k, v in m : k => v + w... if x + (".repeat(40)
            ),
        ];
        for case in &cases {
            assert_eq!(too_deeply_chained(case), None, "{case}");
        }
    }

    #[test]
    fn brackets_in_text_and_comments_do_not_count() {
        let deep = "x + y + (".repeat(30);
        let cases = [
            format!("a = \"{deep}\"\n"),
            format!("a = \"\\\"{deep}\"\n"),
            format!("a = \"$${{{deep}}}\"\n"),
            format!("# {deep}\na = 1\n"),
            format!("// {deep}\na = 1\n"),
            format!("/* {deep}\n{deep} */ a = 1\n"),
            format!("a = <<EOF\n{deep}\nEOF\nb = 1\n"),
            format!("a = <<-EOT\n  {deep}\n  EOT\n"),
        ];
        for case in &cases {
            assert_eq!(too_deeply_chained(case), None, "{case}");
        }
        // After each of them, code counts again.
        for case in &cases {
            let after = format!("{case}{}", nest(24, "(", ")"));
            assert!(too_deeply_chained(&after).is_some(), "{after}");
        }
        // Templates in strings and heredocs are code.
        let code = nest(24, "(", ")");
        let template = format!("a = \"${{{}}}\"\n", code.trim_end());
        assert!(too_deeply_chained(&template).is_some());
        let heredoc = format!("a = <<EOF\n${{{}}}\nEOF\n", code.trim_end());
        assert!(too_deeply_chained(&heredoc).is_some());
    }

    #[test]
    fn memory_is_bounded_and_broken_input_is_read_to_the_end() {
        // Brackets past what hcl-edit accepts are left to it.
        let wide = "(".repeat(1_000_000);
        assert_eq!(too_deeply_chained(&wide), None);
        for case in [
            "a = \"x + y + (",
            "a = <<EOF\n",
            "a = <<",
            "/* x + y + (",
            "}}}})))]]] a = x + y + (",
            "a = \"${",
        ] {
            assert_eq!(too_deeply_chained(case), None, "{case}");
        }
        let strings = "a = x + y + \"${".repeat(24);
        assert_eq!(too_deeply_chained(&strings), first(&strings, '"'));
    }
}
