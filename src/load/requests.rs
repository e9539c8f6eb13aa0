//! Requests across files: a wrapper defined in one file and called in
//! another (`client.Get(ctx, NewURI("/conversations/%s", id), &out)`
//! calling the package's `Get`), a base URL or path constant imported from
//! another module (`BASE_URL + "routing/queues"`), a URL builder of another
//! file. Each file's scan says what it shares (wrappers, file-level values,
//! string-returning functions) and what it waits for (requests and calls
//! naming what it does not define); this joins them once every file is
//! read, the file a name comes from chosen by the imports first, then by
//! the project, then by the nearest folder.

use super::link::Projects;
use crate::model::CallKind;
use crate::scan::requests::{self, Verdict, WrapperMethod};
use crate::scan::values::{self, PSeg, Portable};
use crate::scan::{Evidence, FileScan, FoundArg, FoundCall, FoundReturn, FoundWrapper};
use crate::source::{FileId, SourceMap};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// How many names deep a value is looked up across files.
const DEPTH: usize = 6;

struct Shared<'s> {
    sources: &'s SourceMap,
    projects: &'s Projects,
    files: Vec<FileId>,
    /// `(importer, imported)` file pairs.
    imports: HashSet<(FileId, FileId)>,
    wrappers: HashMap<&'s str, Vec<(usize, &'s FoundWrapper)>>,
    exports: HashMap<&'s str, Vec<(usize, &'s Portable)>>,
    returns: HashMap<&'s str, Vec<(usize, &'s FoundReturn)>>,
}

impl<'s> Shared<'s> {
    fn new(
        sources: &'s SourceMap,
        projects: &'s Projects,
        scans: &'s [(FileId, FileScan)],
        edges: &[(FileId, FileId)],
    ) -> Shared<'s> {
        let mut shared = Shared {
            sources,
            projects,
            files: scans.iter().map(|(f, _)| *f).collect(),
            imports: edges.iter().copied().collect(),
            wrappers: HashMap::new(),
            exports: HashMap::new(),
            returns: HashMap::new(),
        };
        for (i, (_, scan)) in scans.iter().enumerate() {
            for w in &scan.wrappers {
                shared
                    .wrappers
                    .entry(w.name.as_str())
                    .or_default()
                    .push((i, w));
            }
            for (name, v) in &scan.exports {
                shared
                    .exports
                    .entry(name.as_str())
                    .or_default()
                    .push((i, v));
            }
            for r in &scan.returns {
                shared
                    .returns
                    .entry(r.name.as_str())
                    .or_default()
                    .push((i, r));
            }
        }
        shared
    }

    /// The one candidate (by scan index) the file at scan index `from`
    /// means: the one it imports, else the only one of its project (or
    /// several that say the same, `same` telling). Candidates that differ
    /// with nothing to choose between them are a guess: none is taken.
    fn nearest<T: Copy>(
        &self,
        from: usize,
        candidates: &[(usize, T)],
        same: impl Fn(T, T) -> bool,
    ) -> Option<(usize, T)> {
        let here = self.files[from];
        let path = &self.sources.get(here).path;
        let project = self
            .projects
            .root_of(path.parent().unwrap_or(Path::new("")));
        let imported: Vec<(usize, T)> = candidates
            .iter()
            .filter(|(i, _)| *i != from && self.imports.contains(&(here, self.files[*i])))
            .copied()
            .collect();
        let pool: Vec<(usize, T)> = if imported.is_empty() {
            candidates
                .iter()
                .filter(|(i, _)| {
                    *i != from && self.sources.get(self.files[*i]).path.starts_with(&project)
                })
                .copied()
                .collect()
        } else {
            imported
        };
        let (&first, rest) = pool.split_first()?;
        rest.iter().all(|c| same(first.1, c.1)).then_some(first)
    }

    /// `value` with the names and calls other files define looked up
    /// (what stays unknown stays a symbol).
    fn resolve(&self, value: &Portable, from: usize, depth: usize) -> Portable {
        if depth > DEPTH || !value.has_symbols() {
            return value.clone();
        }
        let mut out = Portable::default();
        for seg in &value.segs {
            match seg {
                PSeg::Name(n) => {
                    let found = self
                        .exports
                        .get(n.as_str())
                        .and_then(|c| self.nearest(from, c, |a, b| a == b))
                        .map(|(i, v)| self.resolve(v, i, depth + 1));
                    match found {
                        Some(v) => out.segs.extend(v.segs),
                        None => out.segs.push(seg.clone()),
                    }
                }
                PSeg::Call(n, args) if n == values::FORMAT => {
                    let args: Vec<Portable> = args
                        .iter()
                        .map(|a| self.resolve(a, from, depth + 1))
                        .collect();
                    match args.split_first() {
                        Some((template, rest)) if !template.has_symbols() => out
                            .segs
                            .extend(values::format_portable(template, rest).segs),
                        _ => out.segs.push(PSeg::Hole),
                    }
                }
                PSeg::Call(n, args) => {
                    let found = self
                        .returns
                        .get(n.as_str())
                        .and_then(|c| self.nearest(from, c, |a, b| a.value == b.value));
                    match found {
                        Some((i, r)) => {
                            let args: Vec<Portable> = args
                                .iter()
                                .map(|a| self.resolve(a, from, depth + 1))
                                .collect();
                            let v = r.value.substitute(&args);
                            out.segs.extend(self.resolve(&v, i, depth + 1).segs);
                        }
                        None => out.segs.push(seg.clone()),
                    }
                }
                other => out.segs.push(other.clone()),
            }
        }
        out
    }
}

/// A Platform call found across files: where it is reported (bytes of
/// its file), its method and path, and whether the path was relative.
type Joined = (std::ops::Range<usize>, Option<String>, String, Evidence);

/// A path with its query dropped and each placeholder (`{id}`, `%s`,
/// `{}`) written alike, to tell the same path written two ways.
fn same_path(path: &str) -> String {
    bare(path)
        .split('/')
        .map(|seg| match seg.contains(['{', '%']) {
            true => "{}",
            false => seg,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A path constant another file's request sent: the scan index of the
/// file declaring it and the Platform path it holds.
type Sent = (usize, String);

/// The path without its query.
fn bare(path: &str) -> &str {
    path.split('?').next().unwrap_or("")
}

impl Shared<'_> {
    /// The constants of other files that `value` (a URL a request of the
    /// file at `from` sends) names and that hold a whole Platform path
    /// (`USER_PRESENCE = "/api/v2/users/{userId}/presences/purecloud"`).
    fn sent_constants(&self, value: &Portable, from: usize) -> Vec<Sent> {
        value
            .segs
            .iter()
            .filter_map(|seg| match seg {
                PSeg::Name(n) => self.exports.get(n.as_str()),
                // A template another file holds, formatted here.
                PSeg::Call(f, args) if f == values::FORMAT => match args.first()?.segs.as_slice() {
                    [PSeg::Name(n)] => self.exports.get(n.as_str()),
                    _ => None,
                },
                _ => None,
            })
            .filter_map(|c| self.nearest(from, c, |a, b| a == b))
            .filter_map(|(j, v)| {
                let text = self.resolve(v, j, 1).text();
                let at = text.find("/api/v2/")?;
                Some((j, text[at..].to_string()))
            })
            .collect()
    }
}

/// Forgets the calls the literal pass found in the constants other files'
/// requests send: a path constant is a value, and the request that sends
/// it is the call (the literal alone did not say the method).
pub(super) fn forget_sent_constants(scans: &mut [(FileId, FileScan)], sent: &[Sent]) {
    for (j, path) in sent {
        let Some((_, scan)) = scans.get_mut(*j) else {
            continue;
        };
        let path = bare(path);
        scan.calls.retain(
            |c| !matches!(&c.kind, CallKind::Http { method: None, path: p } if bare(p) == path),
        );
    }
}

/// Joins the requests of `scans` across files and adds the calls found to
/// the file that makes them.
pub(super) fn cross_file(
    sources: &SourceMap,
    projects: &Projects,
    scans: &mut [(FileId, FileScan)],
    edges: &[(FileId, FileId)],
) {
    let mut sent: Vec<Sent> = Vec::new();
    let found: Vec<(usize, Vec<Joined>)> = {
        let shared = Shared::new(sources, projects, scans, edges);
        scans
            .iter()
            .enumerate()
            .map(|(i, (_, scan))| (i, join_file(&shared, i, scan, &mut sent)))
            .filter(|(_, calls)| !calls.is_empty())
            .collect()
    };
    forget_sent_constants(scans, &sent);
    for (i, calls) in found {
        let scan = &mut scans[i].1;
        // A literal naming, with no method, a path a request of the file
        // sends is no call of its own (`return NewURI("/api/v2/x/%s", id)`
        // in the method a request calls for its URL).
        // (One where a joined call is reported is merged with it below.)
        let joined: HashSet<String> = calls.iter().map(|(_, _, p, _)| same_path(p)).collect();
        let at: HashSet<usize> = calls.iter().map(|(r, ..)| r.start).collect();
        scan.calls.retain(|c| {
            at.contains(&c.range.start)
                || !matches!(&c.kind, CallKind::Http { method: None, path } if joined.contains(&same_path(path)))
        });
        for (range, method, path, evidence) in calls {
            // A call another stage already found there (a path constant).
            let known = scan.calls.iter_mut().find(|c| {
                let same_path = matches!(&c.kind, CallKind::Http { path: p, .. } if *p == path);
                c.range.start == range.start
                    || (same_path && c.range.start < range.end && range.start < c.range.end)
            });
            if let Some(known) = known {
                // A guess about a base the file does not show (a client
                // handed in) gives way to what the project's own wrapper
                // says it sends.
                let guessed = |e: Evidence| matches!(e, Evidence::Relative | Evidence::UnknownBase);
                let bare = |p: &str| p.split('?').next().unwrap_or("").to_string();
                let strengthen = guessed(known.evidence) && !guessed(evidence);
                if strengthen {
                    known.evidence = evidence;
                    // Another endpoint than the literal alone said: the
                    // wrapper's (the literal keeps its own query otherwise).
                    if !matches!(&known.kind, CallKind::Http { path: p, .. } if bare(p) == bare(&path))
                    {
                        known.kind = CallKind::Http { method, path };
                        known.range = range;
                        continue;
                    }
                }
                // The literal alone did not say the method; the wrapper
                // another file defines does (`get(org, '/api/v2/users')`).
                if let CallKind::Http {
                    method: m @ None,
                    path: p,
                } = &mut known.kind
                {
                    if bare(p) == bare(&path) {
                        *m = method;
                    }
                }
                continue;
            }
            scan.calls.push(FoundCall {
                range,
                kind: CallKind::Http { method, path },
                evidence,
            });
        }
        scan.calls.sort_by_key(|c| c.range.start);
    }
}

/// The calls one file makes through what other files define.
fn join_file(shared: &Shared, i: usize, scan: &FileScan, sent: &mut Vec<Sent>) -> Vec<Joined> {
    let mut out = Vec::new();
    // Calls of another file's wrappers (a method named like a library's,
    // `c.Get(ctx, uri, &out)`, is the project's own when it defines one).
    let mut through_wrappers = HashSet::new();
    for call in &scan.outgoing {
        let Some(candidates) = shared.wrappers.get(call.callee.as_str()) else {
            continue;
        };
        let same = |a: &FoundWrapper, b: &FoundWrapper| a.url == b.url && a.method == b.method;
        let Some((_, w)) = shared.nearest(i, candidates, same) else {
            continue;
        };
        through_wrappers.extend(call.args.iter().map(|a| a.range.clone()));
        let calls = wrapper_call(shared, i, call.range.clone(), &call.args, w);
        if !calls.is_empty() {
            for a in &call.args {
                for v in &a.values {
                    sent.extend(shared.sent_constants(v, i));
                }
            }
        }
        out.extend(calls);
    }
    // Requests of the file whose URL holds another file's names.
    for p in scan
        .pending
        .iter()
        .filter(|p| !through_wrappers.contains(&p.range))
    {
        let url = built_paths(shared.resolve(&p.url, i, 0));
        if let Verdict::Call { path, evidence, at } = requests::classify(&url, p.wrapper, false) {
            sent.extend(shared.sent_constants(&p.url, i));
            out.push((
                at.unwrap_or_else(|| p.range.clone()),
                p.method.clone(),
                path,
                evidence,
            ));
        }
    }
    out
}

/// A URL-building function no file read says the return of, given a
/// Platform path (`platformUri('/api/v2/groups/%s', id)`, `build_url(
/// "/api/v2/users/{}", user_id)`): it builds that path; its other
/// arguments fill the path's holes.
fn built_paths(url: Portable) -> Portable {
    let segs = url
        .segs
        .into_iter()
        .flat_map(|seg| match seg {
            PSeg::Call(name, args) if name != values::FORMAT => {
                match args.iter().find(|a| a.text().contains("/api/v2/")) {
                    Some(path) if !path.has_symbols() => path.segs.clone(),
                    _ => vec![PSeg::Call(name, args)],
                }
            }
            other => vec![other],
        })
        .collect();
    Portable { segs }
}

/// The calls one call of wrapper `w` makes.
fn wrapper_call(
    shared: &Shared,
    i: usize,
    range: std::ops::Range<usize>,
    args: &[FoundArg],
    w: &FoundWrapper,
) -> Vec<Joined> {
    let Some(endpoint) = requests::portable_endpoint(&w.url) else {
        return Vec::new();
    };
    let by_param = arguments_by_parameter(args, &w.params);
    let firsts: Vec<Portable> = by_param
        .iter()
        .map(|a| {
            a.and_then(|a| a.values.first())
                .map(|v| shared.resolve(v, i, 0))
                .unwrap_or_else(|| Portable {
                    segs: vec![PSeg::Hole],
                })
        })
        .collect();
    let Some(Some(endpoint_arg)) = by_param.get(endpoint as usize) else {
        return Vec::new();
    };
    let base = w.url.text();
    let base = base.split("{}").next().unwrap_or("");
    let (base_host, base_api) = (base.contains("://"), base.contains("/api/v2"));
    let method = wrapper_method(&w.method, &by_param);
    let mut out = Vec::new();
    let _ = range;
    for alternative in &endpoint_arg.values {
        let a = shared.resolve(alternative, i, 0);
        let t = a.text();
        // A wrapper that puts a base first takes no absolute URL.
        if (base_host || base_api)
            && (crate::scan::extract::url_host(&t).is_some() || (base_api && t.contains("/api/v2")))
        {
            continue;
        }
        let mut given = firsts.clone();
        given[endpoint as usize] = a;
        let url = shared.resolve(&w.url.substitute(&given), i, 0);
        if let Verdict::Call { path, evidence, at } = requests::classify(&url, true, false) {
            out.push((
                at.unwrap_or_else(|| endpoint_arg.range.clone()),
                method.clone(),
                path,
                evidence,
            ));
        }
    }
    out
}

/// Each parameter's argument: by keyword (`path=`, `-Path`), else by
/// position.
fn arguments_by_parameter<'a>(
    args: &'a [FoundArg],
    params: &[String],
) -> Vec<Option<&'a FoundArg>> {
    let norm = |s: &str| s.trim_start_matches('$').to_ascii_lowercase();
    let mut out: Vec<Option<&FoundArg>> = vec![None; params.len()];
    let mut positional = 0;
    for a in args {
        let named = a
            .keyword
            .as_deref()
            .and_then(|k| params.iter().position(|p| norm(p) == norm(k)));
        match named {
            Some(p) => out[p] = Some(a),
            None if a.keyword.is_none() => {
                if positional < out.len() {
                    out[positional] = Some(a);
                }
                positional += 1;
            }
            None => {}
        }
    }
    out
}

/// The method a call of a wrapper sends.
fn wrapper_method(method: &WrapperMethod, args: &[Option<&FoundArg>]) -> Option<String> {
    let arg = |i: u16| args.get(i as usize).copied().flatten();
    let verb = |a: &FoundArg| {
        a.verb.clone().or_else(|| {
            a.values
                .first()
                .and_then(|v| crate::scan::sinks::verb_of(v.text().trim()))
                .map(str::to_string)
        })
    };
    match method {
        WrapperMethod::Verb(v) => Some(v.to_string()),
        WrapperMethod::Param { index, default } => match arg(*index) {
            Some(a) => verb(a),
            None => default.map(str::to_string),
        },
        WrapperMethod::Option { index, default, .. } => match arg(*index) {
            Some(a) if a.options => a.options_verb.clone().or(default.map(str::to_string)),
            Some(_) => None,
            None => default.map(str::to_string),
        },
        WrapperMethod::Unknown => None,
    }
}
