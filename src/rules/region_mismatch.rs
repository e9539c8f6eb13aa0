use super::hosts::known_domain;
use super::{declare_rule, Context};
use crate::diagnostic::{code_list, Diagnostic};
use crate::model::HostKind;

declare_rule!(
    "region-mismatch",
    "RegionMismatch",
    Warning,
    Hosts,
    "Code targets an environment the manifest does not list, or one file mixes environments"
);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let declared: Vec<&str> = cx
        .app
        .manifests
        .iter()
        .flat_map(|m| m.regions.iter())
        .filter_map(|r| cx.db.region_domain(&r.value))
        .collect();
    let declared_span = cx
        .app
        .manifests
        .iter()
        .flat_map(|m| m.regions.first())
        .map(|r| r.span)
        .next();
    // Regions come from a manifest, or from `default-regions` in gclint.toml
    // for apps whose manifest names none: say which.
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
    let mut first_in_file: Vec<(crate::source::FileId, &str)> = Vec::new();
    for h in &cx.app.hosts {
        let domain = match h.kind {
            HostKind::RegionConstant => cx.db.regions().find(|(k, _)| *k == h.host).map(|(_, d)| d),
            _ => known_domain(cx.db, &h.host),
        };
        let Some(domain) = domain else { continue };
        if !declared.is_empty() && !declared.contains(&domain) {
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
            continue;
        }
        match first_in_file.iter().find(|(f, _)| *f == h.span.file) {
            None => first_in_file.push((h.span.file, domain)),
            Some((_, first)) if *first != domain => {
                let first_span = cx
                    .app
                    .hosts
                    .iter()
                    .find(|o| {
                        o.span.file == h.span.file
                            && (known_domain(cx.db, &o.host) == Some(first)
                                || cx.db.regions().any(|(k, d)| k == o.host && d == *first))
                    })
                    .map(|o| o.span);
                let mut d = Diagnostic::new(&META, h.span, format!("this file mixes environments: `{domain}` here, `{first}` earlier"))
                    .label(format!("`{domain}`"))
                    .help("a token from one environment is rejected by another; use one environment per client")
                    .key(format!("{first}/{domain}"));
                if let Some(span) = first_span {
                    d = d.related(span, format!("`{first}` here"));
                }
                out.push(d);
            }
            Some(_) => {}
        }
    }
}
