//! The token stage of the source pipeline: a file's tokens with the
//! punctuation every language shares normalised (`->`, `?.` and `::` are
//! member access, PHP's `.` is concatenation, `=>` and `:=` separate keys
//! from values, `==`-style comparisons are not assignments), its string
//! values and their interpolations, and its bracket structure. The values,
//! sinks and extraction stages read code only through this view.

use super::lexer::{Lexed, Tok, Token};
use std::ops::Range;

/// Language differences that survive normalisation.
#[derive(Debug, Clone, Copy)]
pub struct Flavor {
    /// PHP: `.` concatenates, `->` accesses members.
    pub php_dots: bool,
    /// PowerShell: commands take `-Name value` parameters and end at a
    /// line end.
    pub powershell: bool,
    /// Python: `import x.y` and `from .x import y`.
    pub python: bool,
    /// The code runs in a browser (an HTML page's script, a file that
    /// uses `window`/`document`): a path with no base goes to the page's
    /// own server.
    pub browser: bool,
    /// C#: the .NET SDK types its API objects with interfaces as well
    /// (`IConversationsApi`).
    pub dotnet: bool,
}

/// How far the extractor reads around a token for one question (options
/// of a call, a builder chain, the receiver of an assignment): enough for
/// any real call, and a bound on hostile input.
pub const NEAR: usize = 256;

/// Merges multi-character operators into the normalised punctuation, in
/// place (a minified file holds millions of tokens; no second copy).
pub fn normalize(mut tokens: Vec<Token>, text: &str, flavor: Flavor) -> Vec<Token> {
    let punct = |t: Option<&Token>| match t.map(|t| &t.kind) {
        Some(Tok::Punct(p)) => Some(*p),
        _ => None,
    };
    // Tokens before `w` are the output; those from `i` on are still to read.
    let mut w = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let next = tokens.get(i + 1);
        let adjacent = next.is_some_and(|n| n.start() == t.end());
        let two = |a: u8, b: u8| punct(Some(t)) == Some(a) && adjacent && punct(next) == Some(b);
        let merged = if two(b'-', b'>') || two(b'?', b'.') || two(b':', b':') {
            Some(b'.')
        } else if two(b'=', b'>') {
            Some(b':')
        } else if two(b':', b'=') {
            Some(b'=')
        } else if two(b'|', b'|') || two(b'?', b'?') {
            Some(b'|')
        } else if two(b'=', b'=') || two(b'!', b'=') || two(b'<', b'=') || two(b'>', b'=') {
            Some(b'~')
        } else {
            None
        };
        if let Some(p) = merged {
            let start = t.start();
            let mut end = next.map_or(t.end(), |n| n.end());
            let mut read = 2;
            // `===` / `!==`
            if p == b'~'
                && tokens
                    .get(i + 2)
                    .is_some_and(|n| n.start() == end && n.kind == Tok::Punct(b'='))
            {
                end += 1;
                read = 3;
            }
            tokens[w] = Token::new(Tok::Punct(p), start..end);
            w += 1;
            i += read;
            continue;
        }
        // Moves the token down; what it swaps with has been read.
        tokens.swap(w, i);
        let t = &mut tokens[w];
        if flavor.php_dots && t.kind == Tok::Punct(b'.') {
            t.kind = Tok::Punct(b'+');
        }
        if t.kind == Tok::Ident && matches!(text.get(t.range()), Some("or")) {
            t.kind = Tok::Punct(b'|');
        }
        w += 1;
        i += 1;
    }
    tokens.truncate(w);
    tokens
}

/// No partner or no call: `Shape` entries that hold nothing.
pub const NONE: u32 = u32::MAX;

/// The bracket structure of a token list, read in one pass so that no
/// question about it costs more than a step (a minified bundle holds
/// millions of tokens and thousands of URLs).
struct Shape {
    /// For an opening bracket, the closing one of the same kind that
    /// balances it; `NONE` for other tokens and unbalanced brackets.
    partner: Vec<u32>,
    /// For each token, the `(` of the innermost call whose arguments hold
    /// it, looking out through `{...}` and `[...]` literals but not past a
    /// `;` (a statement boundary); `NONE` when there is none.
    call: Vec<u32>,
}

impl Shape {
    fn of(toks: &[Token]) -> Shape {
        struct Frame {
            semicolon: bool,
            call: u32,
        }
        let mut partner = vec![NONE; toks.len()];
        let mut call = vec![NONE; toks.len()];
        // Brackets balance by kind for `partner`, and as one nesting for `call`.
        let mut open: [Vec<u32>; 3] = Default::default();
        let mut frames: Vec<Frame> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let here = match frames.last() {
                Some(f) if !f.semicolon => f.call,
                _ => NONE,
            };
            call[i] = here;
            let Tok::Punct(p) = t.kind else { continue };
            match p {
                b'(' | b'[' | b'{' => {
                    open[bracket_kind(p)].push(i as u32);
                    frames.push(Frame {
                        semicolon: false,
                        call: if p == b'(' { i as u32 } else { here },
                    });
                }
                b')' | b']' | b'}' => {
                    if let Some(o) = open[bracket_kind(p)].pop() {
                        partner[o as usize] = i as u32;
                    }
                    frames.pop();
                }
                b';' => {
                    if let Some(f) = frames.last_mut() {
                        f.semicolon = true;
                    }
                }
                _ => {}
            }
        }
        Shape { partner, call }
    }
}

fn bracket_kind(p: u8) -> usize {
    match p {
        b'(' | b')' => 0,
        b'[' | b']' => 1,
        _ => 2,
    }
}

/// One file's code as the later stages read it.
pub struct Code<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// The values of the string tokens (`Tok::Str(i)` is `strings[i]`).
    pub strings: Vec<String>,
    /// The interpolations of the strings (see [`Lexed::holes`]).
    pub holes: Vec<(u32, Range<usize>)>,
    shape: Shape,
    /// Where the text starts in its file (a `<script>` block's offset).
    pub base: usize,
    pub flavor: Flavor,
    /// Token ranges of branches that never run (`if (false) { ... }`),
    /// sorted.
    dead: Vec<Range<usize>>,
}

impl<'a> Code<'a> {
    pub fn new(text: &'a str, lexed: Lexed, base: usize, flavor: Flavor) -> Code<'a> {
        let toks = normalize(lexed.tokens, text, flavor);
        let mut code = Code {
            shape: Shape::of(&toks),
            toks,
            strings: lexed.strings,
            holes: lexed.holes,
            text,
            base,
            flavor,
            dead: Vec::new(),
        };
        code.dead = super::dead::branches(&code);
        code
    }

    /// Whether the file has a branch that never runs.
    pub fn has_dead_branches(&self) -> bool {
        !self.dead.is_empty()
    }

    /// Whether token `i` sits in a branch that never runs.
    pub fn is_dead(&self, i: usize) -> bool {
        let k = self.dead.partition_point(|r| r.end <= i);
        self.dead.get(k).is_some_and(|r| r.contains(&i))
    }

    pub fn ident(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        (t.kind == Tok::Ident).then(|| self.text.get(t.range()).unwrap_or(""))
    }

    pub fn punct(&self, i: usize, p: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tok::Punct(p))
    }

    pub fn string(&self, i: usize) -> Option<&str> {
        match self.toks.get(i)?.kind {
            Tok::Str(s) => self.strings.get(s as usize).map(String::as_str),
            _ => None,
        }
    }

    /// An identifier or a string key (`"scope"`, `'Authorization'`).
    pub fn name(&self, i: usize) -> Option<&str> {
        self.ident(i).or_else(|| self.string(i))
    }

    pub fn range(&self, from: usize, to: usize) -> Range<usize> {
        self.base + self.toks[from].start()..self.base + self.toks[to].end()
    }

    /// Where a Python block whose header starts at token `head` ends,
    /// reading from token `from` on (the header's `:`, or `head` itself):
    /// the first line indented no deeper than the header's.
    pub fn python_block_end(&self, head: usize, from: usize) -> usize {
        let indent = |at: usize| {
            let line = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
            self.text[line..]
                .bytes()
                .take_while(|b| *b == b' ' || *b == b'\t')
                .count()
        };
        let depth = indent(self.toks[head].start());
        let mut k = from + 1;
        while k < self.toks.len() {
            let gap = self
                .text
                .get(self.toks[k - 1].end()..self.toks[k].start())
                .unwrap_or("");
            if gap.contains('\n') && indent(self.toks[k].start()) <= depth {
                break;
            }
            k = match self.toks[k].kind {
                Tok::Punct(b'(' | b'[' | b'{') => self.matching(k).map_or(k + 1, |c| c + 1),
                _ => k + 1,
            };
        }
        k
    }

    /// The bracket closing the one opened at `open`.
    pub fn matching(&self, open: usize) -> Option<usize> {
        let p = *self.shape.partner.get(open)?;
        (p != NONE).then_some(p as usize)
    }

    /// The tokens directly inside the brackets opened at `open`, up to
    /// `to`, stepping over nested brackets, and (when `objects`) those
    /// directly inside the `{...}` literals among them; at most `NEAR`.
    pub fn inside(&self, open: usize, to: usize, objects: bool) -> Vec<usize> {
        let mut found = Vec::new();
        self.children(open, to, objects, &mut found);
        found
    }

    fn children(&self, open: usize, to: usize, objects: bool, found: &mut Vec<usize>) {
        let to = to.min(self.toks.len());
        let mut k = open + 1;
        while k < to && found.len() < NEAR {
            let close = match self.toks[k].kind {
                Tok::Punct(b'(' | b'[' | b'{') => self.matching(k).filter(|&c| c < to),
                _ => None,
            };
            let Some(close) = close else {
                found.push(k);
                k += 1;
                continue;
            };
            // An options object: `fetch(url, { method: 'POST' })`.
            let object =
                self.punct(k, b'{') && (self.punct(k - 1, b'(') || self.punct(k - 1, b','));
            if objects && object {
                self.children(k, close, false, found);
            } else {
                found.push(k);
            }
            k = close + 1;
        }
    }

    /// The `(` opening the innermost call whose arguments hold token `i`.
    pub fn enclosing_call(&self, i: usize) -> Option<usize> {
        let c = *self.shape.call.get(i)?;
        (c != NONE).then_some(c as usize)
    }

    /// The token naming the function a call opened at `open` calls,
    /// stepping back over type arguments (`post<User>(`, `GetFromJsonAsync<T>(`).
    pub fn callee(&self, open: usize) -> Option<usize> {
        let mut k = open.checked_sub(1)?;
        if self.punct(k, b'>') {
            let mut depth = 0usize;
            let from = k;
            loop {
                if self.punct(k, b'>') {
                    depth += 1;
                } else if self.punct(k, b'<') {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                if from - k > 32 {
                    return None;
                }
                k = k.checked_sub(1)?;
            }
            k = k.checked_sub(1)?;
        }
        self.ident(k).map(|_| k)
    }

    /// The `(` of a call or definition whose name is at `name`, past type
    /// arguments (`Send<Queue>(`, `GetFromJsonAsync<T>(`).
    pub fn call_open(&self, name: usize) -> Option<usize> {
        let k = name + 1;
        if self.punct(k, b'(') {
            return Some(k);
        }
        if !self.punct(k, b'<') {
            return None;
        }
        let mut depth = 0usize;
        for j in k..(k + 32).min(self.toks.len()) {
            if self.punct(j, b'<') {
                depth += 1;
            } else if self.punct(j, b'>') {
                depth -= 1;
                if depth == 0 {
                    return self.punct(j + 1, b'(').then_some(j + 1);
                }
            } else if !(self.ident(j).is_some()
                || self.punct(j, b',')
                || self.punct(j, b'.')
                || self.punct(j, b'[')
                || self.punct(j, b']')
                || self.punct(j, b'?'))
            {
                return None;
            }
        }
        None
    }

    /// How many arguments the call opened at `open` has.
    pub fn top_level_args(&self, open: usize) -> usize {
        let Some(close) = self.matching(open) else {
            return 0;
        };
        if close == open + 1 {
            return 0;
        }
        let commas = self
            .inside(open, close, false)
            .into_iter()
            .filter(|&k| self.punct(k, b','))
            .count();
        commas + 1
    }

    /// The token that starts at byte `start` of the file (offsets include
    /// [`Code::base`]).
    pub fn token_at(&self, start: usize) -> Option<usize> {
        let local = start.checked_sub(self.base)?;
        let k = self.toks.partition_point(|t| t.start() < local);
        (self.toks.get(k)?.start() == local).then_some(k)
    }

    /// The interpolated expressions of the string at token `i`, as source
    /// ranges of the text, in order.
    pub fn holes_at(&self, i: usize) -> &[(u32, Range<usize>)] {
        let Some(Tok::Str(s)) = self.toks.get(i).map(|t| t.kind) else {
            return &[];
        };
        let from = self.holes.partition_point(|(k, _)| *k < s);
        let to = from + self.holes[from..].partition_point(|(k, _)| *k == s);
        &self.holes[from..to]
    }
}
