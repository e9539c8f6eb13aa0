//! The OAuth client Terraform deploys with (`terraform-client` in
//! gclint.toml): the roles the configuration names, or a client of the
//! scanned definitions (or `--client-json`) it names.

use crate::model::{App, DeployClient, OAuthClient, Origin, RoleRef, SpannedList};
use crate::source::{SourceFile, SourceMap, Span, Spanned};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// `terraform-client` as the configuration file writes it.
#[derive(Debug, Clone)]
pub struct TerraformClient {
    /// The configuration file and its text (spans point into it).
    pub path: PathBuf,
    pub text: String,
    /// The key `terraform-client`.
    pub key: Range<usize>,
    /// `role` / `roles`: role names (or ids) the deploy client holds.
    pub roles: Vec<(String, Range<usize>)>,
    /// `client`: a client of the scanned definitions.
    pub client: Option<(String, Range<usize>)>,
}

impl TerraformClient {
    /// The deploy client, with spans into the configuration file (added
    /// to `sources`).
    pub fn apply(&self, app: &mut App, sources: &mut SourceMap, root: &Path) {
        let file = sources.add(SourceFile::new(
            self.path.clone(),
            crate::source::relative(&self.path, root),
            self.text.clone(),
        ));
        let span = |r: &Range<usize>| Span::new(file, r.clone());
        let key = span(&self.key);
        let mut client = OAuthClient {
            // Its scopes, if any, are set in Genesys Cloud.
            scopes_elsewhere: true,
            ..OAuthClient::bare(
                Spanned::new("Terraform deploy client".to_string(), key),
                Origin::Terraform,
                "CLIENT-CREDENTIALS",
                self.path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            )
        };
        let mut defined = None;
        let mut unresolved = None;
        if let Some((name, range)) = &self.client {
            let found = app
                .clients
                .iter()
                .position(|c| c.name.value == *name || c.aliases.iter().any(|a| a == name));
            match found {
                Some(i) => {
                    defined = Some(i);
                    let named = &app.clients[i];
                    client.name = Spanned::new(named.name.value.clone(), span(range));
                    client.roles.clone_from(&named.roles);
                }
                None => {
                    client.name = Spanned::new(name.clone(), span(range));
                    unresolved = Some(name.clone());
                }
            }
        }
        if !self.roles.is_empty() {
            client.roles = Some(SpannedList {
                key,
                items: self
                    .roles
                    .iter()
                    .map(|(name, range)| {
                        Spanned::new(
                            RoleRef::named(Spanned::new(name.clone(), span(range))),
                            span(range),
                        )
                    })
                    .collect(),
            });
        }
        app.deploy = Some(DeployClient {
            client,
            defined,
            unresolved,
        });
    }
}
