//! One tokenizer for the languages gclint scans, configured per language
//! family: it tells code from strings and comments, and reads string
//! literals with their interpolations (`${x}`, f-string `{x}`, `$"{x}"`,
//! `"$x"`) turned into `{}` placeholders. Never panics, whatever the bytes.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Ident,
    /// A string literal; its value (interpolations read as `{}`) is
    /// `Lexed::strings[i]` for `Str(i)`.
    Str(u32),
    Num,
    Punct(u8),
    /// A JavaScript regular expression literal.
    Regex,
}

/// A token and where it is, in 16 bytes: a minified bundle holds millions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    start: u32,
    end: u32,
}

impl Token {
    /// `range` must lie within a text the lexer accepts (at most
    /// `MAX_TEXT` bytes).
    pub fn new(kind: Tok, range: Range<usize>) -> Token {
        Token {
            kind,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }
}

/// The longest text the lexer reads: offsets are kept in 32 bits. Files
/// are capped far below this (16 MiB); a longer text lexes as empty.
pub const MAX_TEXT: usize = u32::MAX as usize;

/// What a language's lexical syntax looks like, as far as gclint cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `//` line and `/* */` block comments.
    pub c_comments: bool,
    /// `#` line comments.
    pub hash_comments: bool,
    /// PowerShell `<# ... #>` block comments.
    pub ps_block_comments: bool,
    /// JavaScript: `` `...${x}...` `` templates and regex literals.
    pub js: bool,
    /// Go: `` `raw` `` strings.
    pub go_raw: bool,
    /// Python: `'''`/`"""`, prefixes `r b u f`, f-string `{x}`.
    pub python: bool,
    /// `"""text blocks"""` (Java, Kotlin, C# raw strings).
    pub triple_double: bool,
    /// C#: `@"verbatim"`, `$"{x}"` interpolation.
    pub csharp: bool,
    /// `"$x"` / `"${x}"` / `"{$x}"` / `"$(x)"` in double-quoted strings
    /// (Kotlin, PHP, PowerShell).
    pub dollar_interpolation: bool,
    /// Single quotes delimit characters, not strings (Java, C#, Go, Kotlin).
    pub char_quotes: bool,
}

impl Syntax {
    const BASE: Syntax = Syntax {
        c_comments: true,
        hash_comments: false,
        ps_block_comments: false,
        js: false,
        go_raw: false,
        python: false,
        triple_double: false,
        csharp: false,
        dollar_interpolation: false,
        char_quotes: false,
    };
    pub const JS: Syntax = Syntax {
        js: true,
        ..Syntax::BASE
    };
    pub const JAVA: Syntax = Syntax {
        triple_double: true,
        char_quotes: true,
        ..Syntax::BASE
    };
    pub const KOTLIN: Syntax = Syntax {
        triple_double: true,
        char_quotes: true,
        dollar_interpolation: true,
        ..Syntax::BASE
    };
    pub const CSHARP: Syntax = Syntax {
        csharp: true,
        triple_double: true,
        char_quotes: true,
        ..Syntax::BASE
    };
    pub const GO: Syntax = Syntax {
        go_raw: true,
        char_quotes: true,
        ..Syntax::BASE
    };
    pub const PHP: Syntax = Syntax {
        hash_comments: true,
        dollar_interpolation: true,
        ..Syntax::BASE
    };
    pub const PYTHON: Syntax = Syntax {
        c_comments: false,
        hash_comments: true,
        python: true,
        ..Syntax::BASE
    };
    pub const POWERSHELL: Syntax = Syntax {
        c_comments: false,
        hash_comments: true,
        ps_block_comments: true,
        dollar_interpolation: true,
        ..Syntax::BASE
    };
}

/// Tokens and the comment ranges of a text.
#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    /// The values of the string tokens, in order (`Tok::Str(i)` is
    /// `strings[i]`); empty after `lex_each`, which keeps no values.
    pub strings: Vec<String>,
    pub comments: Vec<Range<usize>>,
    /// The deepest bracket nesting inside string interpolations, which the
    /// tokens do not show (`${ f(g(x)) }` reads as one string token).
    pub interpolation_depth: usize,
    /// Where each interpolation nesting depth (1, 2, …, up to 256) is
    /// first reached: `interpolation_depth_at[d - 1]` for depth `d`.
    pub interpolation_depth_at: Vec<usize>,
    /// The source of each interpolation of the top-level strings, in
    /// order: `(string index, range of the expression)` (`api_url` of
    /// `f"{api_url}routing/queues"`, `$base` of `"$base/users"`). The
    /// `k`-th `{}` placeholder a string's interpolations made is its
    /// `k`-th hole here.
    pub holes: Vec<(u32, Range<usize>)>,
}

impl Lexed {
    /// The interpolated expressions of string `index`, in order.
    pub fn holes_of(&self, index: u32) -> &[(u32, Range<usize>)] {
        let from = self.holes.partition_point(|(s, _)| *s < index);
        let to = from + self.holes[from..].partition_point(|(s, _)| *s == index);
        &self.holes[from..to]
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// What the lexer remembers of the token before: enough to tell a regular
/// expression from a division.
enum Last {
    Ident(Range<usize>),
    Operand,
    Punct(u8),
}

struct Lexer<'a, F: FnMut(Token) -> bool> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    syntax: Syntax,
    /// Receives each token; lexing stops when it returns false.
    sink: F,
    /// Whether string values are kept in `out.strings`.
    keep_strings: bool,
    stopped: bool,
    last: Option<Last>,
    /// Comments and interpolation depth; no tokens (they go to `sink`).
    out: Lexed,
    /// How many interpolations deep the lexer is (`${`…`${`…`}`…`}`).
    nesting: usize,
    /// Brackets open inside the interpolations being skipped.
    brackets: usize,
}

/// Interpolations nested deeper than this are skipped by counting
/// brackets alone, so hostile input cannot exhaust the stack.
const MAX_NESTING: usize = 32;

impl<'a, F: FnMut(Token) -> bool> Lexer<'a, F> {
    fn at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.at(self.pos + ahead)
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos.min(self.src.len())..].starts_with(s.as_bytes())
    }

    /// A safe slice: offsets always sit on ASCII delimiters, but clamp anyway.
    fn slice(&self, from: usize, to: usize) -> &'a str {
        let to = to.min(self.text.len());
        let from = from.min(to);
        self.text.get(from..to).unwrap_or("")
    }

    fn regex_allowed(&self) -> bool {
        match &self.last {
            None => true,
            Some(Last::Ident(r)) => matches!(
                self.slice(r.start, r.end),
                "return"
                    | "typeof"
                    | "case"
                    | "do"
                    | "else"
                    | "in"
                    | "of"
                    | "new"
                    | "delete"
                    | "void"
                    | "throw"
                    | "yield"
                    | "await"
            ),
            Some(Last::Operand) => false,
            Some(Last::Punct(p)) => !matches!(p, b')' | b']' | b'}'),
        }
    }

    /// Skips a balanced `{ ... }` / `( ... )` expression inside a string,
    /// honouring nested literals. `self.pos` is just after the opener.
    fn skip_balanced(&mut self, open: u8, close: u8) {
        self.nesting += 1;
        let strings = self.nesting <= MAX_NESTING;
        let mut depth = 1usize;
        let outer_brackets = self.brackets;
        self.note_depth();
        while self.pos < self.src.len() && depth > 0 {
            let b = self.src[self.pos];
            match b {
                b'(' | b'[' | b'{' => {
                    self.brackets += 1;
                    self.note_depth();
                }
                b')' | b']' | b'}' => self.brackets = self.brackets.saturating_sub(1),
                _ => {}
            }
            if b == open {
                depth += 1;
            } else if b == close {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else if strings && (b == b'"' || b == b'\'' || (b == b'`' && self.syntax.js)) {
                self.string_body(
                    b,
                    false,
                    self.syntax.dollar_interpolation || self.syntax.js,
                    false,
                );
                continue;
            }
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.src.len());
        self.nesting -= 1;
        self.brackets = outer_brackets;
    }

    /// Records the interpolation `from..to` of the string being read, when
    /// it is a top-level string whose value is kept.
    fn hole(&mut self, from: usize, to: usize) {
        if self.keep_strings && self.nesting == 0 {
            let index = self.out.strings.len() as u32;
            self.out.holes.push((index, from..to.max(from)));
        }
    }

    /// Skips the interpolation whose opener ends at `self.pos` and records
    /// its source.
    fn interpolation(&mut self, open: u8, close: u8) {
        let from = self.pos;
        self.skip_balanced(open, close);
        let to = self.pos.saturating_sub(1);
        self.hole(from, to);
    }

    fn note_depth(&mut self) {
        let hidden = self.nesting + self.brackets;
        if hidden > self.out.interpolation_depth {
            self.out.interpolation_depth = hidden;
            if self.out.interpolation_depth_at.len() < 256 {
                self.out.interpolation_depth_at.push(self.pos);
            }
        }
    }

    /// Reads a string body starting at the opening quote at `self.pos`.
    /// `raw`: no escapes. `braces`: `{x}` is an interpolation (f-strings,
    /// C# `$""`). `dollar`: `$x`, `${x}`, `{$x}`, `$(x)` are.
    fn string_body(&mut self, quote: u8, raw: bool, dollar: bool, braces: bool) -> String {
        self.pos += 1;
        let template = quote == b'`' && self.syntax.js;
        let mut value = String::new();
        let mut seg = self.pos;
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            if b == quote {
                // C# verbatim and PowerShell: a doubled quote is one quote.
                if raw && self.peek(1) == quote && quote == b'"' && self.syntax.csharp {
                    value.push_str(self.slice(seg, self.pos + 1));
                    self.pos += 2;
                    seg = self.pos;
                    continue;
                }
                break;
            }
            if b == b'\n' && !template && quote != b'`' {
                break;
            }
            if b == b'\\' && !raw {
                value.push_str(self.slice(seg, self.pos));
                self.pos += 2;
                seg = self.pos.min(self.src.len());
                continue;
            }
            if template && b == b'$' && self.peek(1) == b'{' {
                value.push_str(self.slice(seg, self.pos));
                value.push_str("{}");
                self.pos += 2;
                self.interpolation(b'{', b'}');
                seg = self.pos;
                continue;
            }
            if braces && b == b'{' {
                value.push_str(self.slice(seg, self.pos));
                if self.peek(1) == b'{' {
                    value.push('{');
                    self.pos += 2;
                } else {
                    value.push_str("{}");
                    self.pos += 1;
                    self.interpolation(b'{', b'}');
                }
                seg = self.pos;
                continue;
            }
            if dollar && quote == b'"' {
                let next = self.peek(1);
                if b == b'$' && (next == b'{' || next == b'(') {
                    value.push_str(self.slice(seg, self.pos));
                    value.push_str("{}");
                    self.pos += 2;
                    if next == b'{' {
                        self.interpolation(b'{', b'}');
                    } else {
                        self.interpolation(b'(', b')');
                    }
                    seg = self.pos;
                    continue;
                }
                if b == b'$' && (next.is_ascii_alphabetic() || next == b'_') {
                    value.push_str(self.slice(seg, self.pos));
                    value.push_str("{}");
                    let from = self.pos;
                    self.pos += 1;
                    while self.pos < self.src.len()
                        && is_ident_byte(self.src[self.pos])
                        && self.src[self.pos] != b'$'
                    {
                        self.pos += 1;
                    }
                    // `$obj->prop` / `$obj.prop` (PHP, PowerShell member access)
                    while self.starts_with("->") && is_ident_byte(self.peek(2)) {
                        self.pos += 2;
                        while self.pos < self.src.len() && is_ident_byte(self.src[self.pos]) {
                            self.pos += 1;
                        }
                    }
                    self.hole(from, self.pos);
                    seg = self.pos;
                    continue;
                }
                if b == b'{' && next == b'$' {
                    value.push_str(self.slice(seg, self.pos));
                    value.push_str("{}");
                    self.pos += 1;
                    self.interpolation(b'{', b'}');
                    seg = self.pos;
                    continue;
                }
            }
            self.pos += 1;
        }
        value.push_str(self.slice(seg, self.pos));
        self.pos = (self.pos + 1).min(self.src.len());
        value
    }

    /// `"""..."""` / `'''...'''`: ends at the first closing triple.
    fn triple(&mut self, quote: u8, raw: bool, braces: bool, dollar: bool) -> String {
        let closing = [quote; 3];
        self.pos += 3;
        let mut value = String::new();
        let mut seg = self.pos;
        while self.pos < self.src.len() {
            if self.src[self.pos..].starts_with(&closing) {
                break;
            }
            let b = self.src[self.pos];
            if b == b'\\' && !raw {
                value.push_str(self.slice(seg, self.pos));
                self.pos += 2;
                seg = self.pos.min(self.src.len());
                continue;
            }
            if (braces && b == b'{' && self.peek(1) != b'{')
                || (dollar && b == b'$' && self.peek(1) == b'{')
            {
                value.push_str(self.slice(seg, self.pos));
                value.push_str("{}");
                self.pos += if b == b'$' { 2 } else { 1 };
                self.interpolation(b'{', b'}');
                seg = self.pos;
                continue;
            }
            self.pos += 1;
        }
        value.push_str(self.slice(seg, self.pos));
        self.pos = (self.pos + 3).min(self.src.len());
        value
    }

    fn regex(&mut self) {
        self.pos += 1;
        let mut in_class = false;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'\\' => self.pos += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => break,
                b'\n' => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.src.len());
        while self.pos < self.src.len() && is_ident_byte(self.src[self.pos]) {
            self.pos += 1;
        }
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
            self.pos += 1;
        }
        self.out.comments.push(start..self.pos);
    }

    fn block_comment(&mut self, close: &[u8]) {
        let start = self.pos;
        self.pos += 2;
        while self.pos < self.src.len() && !self.src[self.pos..].starts_with(close) {
            self.pos += 1;
        }
        self.pos = (self.pos + close.len()).min(self.src.len());
        self.out.comments.push(start..self.pos);
    }

    /// A Python string prefix (`f`, `rb`, ...) directly before a quote.
    fn python_prefix(&self) -> Option<(usize, bool, bool)> {
        let mut len = 0;
        let (mut raw, mut fmt) = (false, false);
        while len < 2 {
            match self.peek(len).to_ascii_lowercase() {
                b'r' => raw = true,
                b'f' => fmt = true,
                b'b' | b'u' => {}
                _ => break,
            }
            len += 1;
        }
        (len > 0 && matches!(self.peek(len), b'"' | b'\'')).then_some((len, raw, fmt))
    }

    fn push(&mut self, kind: Tok, start: usize) {
        let range = start..self.pos;
        self.last = Some(match &kind {
            Tok::Ident => Last::Ident(range.clone()),
            Tok::Str(_) | Tok::Num | Tok::Regex => Last::Operand,
            Tok::Punct(p) => Last::Punct(*p),
        });
        if !(self.sink)(Token::new(kind, range)) {
            self.stopped = true;
        }
    }

    /// Pushes a string token whose value is `value`.
    fn push_str(&mut self, value: String, start: usize) {
        let index = self.out.strings.len() as u32;
        if self.keep_strings {
            self.out.strings.push(value);
        }
        self.push(Tok::Str(index), start);
    }

    fn run(mut self) -> Lexed {
        let s = self.syntax;
        while self.pos < self.src.len() && !self.stopped {
            let b = self.src[self.pos];
            let start = self.pos;
            if b.is_ascii_whitespace() {
                self.pos += 1;
                continue;
            }
            if s.c_comments && b == b'/' && self.peek(1) == b'/' {
                self.line_comment();
                continue;
            }
            if s.c_comments && b == b'/' && self.peek(1) == b'*' {
                self.block_comment(b"*/");
                continue;
            }
            if s.ps_block_comments && b == b'<' && self.peek(1) == b'#' {
                self.block_comment(b"#>");
                continue;
            }
            if s.hash_comments && b == b'#' {
                // PHP 8 attributes `#[...]` are code, not comments.
                if !(s.dollar_interpolation && s.c_comments && self.peek(1) == b'[') {
                    self.line_comment();
                    continue;
                }
            }
            if s.python {
                if let Some((len, raw, fmt)) = self.python_prefix() {
                    self.pos += len;
                    let q = self.src[self.pos];
                    let value = if self.peek(1) == q && self.peek(2) == q {
                        self.triple(q, raw, fmt, false)
                    } else {
                        self.string_body(q, raw, false, fmt)
                    };
                    self.push_str(value, start);
                    continue;
                }
                if (b == b'"' || b == b'\'') && self.peek(1) == b && self.peek(2) == b {
                    let value = self.triple(b, false, false, false);
                    self.push_str(value, start);
                    continue;
                }
            }
            if s.csharp && (b == b'@' || b == b'$') && matches!(self.peek(1), b'"' | b'@' | b'$') {
                // `@"..."`, `$"..."`, `$@"..."`, `@$"..."`
                let mut len = 0;
                let (mut verbatim, mut interp) = (false, false);
                while len < 2 && matches!(self.peek(len), b'@' | b'$') {
                    if self.peek(len) == b'@' {
                        verbatim = true;
                    } else {
                        interp = true;
                    }
                    len += 1;
                }
                if self.peek(len) == b'"' {
                    self.pos += len;
                    let value = if self.peek(1) == b'"' && self.peek(2) == b'"' {
                        self.triple(b'"', true, interp, false)
                    } else {
                        self.string_body(b'"', verbatim, false, interp)
                    };
                    self.push_str(value, start);
                    continue;
                }
            }
            if s.triple_double && b == b'"' && self.peek(1) == b'"' && self.peek(2) == b'"' {
                let value = self.triple(b'"', false, false, s.dollar_interpolation);
                self.push_str(value, start);
                continue;
            }
            let string = match b {
                b'"' => Some(self.string_body(b'"', false, s.dollar_interpolation, false)),
                b'\'' if !s.char_quotes => Some(self.string_body(b'\'', false, false, false)),
                b'`' if s.js => Some(self.string_body(b'`', false, false, false)),
                b'`' if s.go_raw => Some(self.string_body(b'`', true, false, false)),
                _ => None,
            };
            if let Some(value) = string {
                self.push_str(value, start);
                continue;
            }
            // A line continuation (Python `\`, PowerShell `` ` ``) joins lines:
            // `api.\` + newline + `method(...)` is one member access.
            let continuation = b == b'\\' || (b == b'`' && s.ps_block_comments);
            if continuation {
                let after = if self.peek(1) == b'\r' { 2 } else { 1 };
                if self.peek(after) == b'\n' {
                    self.pos += after + 1;
                    continue;
                }
            }
            let kind = match b {
                b'\'' if s.char_quotes => {
                    // A character literal: skip it as a number-like token.
                    self.string_body(b'\'', false, false, false);
                    Tok::Num
                }
                b'/' if s.js && self.regex_allowed() => {
                    self.regex();
                    Tok::Regex
                }
                b'0'..=b'9' => {
                    while self.pos < self.src.len()
                        && (is_ident_byte(self.src[self.pos]) || self.src[self.pos] == b'.')
                    {
                        self.pos += 1;
                    }
                    Tok::Num
                }
                _ if is_ident_byte(b) => {
                    self.pos += 1;
                    while self.pos < self.src.len() && is_ident_byte(self.src[self.pos]) {
                        self.pos += 1;
                    }
                    Tok::Ident
                }
                _ => {
                    self.pos += 1;
                    Tok::Punct(b)
                }
            };
            self.push(kind, start);
        }
        self.out
    }
}

/// Tokens, string values and comments of `text` (empty past `MAX_TEXT`).
pub fn lex(text: &str, syntax: Syntax) -> Lexed {
    // Code runs at about one token per five bytes: room for a token every
    // four is reserved once (pages never written are not resident), instead
    // of the list doubling, copying and keeping its old copies as it grows.
    let mut tokens = Vec::with_capacity(text.len().min(MAX_TEXT) / 4 + 16);
    let rest = run(text, syntax, true, |t| {
        tokens.push(t);
        true
    });
    Lexed { tokens, ..rest }
}

/// Lexes without keeping the tokens or string values: each token goes to
/// `sink`, which stops the lexer by returning false. The result holds
/// comments and interpolation depth (up to where it stopped), no tokens.
pub fn lex_each(text: &str, syntax: Syntax, sink: impl FnMut(Token) -> bool) -> Lexed {
    run(text, syntax, false, sink)
}

fn run(text: &str, syntax: Syntax, keep_strings: bool, sink: impl FnMut(Token) -> bool) -> Lexed {
    if text.len() > MAX_TEXT {
        return Lexed::default();
    }
    Lexer {
        src: text.as_bytes(),
        text,
        pos: 0,
        syntax,
        sink,
        keep_strings,
        stopped: false,
        last: None,
        out: Lexed::default(),
        nesting: 0,
        brackets: 0,
    }
    .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str, syntax: Syntax) -> Vec<String> {
        let lexed = lex(text, syntax);
        let values: Vec<String> = lexed
            .tokens
            .iter()
            .filter_map(|t| match t.kind {
                Tok::Str(i) => Some(lexed.strings[i as usize].clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            values, lexed.strings,
            "one value per string token, in order"
        );
        values
    }

    #[test]
    fn a_token_takes_sixteen_bytes() {
        // A 15 MB minified bundle holds about ten million tokens.
        assert_eq!(std::mem::size_of::<Token>(), 16);
        let lexed = lex("f('a', \"b\", x)", Syntax::JS);
        assert_eq!(lexed.tokens[2], Token::new(Tok::Str(0), 2..5));
        assert_eq!(lexed.tokens[4], Token::new(Tok::Str(1), 7..10));
        assert_eq!(lexed.strings, ["a", "b"]);
        assert!(lex_each("f('a')", Syntax::JS, |_| true).strings.is_empty());
    }

    #[test]
    fn deeply_nested_interpolations_stay_on_the_stack() {
        let n = 100_000;
        let js = format!(
            "{}1{}; fetch('/api/v2/users/me')",
            "`${".repeat(n),
            "}`".repeat(n)
        );
        assert_eq!(strings(&js, Syntax::JS).last().unwrap(), "/api/v2/users/me");
        let kotlin = format!(
            "val x = {}1{}\nval u = \"/api/v2/users/me\"",
            "\"${".repeat(n),
            "}\"".repeat(n)
        );
        assert_eq!(
            strings(&kotlin, Syntax::KOTLIN).last().unwrap(),
            "/api/v2/users/me"
        );
        let lexed = lex(&format!("`${{{}}}`", "(".repeat(300)), Syntax::JS);
        assert_eq!(lexed.interpolation_depth, 301);
        assert_eq!(lexed.interpolation_depth_at.len(), 256);
        assert_eq!(lexed.interpolation_depth_at[0], 3);
    }

    #[test]
    fn interpolations_become_placeholders() {
        assert_eq!(
            strings("`/api/v2/users/${u.id}/queues`", Syntax::JS),
            ["/api/v2/users/{}/queues"]
        );
        assert_eq!(
            strings("f\"/api/v2/users/{user['id']}\"", Syntax::PYTHON),
            ["/api/v2/users/{}"]
        );
        assert_eq!(
            strings("$\"/api/v2/users/{userId}/presences\"", Syntax::CSHARP),
            ["/api/v2/users/{}/presences"]
        );
        assert_eq!(
            strings("\"/api/v2/users/$userId/roles\"", Syntax::KOTLIN),
            ["/api/v2/users/{}/roles"]
        );
        assert_eq!(
            strings("\"/api/v2/users/{$user->id}\"", Syntax::PHP),
            ["/api/v2/users/{}"]
        );
        assert_eq!(
            strings("\"$base/api/v2/users/$($u.Id)\"", Syntax::POWERSHELL),
            ["{}/api/v2/users/{}"]
        );
        assert_eq!(strings("`/api/v2/raw\\n`", Syntax::GO), ["/api/v2/raw\\n"]);
        assert_eq!(strings("@\"C:\\path\"", Syntax::CSHARP), ["C:\\path"]);
        assert_eq!(strings("'''/api/v2/a'''", Syntax::PYTHON), ["/api/v2/a"]);
    }

    #[test]
    fn interpolations_keep_their_source() {
        fn holes(text: &str, syntax: Syntax) -> Vec<(u32, &str)> {
            let lexed = lex(text, syntax);
            lexed
                .holes
                .iter()
                .map(|(s, r)| (*s, &text[r.clone()]))
                .collect()
        }
        assert_eq!(
            holes(
                "x = 'a'; y = f\"{api_url}routing/{q['id']!r}\"",
                Syntax::PYTHON
            ),
            [(1, "api_url"), (1, "q['id']!r")]
        );
        assert_eq!(
            holes("`${BASE}${path}` + `${`${x}`}`", Syntax::JS),
            [(0, "BASE"), (0, "path"), (1, "`${x}`")]
        );
        assert_eq!(
            holes("\"$base/users/$($u.Id)/{$this->x}\"", Syntax::PHP),
            [(0, "$base"), (0, "$u.Id"), (0, "$this->x")]
        );
        assert_eq!(
            holes("$\"{Base}/users/{id:N}\"", Syntax::CSHARP),
            [(0, "Base"), (0, "id:N")]
        );
        let lexed = lex("'a' \"$x\" \"b\" \"${y}\"", Syntax::POWERSHELL);
        assert_eq!(lexed.holes_of(0), []);
        assert_eq!(lexed.holes_of(1).len(), 1);
        assert_eq!(lexed.holes_of(2), []);
        assert_eq!(lexed.holes_of(3)[0].1, 16..17);
    }

    #[test]
    fn comments_are_not_tokens() {
        let lexed = lex("# '/api/v2/x'\nx = 1 # y\n", Syntax::PYTHON);
        assert!(lexed.tokens.iter().all(|t| !matches!(t.kind, Tok::Str(_))));
        assert_eq!(lexed.comments.len(), 2);
        let lexed = lex("<# \"/api/v2/x\" #> $a = 1", Syntax::POWERSHELL);
        assert!(lexed.tokens.iter().all(|t| !matches!(t.kind, Tok::Str(_))));
        let lexed = lex("x = 'a' // \"/api/v2/x\"\n/* '/api' */", Syntax::PHP);
        assert_eq!(lexed.comments.len(), 2);
    }

    #[test]
    fn char_literals_are_not_strings() {
        assert_eq!(
            strings("char c = '\"'; String s = \"x\";", Syntax::JAVA),
            ["x"]
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let inputs: [&[u8]; 8] = [
            b"`${",
            b"f'{",
            b"$\"{",
            b"\"$(",
            b"'''",
            b"@\"",
            b"\xff\xfe\"\\",
            b"/*",
        ];
        for bytes in inputs {
            let text = String::from_utf8_lossy(bytes);
            for syntax in [
                Syntax::JS,
                Syntax::PYTHON,
                Syntax::CSHARP,
                Syntax::POWERSHELL,
                Syntax::PHP,
                Syntax::GO,
                Syntax::KOTLIN,
            ] {
                let _ = lex(&text, syntax);
            }
        }
    }
}
