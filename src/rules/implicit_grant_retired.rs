use super::support::{pin_of, version_key};
use super::{declare_rule, Context};
use crate::db::format::{month_text, GrantRetirement};
use crate::diagnostic::Diagnostic;
use crate::edit;
use crate::model::{AuthFlow, GrantKind, OAuthClient, Origin};
use std::collections::HashSet;

declare_rule!(
    "implicit-grant-retired",
    "ImplicitGrantRetired",
    Warning,
    History,
    "A client or login uses the implicit grant, which Genesys Cloud is retiring"
);

/// The JavaScript SDK's implicit login and its PKCE counterpart, which
/// takes the same first three arguments (`clientId`, `redirectUri`,
/// `opts` with `state`, `org`, `provider`).
const IMPLICIT_LOGIN: &str = "loginImplicitGrant";
const PKCE_LOGIN: &str = "loginPKCEGrant";
const JS_SDK: &str = "npm purecloud-platform-client-v2";

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    // The dates come from the database; without them there is nothing to say.
    let Some(retirement) = cx.db.lifecycle().grant(GrantKind::Token.as_str()) else {
        return;
    };
    let when = format!(
        "which Genesys Cloud closed to new OAuth clients in {} and stops accepting in {}",
        month_text(&retirement.closed_to_new_clients),
        month_text(&retirement.retired)
    );
    let label = format!("retired in {}", month_text(&retirement.retired));
    // A wizard config's client may take its grant from the login in the
    // code: one finding per place.
    let mut seen = HashSet::new();
    for client in &cx.app.clients {
        let Some(grant) = &client.grant else { continue };
        if !matches!(GrantKind::parse(&grant.value), Some((GrantKind::Token, _)))
            || !seen.insert(grant.span)
        {
            continue;
        }
        let mut d = Diagnostic::new(
            &META,
            grant.span,
            format!(
                "client `{}` uses the {} (TOKEN), {when}; its users will then fail to sign in",
                client.name.value, retirement.name
            ),
        )
        .label(label.clone())
        .help(client_help(retirement, client))
        .key(format!("client/{}", client.name.value));
        if client.origin == Origin::Manifest && !mentions_pkce(cx, client) {
            d = d.fix(
                edit::replace_value_and_add_entry(
                    cx.sources,
                    client.decl,
                    grant.span,
                    ("TOKEN", "CODE"),
                    ("pkce", "true"),
                    format!(
                        "give client `{}` the CODE grant with PKCE",
                        client.name.value
                    ),
                )
                .map(|f| {
                    f.unsafe_fix(&format!(
                        "change OAuth client `{}` in Genesys Cloud to the Code Authorization grant too (Admin > Integrations > OAuth, or `authorizedGrantType: CODE` through the API): the manifest says CODE with PKCE, the client there still has the implicit grant",
                        client.name.value
                    ))
                }),
            );
        }
        out.push(d);
    }
    for flow in &cx.app.auth_flows {
        if flow.grant != GrantKind::Token || !seen.insert(flow.span) {
            continue;
        }
        out.push(login_finding(cx, retirement, flow, &when, &label));
    }
}

fn client_help(retirement: &GrantRetirement, client: &OAuthClient) -> String {
    let target = match client.origin {
        Origin::Manifest => "`grantType: CODE` with `pkce: true`".to_string(),
        Origin::Terraform => "`authorized_grant_type = \"CODE\"`".to_string(),
        Origin::ApiJson => "`\"authorizedGrantType\": \"CODE\"`".to_string(),
        Origin::WizardConfig | Origin::Code => "the CODE grant".to_string(),
    };
    format!(
        "move to {}: {target}, and sign in with a PKCE challenge (`{PKCE_LOGIN}` in the JavaScript SDK)",
        retirement.replacement
    )
}

/// The client's own definition already says something about PKCE: the
/// fix would not know how to merge with it.
fn mentions_pkce(cx: &Context<'_>, client: &OAuthClient) -> bool {
    cx.sources
        .get(client.decl.file)
        .text
        .get(client.decl.range())
        .is_none_or(|t| t.contains("pkce"))
}

fn login_finding(
    cx: &Context<'_>,
    retirement: &GrantRetirement,
    flow: &AuthFlow,
    when: &str,
    label: &str,
) -> Diagnostic {
    let written = cx
        .sources
        .get(flow.span.file)
        .text
        .get(flow.span.range())
        .unwrap_or("");
    if written == IMPLICIT_LOGIN {
        let feature = format!("ApiClient.{PKCE_LOGIN}");
        let needs_release = cx.db.lifecycle().sdk_feature(JS_SDK, &feature).map_or_else(
            || format!("a JavaScript SDK release with `{PKCE_LOGIN}`"),
            |f| format!("JavaScript SDK {} or later", f.first_release),
        );
        let release = match cx.db.lifecycle().sdk_feature(JS_SDK, &feature) {
            Some(f) => match &f.last_release_without {
                Some(without) => format!(
                    " (JavaScript SDK {} or later; {without} lacks it)",
                    f.first_release
                ),
                None => format!(" (JavaScript SDK {} or later)", f.first_release),
            },
            None => String::new(),
        };
        let compatible = flow.sdk_args.is_some_and(|n| n <= 3);
        // The release the file runs with, when a lockfile, package.json or
        // the page's CDN `<script src>` says: one older than the first with
        // `loginPKCEGrant` (or one between the last known without it and
        // the first known with it) cannot take the rename.
        let too_old = cx
            .db
            .lifecycle()
            .sdk_feature(JS_SDK, &feature)
            .and_then(|f| {
                let at = pin_of(cx, flow.span.file)?;
                (version_key(&at.pin.version) < version_key(&f.first_release))
                    .then(|| (at, f.first_release.to_string()))
            });
        let base = Diagnostic::new(
            &META,
            flow.span,
            format!(
                "`{IMPLICIT_LOGIN}` signs in with the {} (TOKEN), {when}",
                retirement.name
            ),
        )
        .label(label.to_string())
        .key(format!("login/{IMPLICIT_LOGIN}"));
        if let Some((at, first)) = too_old {
            let file = &cx.sources.get(at.pin.span.file).rel;
            return base
                .help(format!(
                "upgrade the JavaScript SDK to {first} or later ({file} loads {}, which has no `{PKCE_LOGIN}`), then call `{PKCE_LOGIN}` with the same arguments and give the OAuth client the CODE grant",
                at.pin.version
            ))
                .related(at.pin.span, format!("SDK {} loaded here", at.pin.version));
        }
        let d = base.help(format!(
            "call `{PKCE_LOGIN}` with the same arguments{release} and give the OAuth client the CODE grant"
        ));
        // Only the SDK's own login is renamed: an app's method of the same
        // name on another object has no `loginPKCEGrant` beside it.
        return match compatible && flow.sdk_client {
            true => d.fix(
                edit::replace_span(
                    cx.sources,
                    flow.span,
                    PKCE_LOGIN,
                    format!("call `{PKCE_LOGIN}`"),
                )
                .map(|f| f.unsafe_fix(&format!(
                    "give the OAuth client the code signs in with the Code Authorization grant in Genesys Cloud (Admin > Integrations > OAuth): `{PKCE_LOGIN}` fails against a client that still has the implicit grant; the code must load {needs_release}"
                ))),
            ),
            false => d,
        };
    }
    Diagnostic::new(
        &META,
        flow.span,
        format!(
            "this authorize request asks for `response_type=token`, the {} (TOKEN), {when}",
            retirement.name
        ),
    )
    .label(label.to_string())
    .help(format!(
        "move to {}: request `response_type=code` with a `code_challenge`, then exchange the code and its `code_verifier` at `/oauth/token`",
        retirement.replacement
    ))
    .key("login/response_type=token")
}
