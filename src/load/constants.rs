//! Requests made with path constants declared in another file, joined
//! across the project once every file is scanned.

use crate::db::Database;
use crate::scan::{self, Evidence, FileScan};
use crate::source::{FileId, SourceMap};

/// A path constant as declared.
struct Declared<'a> {
    file: FileId,
    container: Option<&'a str>,
    value: &'a str,
}

/// Requests made with path constants, joined with the constants of every
/// file (`$url = Endpoints::LIST` in one file, `const LIST =
/// 'conversations'` in another). A request is kept only when the constant's
/// value names a Platform path (relative values are read under `/api/v2/`);
/// a constant holding `/api/v2/...` used in its own file is already a call.
pub(super) fn constant_calls(db: &Database, sources: &SourceMap, scans: &mut [(FileId, FileScan)]) {
    use std::collections::HashMap;
    let mut constants: HashMap<&str, Vec<Declared>> = HashMap::new();
    for (file, scan) in scans.iter() {
        for c in &scan.constants {
            constants
                .entry(c.name.as_str())
                .or_default()
                .push(Declared {
                    file: *file,
                    container: c.container.as_deref(),
                    value: c.value.as_str(),
                });
        }
    }
    let mut found: Vec<(usize, scan::FoundCall)> = Vec::new();
    // Whole Platform paths of other files' constants the requests send.
    let mut sent: Vec<(FileId, String)> = Vec::new();
    for (at, (file, scan)) in scans.iter().enumerate() {
        for r in &scan.constant_requests {
            let Some(declared) = constants.get(r.name.as_str()) else {
                continue;
            };
            let here = &sources.get(*file).path;
            let Some(d) = nearest_declaration(declared, r.container.as_deref(), *file, |f| {
                here.components()
                    .zip(sources.get(f).path.components())
                    .take_while(|(a, b)| a == b)
                    .count()
            }) else {
                continue;
            };
            let absolute = d.value.contains("/api/v2");
            if absolute && d.file == *file {
                continue;
            }
            let mut path = match d.value.find("/api/v2") {
                Some(start) => d.value[start..].to_string(),
                None => format!("/api/v2/{}", d.value.trim_start_matches('/')),
            };
            path.push_str(&r.suffix);
            let known = matches!(
                db.lookup_path(None, &path),
                crate::db::PathLookup::PathOnly(_) | crate::db::PathLookup::Found(_)
            );
            if !known && !absolute {
                continue;
            }
            if absolute {
                sent.push((d.file, path[..path.len() - r.suffix.len()].to_string()));
            }
            let kind = crate::model::CallKind::Http {
                method: Some(r.method.clone()),
                path,
            };
            found.push((
                at,
                scan::FoundCall {
                    range: r.range.clone(),
                    kind,
                    evidence: Evidence::Written,
                },
            ));
        }
    }
    for (at, call) in found {
        scans[at].1.calls.push(call);
    }
    let sent: Vec<(usize, String)> = sent
        .into_iter()
        .filter_map(|(file, path)| {
            let at = scans.iter().position(|(f, _)| *f == file)?;
            Some((at, path))
        })
        .collect();
    super::requests::forget_sent_constants(scans, &sent);
}

/// The declaration a request names: of its container (or, without one, of
/// the requesting file or no container), the one declared nearest the
/// requesting file (`Endpoints` of this namespace's folder rather than
/// another's); none when two are as near.
fn nearest_declaration<'d, 'a>(
    declared: &'d [Declared<'a>],
    container: Option<&str>,
    file: FileId,
    nearness: impl Fn(FileId) -> usize,
) -> Option<&'d Declared<'a>> {
    let matching: Vec<&Declared> = declared
        .iter()
        .filter(|d| match container {
            Some(c) => d.container == Some(c),
            None => d.file == file || d.container.is_none(),
        })
        .collect();
    let best = matching.iter().map(|d| nearness(d.file)).max()?;
    let mut nearest = matching.into_iter().filter(|d| nearness(d.file) == best);
    let one = nearest.next()?;
    nearest.next().is_none().then_some(one)
}
