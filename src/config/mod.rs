//! Definitions in the formats apps already have: Terraform (CX as Code),
//! the premium-app wizard's `config.js`, and Genesys API JSON. Each reader
//! produces the same model types as the manifest, so every rule works on
//! every format without knowing where a fact came from.
//!
//! Imports only layers below it (docs/architecture.md): `model`, `parse`,
//! `scan`, `source`.

pub mod api_json;
pub mod read;
pub mod terraform;
pub mod wizard;

use crate::model::{OAuthClient, Role, TerraformModule};
use crate::source::Span;

/// What one configuration source contributes.
#[derive(Debug, Default)]
pub struct ConfigRead {
    pub clients: Vec<OAuthClient>,
    pub roles: Vec<Role>,
    pub data_actions: Vec<DataAction>,
    /// A Terraform module's resources, module calls and role grants.
    pub terraform: Option<TerraformModule>,
}

/// A data action: a Platform API call Genesys makes with the integration's
/// credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataAction {
    /// The URL template as written.
    pub span: Span,
    pub method: Option<String>,
    /// `/api/v2/users/${input.userId}`.
    pub path: String,
    /// The alias of the OAuth client whose credentials the action uses, when
    /// the configuration says so.
    pub client: Option<String>,
}

/// The integration type of Genesys Cloud Data Actions: the only data
/// actions that call the Platform API. Web services data actions
/// (`custom-rest-actions`) and the others call the customer's own services.
pub const PLATFORM_ACTIONS: &str = "purecloud-data-actions";

/// Whether a data action runs against the Platform API: never when its
/// URL names another service's host; else by its integration's type when
/// known, else by its URL (a Platform path, or one on a Genesys host;
/// never an expression).
pub fn is_platform_action(integration_type: Option<&str>, url_template: &str) -> bool {
    let url = url_template.trim();
    // A URL with a host is where the request goes: another service's host
    // is never the Platform API, whatever the integration says.
    if let Some((_, host)) = crate::scan::extract::url_host(url) {
        let templated = host.is_empty() || host.contains('{');
        if !templated && !crate::scan::extract::is_genesys_domain(host) {
            return false;
        }
    }
    if let Some(kind) = integration_type {
        return kind == PLATFORM_ACTIONS;
    }
    if url.starts_with("/api/v2/") {
        return true;
    }
    crate::scan::extract::url_host(url).is_some_and(|(_, host)| {
        crate::scan::extract::is_genesys_domain(host) && url.contains("/api/v2/")
    })
}

/// Whether a JavaScript file is a premium-app wizard config, by name and content.
pub fn mentions_provisioning_info(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"provisioningInfo").is_some()
}

/// Whether a file's name is one a premium-app wizard config has.
pub fn is_wizard_config_name(name: &str) -> bool {
    name == "config.js"
        || name == "_config.js"
        || (name.starts_with("config-") && name.ends_with(".js"))
}
