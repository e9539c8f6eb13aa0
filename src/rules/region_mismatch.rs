use super::hosts::known_domain;
use super::{declare_rule, Context};
use crate::diagnostic::{code_list, Diagnostic};
use crate::model::{HostKind, HostRef};
use crate::source::FileId;

declare_rule!(
    "region-mismatch",
    "RegionMismatch",
    Warning,
    Hosts,
    "Code targets an environment the manifest does not list, or one flow combines environments"
);

/// What a host is used for in a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Where the token comes from (`login.<env>`).
    Login,
    /// Where requests go (`api.<env>`, `apps.<env>`, the bare domain).
    Api,
    /// Both: an SDK environment setting or region constant.
    Environment,
}

fn role(h: &HostRef) -> Role {
    match h.kind {
        HostKind::RegionConstant | HostKind::Environment => Role::Environment,
        HostKind::Url if h.login => Role::Login,
        HostKind::Url => Role::Api,
    }
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let domain_of = |h: &HostRef| match h.kind {
        HostKind::RegionConstant => cx.db.regions().find(|(k, _)| *k == h.host).map(|(_, d)| d),
        _ => known_domain(cx.db, &h.host),
    };
    // Region tables are alternatives chosen at run time: never a mismatch.
    let used: Vec<(&HostRef, &str)> = cx
        .app
        .hosts
        .iter()
        .filter(|h| !h.alternative)
        .filter_map(|h| domain_of(h).map(|d| (h, d)))
        .collect();
    // One problem, one finding: a file already told that it leaves the
    // manifest's regions is not told again that it combines two.
    let reported = declared_regions(cx, &used, out);
    let rest: Vec<(&HostRef, &str)> = used
        .into_iter()
        .filter(|(h, _)| !reported.contains(&h.span.file))
        .collect();
    combined_environments(&rest, out);
}

/// Code that targets an environment the manifests governing it do not
/// list; the files reported.
fn declared_regions(
    cx: &Context<'_>,
    used: &[(&HostRef, &str)],
    out: &mut super::Findings,
) -> Vec<FileId> {
    let mut reported = Vec::new();
    for (h, domain) in used {
        let path = &cx.sources.get(h.span.file).path;
        let governing: Vec<&crate::model::Manifest> = cx
            .app
            .manifests
            .iter()
            .filter(|m| m.reaches(path))
            .collect();
        let declared: Vec<&str> = governing
            .iter()
            .flat_map(|m| m.regions.iter())
            .filter_map(|r| cx.db.region_domain(&r.value))
            .collect();
        if declared.is_empty() || declared.contains(domain) {
            continue;
        }
        let declared_span = governing
            .iter()
            .flat_map(|m| m.regions.first())
            .map(|r| r.span)
            .next();
        // Regions come from a manifest, or from `default-regions` in
        // gclint.toml for apps whose manifest names none: say which.
        let from_config = declared_span.is_some_and(|span| {
            cx.sources.get(span.file).path.file_name() == Some(std::ffi::OsStr::new("gclint.toml"))
        });
        let (lister, fix) = if from_config {
            (
                "`default-regions` in gclint.toml",
                "use that environment, or add this one to `default-regions`",
            )
        } else {
            (
                "the manifest",
                "use the manifest's environment, or add this one to `regions`",
            )
        };
        let mut d = Diagnostic::new(
            &META,
            h.span,
            format!(
                "this code targets `{domain}`, but {lister} lists only {}",
                code_list(&declared)
            ),
        )
        .label(format!("`{domain}`"))
        .help(format!("tokens and data are per environment: {fix}"))
        .key(format!("{domain}/declared"));
        if let Some(span) = declared_span {
            d = d.related(span, "regions declared here");
        }
        out.push(d);
        reported.push(h.span.file);
    }
    reported
}

/// A file whose requests go to an environment its token does not come
/// from: a login host (or SDK environment) of one environment and an API
/// host of another, with no login of the API host's environment beside it.
/// Tools that work with several organizations log in to each, so an API
/// host whose environment the file also logs in to is never reported.
fn combined_environments(used: &[(&HostRef, &str)], out: &mut super::Findings) {
    let mut files: Vec<FileId> = used.iter().map(|(h, _)| h.span.file).collect();
    files.sort();
    files.dedup();
    for file in files {
        let here: Vec<(&HostRef, &str)> = used
            .iter()
            .filter(|(h, _)| h.span.file == file)
            .copied()
            .collect();
        let logins: Vec<(&HostRef, &str)> = here
            .iter()
            .filter(|(h, _)| role(h) != Role::Api)
            .copied()
            .collect();
        let Some((first_login, _)) = logins.first() else {
            continue;
        };
        let mut reported: Vec<&str> = Vec::new();
        for (h, domain) in &here {
            if role(h) == Role::Login
                || logins.iter().any(|(_, d)| d == domain)
                || reported.contains(domain)
            {
                continue;
            }
            reported.push(domain);
            let mut token_from: Vec<&str> = Vec::new();
            for (_, d) in &logins {
                if !token_from.contains(d) {
                    token_from.push(d);
                }
            }
            out.push(
                Diagnostic::new(
                    &META,
                    h.span,
                    format!(
                        "this request goes to `{domain}`, but the token of this file comes from {}",
                        code_list(&token_from)
                    ),
                )
                .label(format!("`{domain}`"))
                .help("a token from one environment is rejected by another: derive the login and API hosts from one setting")
                .related(first_login.span, format!("the login's environment, `{}`", token_from[0]))
                .key(format!("{}/{domain}", token_from[0])),
            );
        }
    }
}
