use super::hosts::{claimed_domain, known_domain, similar_domains};
use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, Diagnostic};
use crate::model::HostKind;

declare_rule!(
    "unknown-region",
    "UnknownRegion",
    Error,
    Hosts,
    "A Genesys host that is not one of the Genesys Cloud environments"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for h in &cx.app.hosts {
        let (what, suggestions) = match h.kind {
            HostKind::RegionConstant => {
                if cx.db.regions().any(|(k, _)| k == h.host) {
                    continue;
                }
                let mut keys: Vec<(f64, &str)> = cx
                    .db
                    .regions()
                    .map(|(k, _)| (strsim::jaro_winkler(&h.host, k), k))
                    .collect();
                keys.sort_by(|a, b| b.0.total_cmp(&a.0));
                (
                    format!(
                        "`PureCloudRegionHosts.{}` is not a region of the Genesys SDK",
                        h.host
                    ),
                    keys.into_iter().take(3).map(|(_, k)| k).collect::<Vec<_>>(),
                )
            }
            HostKind::Url | HostKind::Environment => {
                if known_domain(cx.db, &h.host).is_some() || internal_environment(&h.host) {
                    continue;
                }
                (
                    format!("`{}` is not a Genesys Cloud environment", h.host),
                    similar_domains(cx.db, claimed_domain(&h.host)),
                )
            }
        };
        let help = if suggestions.is_empty() {
            "use the domain of your organization's region (e.g. `mypurecloud.ie` for EU-West-1)"
                .to_string()
        } else {
            format!("did you mean {}?", code_alternatives(&suggestions))
        };
        out.push(
            Diagnostic::new(&META, h.span, what)
                .label("unknown environment")
                .help(help)
                .key(h.host.clone()),
        );
    }
}

/// Genesys's own development and test environments (`inindca.com`,
/// `inintca.com`): real Genesys hosts that region tables offer on purpose,
/// not customer regions and not misspellings of one. The region data does
/// not list them, so nothing is said of them either way.
fn internal_environment(host: &str) -> bool {
    host.to_ascii_lowercase()
        .split('.')
        .any(|label| matches!(label, "inindca" | "inintca"))
}
