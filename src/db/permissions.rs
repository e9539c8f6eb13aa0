//! The permission catalogue: every `domain:entity:action` permission gclint
//! can read a Genesys Cloud source for — the permissions an operation of
//! the swagger requires (`x-inin-requires-permissions`) and those the
//! Terraform provider's docs list per resource — and, when given, an
//! organisation's own list (the body of `GET /api/v2/authorization/permissions`),
//! which is exact for that organisation.
//!
//! The catalogue is not every permission Genesys Cloud has: a permission no
//! operation requires (one only the user interface checks) is not in it.
//! What it cannot know, it does not claim: see `unknown-permission`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Known permissions by domain, entity and action, looked up without
/// regard to case (`conversationDetail` and `conversationdetail` are the
/// same name to gclint; the catalogue keeps Genesys's spelling).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// Lower-case domain → (spelling, lower-case entity → (spelling,
    /// actions as spelled)).
    tree: BTreeMap<String, Domain>,
    /// One-word permissions (`admin`), lower case → spelling.
    legacy: BTreeMap<String, String>,
    /// Lower-case action word → how many entities have it.
    actions: HashMap<String, usize>,
    count: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Domain {
    name: String,
    entities: BTreeMap<String, Entity>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entity {
    name: String,
    actions: BTreeSet<String>,
}

/// A character Genesys Cloud writes in a permission's part (the catalogue
/// holds letters, digits and `_` only).
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Catalogue {
    /// The catalogue of the permissions named (`domain:entity:action` or a
    /// one-word legacy permission; other shapes are left out).
    pub fn build<'a>(permissions: impl IntoIterator<Item = &'a str>) -> Catalogue {
        let mut out = Catalogue::default();
        // Operations name the same permissions thousands of times: each
        // text is added once.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for p in permissions {
            let p = p.trim();
            if seen.insert(p) {
                out.add(p);
            }
        }
        out
    }

    fn add(&mut self, p: &str) {
        let parts: Vec<&str> = p.split(':').collect();
        let named = |s: &str| !s.is_empty() && s.chars().all(is_name_char);
        match parts.as_slice() {
            [word] if named(word) => {
                let new = self
                    .legacy
                    .insert(word.to_ascii_lowercase(), word.to_string())
                    .is_none();
                self.count += usize::from(new);
            }
            [d, e, a] if named(d) && named(e) && named(a) => {
                let domain = self
                    .tree
                    .entry(d.to_ascii_lowercase())
                    .or_insert_with(|| Domain {
                        name: d.to_string(),
                        entities: BTreeMap::new(),
                    });
                let entity = domain
                    .entities
                    .entry(e.to_ascii_lowercase())
                    .or_insert_with(|| Entity {
                        name: e.to_string(),
                        actions: BTreeSet::new(),
                    });
                let new = !entity.actions.iter().any(|x| x.eq_ignore_ascii_case(a));
                if new {
                    entity.actions.insert(a.to_string());
                    *self.actions.entry(a.to_ascii_lowercase()).or_insert(0) += 1;
                    self.count += 1;
                }
            }
            _ => {}
        }
    }

    /// How many permissions it holds.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// How many domains and entities.
    pub fn domains_and_entities(&self) -> (usize, usize) {
        let entities = self.tree.values().map(|d| d.entities.len()).sum();
        (self.tree.len(), entities)
    }

    /// How many distinct action words.
    pub fn action_words(&self) -> usize {
        self.actions.len()
    }

    /// Every permission, `domain:entity:action` as spelled, then the
    /// one-word ones, sorted.
    pub fn all(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .tree
            .values()
            .flat_map(|d| {
                d.entities.values().flat_map(move |e| {
                    e.actions
                        .iter()
                        .map(move |a| format!("{}:{}:{a}", d.name, e.name))
                })
            })
            .collect();
        out.sort();
        out.extend(self.legacy.values().cloned());
        out
    }

    /// Whether it holds exactly this permission (case aside).
    pub fn contains(&self, permission: &str) -> bool {
        match permission.split(':').collect::<Vec<_>>().as_slice() {
            [word] => self.legacy.contains_key(&word.to_ascii_lowercase()),
            [d, e, a] => self
                .entity(d, e)
                .is_some_and(|x| x.actions.iter().any(|y| y.eq_ignore_ascii_case(a))),
            _ => false,
        }
    }

    fn entity(&self, domain: &str, entity: &str) -> Option<&Entity> {
        self.tree
            .get(&domain.to_ascii_lowercase())?
            .entities
            .get(&entity.to_ascii_lowercase())
    }

    /// The permissions a grant written `domain:entity:action` covers, each
    /// part `*` or a name; sorted, as spelled here.
    pub fn expand(&self, domain: &str, entity: &str, action: &str) -> Vec<String> {
        let fits = |pattern: &str, name: &str| pattern == "*" || pattern.eq_ignore_ascii_case(name);
        let mut out = Vec::new();
        for d in self.tree.values().filter(|d| fits(domain, &d.name)) {
            for e in d.entities.values().filter(|e| fits(entity, &e.name)) {
                for a in e.actions.iter().filter(|a| fits(action, a)) {
                    out.push(format!("{}:{}:{a}", d.name, e.name));
                }
            }
        }
        out.sort();
        out
    }

    /// Whether a domain is named (as spelled here).
    pub fn domain(&self, domain: &str) -> Option<&str> {
        self.tree
            .get(&domain.to_ascii_lowercase())
            .map(|d| d.name.as_str())
    }

    /// The entities of the domains a pattern part matches (`*`: every
    /// domain), as spelled, sorted.
    pub fn entities(&self, domain: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .tree
            .values()
            .filter(|d| domain == "*" || d.name.eq_ignore_ascii_case(domain))
            .flat_map(|d| d.entities.values().map(|e| e.name.as_str()))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The actions of the entities a pattern matches, as spelled, sorted.
    pub fn actions(&self, domain: &str, entity: &str) -> Vec<&str> {
        let fits = |pattern: &str, name: &str| pattern == "*" || pattern.eq_ignore_ascii_case(name);
        let mut out: Vec<&str> = self
            .tree
            .values()
            .filter(|d| fits(domain, &d.name))
            .flat_map(|d| d.entities.values())
            .filter(|e| fits(entity, &e.name))
            .flat_map(|e| e.actions.iter().map(String::as_str))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many entities have an action word (0: no permission of the
    /// catalogue has it).
    pub fn action_use(&self, action: &str) -> usize {
        self.actions
            .get(&action.to_ascii_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// The entities that have an action word, `domain:entity`, sorted.
    pub fn entities_with_action(&self, action: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .tree
            .values()
            .flat_map(|d| {
                d.entities
                    .values()
                    .filter(|e| e.actions.iter().any(|a| a.eq_ignore_ascii_case(action)))
                    .map(move |e| format!("{}:{}", d.name, e.name))
            })
            .collect();
        out.sort();
        out
    }

    /// The names among `candidates` closest to `name`, best first: at most
    /// `limit`, each alike enough to be a misspelling.
    pub fn closest<'a>(name: &str, candidates: &[&'a str], limit: usize) -> Vec<&'a str> {
        let wanted = name.to_ascii_lowercase();
        let mut scored: Vec<(f64, &str)> = candidates
            .iter()
            .map(|c| (strsim::jaro_winkler(&wanted, &c.to_ascii_lowercase()), *c))
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, c)| c).collect()
    }

    /// Domain names, as spelled.
    pub fn domains(&self) -> Vec<&str> {
        self.tree.values().map(|d| d.name.as_str()).collect()
    }
}

/// An organisation's own permissions: its export of
/// `GET /api/v2/authorization/permissions`, which lists every permission
/// the organisation has (its products and features decide which).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgPermissions {
    /// Where it was read from, as shown.
    pub file: String,
    pub catalogue: Catalogue,
}

impl OrgPermissions {
    /// Reads an export: the body of `GET /api/v2/authorization/permissions`
    /// (a `PermissionCollectionEntityListing`: `entities`, each a
    /// `DomainPermissionCollection` whose `permissionMap` maps each entity
    /// type to its `DomainPermission`s), several such pages in an array, an
    /// array of the collections, or an array of `DomainPermission`s.
    pub fn from_json(text: &str, file: &str) -> Result<OrgPermissions, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut found: Vec<String> = Vec::new();
        collect(&value, &mut found, 0);
        if found.is_empty() {
            return Err("no permission found: expected the body of GET /api/v2/authorization/permissions (`entities`, each with a `permissionMap`)".into());
        }
        Ok(OrgPermissions {
            file: file.to_string(),
            catalogue: Catalogue::build(found.iter().map(String::as_str)),
        })
    }
}

/// The permissions of one JSON value of an export (an array of pages, each
/// with its `entities`, is as deep as it nests).
fn collect(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    use serde_json::Value;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    match value {
        Value::Array(items) if depth < 4 => {
            for item in items {
                collect(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(entities) = map.get("entities") {
                if depth < 4 {
                    collect(entities, out, depth + 1);
                }
                return;
            }
            if let Some(Value::Object(by_entity)) = map.get("permissionMap") {
                let domain = text(map.get("domain"));
                for (entity, list) in by_entity {
                    for p in list.as_array().into_iter().flatten() {
                        let d = text(p.get("domain")).or_else(|| domain.clone());
                        let e = text(p.get("entityType")).unwrap_or_else(|| entity.clone());
                        if let (Some(d), Some(a)) = (d, text(p.get("action"))) {
                            out.push(format!("{d}:{e}:{a}"));
                        }
                    }
                }
                return;
            }
            if let (Some(d), Some(e), Some(a)) = (
                text(map.get("domain")),
                text(map.get("entityType")),
                text(map.get("action")),
            ) {
                out.push(format!("{d}:{e}:{a}"));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::build([
            "routing:queue:view",
            "routing:queue:edit",
            "routing:queueMember:manage",
            "analytics:conversationDetail:view",
            "billing:subscription:read",
            "admin",
            "not a permission",
            "a:b",
        ])
    }

    #[test]
    fn holds_three_part_and_one_word_permissions() {
        let c = catalogue();
        assert_eq!(c.len(), 6);
        assert!(c.contains("routing:queue:view"));
        assert!(c.contains("analytics:conversationdetail:VIEW"));
        assert!(c.contains("admin"));
        assert!(!c.contains("routing:queue:read"));
        assert!(!c.contains("a:b"));
        assert_eq!(c.domains_and_entities(), (3, 4));
        assert_eq!(c.action_use("view"), 2);
        assert_eq!(c.action_use("read"), 1);
        assert_eq!(c.action_use("write"), 0);
        assert_eq!(c.entities_with_action("read"), ["billing:subscription"]);
    }

    #[test]
    fn wildcards_expand_part_by_part() {
        let c = catalogue();
        assert_eq!(
            c.expand("routing", "*", "*"),
            [
                "routing:queue:edit",
                "routing:queue:view",
                "routing:queueMember:manage"
            ]
        );
        assert_eq!(
            c.expand("*", "*", "view"),
            ["analytics:conversationDetail:view", "routing:queue:view"]
        );
        assert!(c.expand("routing", "*", "read").is_empty());
        assert_eq!(c.entities("routing"), ["queue", "queueMember"]);
        assert_eq!(c.actions("routing", "queue"), ["edit", "view"]);
        assert_eq!(Catalogue::closest("routng", &c.domains(), 3), ["routing"]);
    }

    #[test]
    fn an_export_in_each_shape() {
        let page = r#"{"entities": [{"id": "routing", "domain": "routing", "permissionMap": {
            "queue": [{"domain": "routing", "entityType": "queue", "action": "view", "label": "View", "allowsConditions": false, "divisionAware": true},
                      {"domain": "routing", "entityType": "queue", "action": "edit"}],
            "skill": [{"action": "assign"}]}}], "pageSize": 25, "pageNumber": 1}"#;
        let org = OrgPermissions::from_json(page, "perms.json").unwrap();
        assert_eq!(
            org.catalogue.all(),
            [
                "routing:queue:edit",
                "routing:queue:view",
                "routing:skill:assign"
            ]
        );
        let pages = format!("[{page}, {page}]");
        assert_eq!(
            OrgPermissions::from_json(&pages, "p")
                .unwrap()
                .catalogue
                .len(),
            3
        );
        let flat = r#"[{"domain": "oauth", "entityType": "client", "action": "view"}]"#;
        assert_eq!(
            OrgPermissions::from_json(flat, "p")
                .unwrap()
                .catalogue
                .all(),
            ["oauth:client:view"]
        );
        assert!(OrgPermissions::from_json(r#"{"entities": []}"#, "p").is_err());
        assert!(OrgPermissions::from_json("not json", "p").is_err());
    }
}
