//! The SDK supplement: facts about operations that the swagger does not
//! carry, merged in by `gclint db import --supplement FILE`.
//!
//! ```json
//! {
//!  "format": 1,
//!  "kind": "gclint-sdk-supplement",
//!  "provenance": {"source": "...", "generated": "2026-11-22", "generator": "...", "sources": [...]},
//!  "regions": {"eu_west_1": "mypurecloud.ie", ...},
//!  "sdk": [
//!   {"method": "GET", "path": "/api/v2/users/me", "sdk_classes": ["UsersApi"]},
//!   ...
//!  ],
//!  "operations": [
//!   {"method": "GET", "path": "/api/v2/agentic/virtualagents", "sdk_method": ..., "scopes": null, ...,
//!    "sources": ["npm purecloud-platform-client-v2@262.0.0", ...]},
//!   ...
//!  ]
//! }
//! ```
//!
//! - `sdk`: per swagger operation, the SDK API classes exposing it (`[]`: the
//!   current SDK no longer has it) and, only where it is not the snake case of
//!   the operationId, the Python method name.
//! - `operations`: operations the swagger copy lacks but an SDK (or an older
//!   swagger) has, with their facts; `null` = unknown. The importer adds them
//!   only when the imported swagger does not define them: swagger facts win.
//! - `regions`: region key to environment domain (the SDKs' region hosts;
//!   the swagger names only `api.mypurecloud.com`).

use crate::db::format::json::Perms;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const SUPPLEMENT_FORMAT: u32 = 1;
pub const SUPPLEMENT_KIND: &str = "gclint-sdk-supplement";

#[derive(Debug, Serialize, Deserialize)]
pub struct Supplement {
    pub format: u32,
    pub kind: String,
    pub provenance: SupplementProvenance,
    #[serde(default)]
    pub regions: BTreeMap<String, String>,
    #[serde(default)]
    pub sdk: Vec<SdkFacts>,
    #[serde(default)]
    pub operations: Vec<ExtraOp>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SupplementProvenance {
    /// One line: what the supplement holds and where it comes from.
    pub source: String,
    pub generated: String,
    pub generator: String,
    /// Every upstream source the facts were read from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// SDK facts about an operation the swagger defines.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SdkFacts {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_classes: Option<Vec<String>>,
    /// Only where it differs from the snake case of the operationId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_method_py: Option<String>,
}

/// An operation the swagger copy lacks, with what is known of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtraOp {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub sdk_method: Option<String>,
    #[serde(default)]
    pub sdk_method_py: Option<String>,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// A rule-based guess where `scopes` is unknown; never a fact.
    #[serde(default)]
    pub inferred_scopes: Option<Vec<String>>,
    #[serde(default)]
    pub permissions: Option<Perms>,
    #[serde(default)]
    pub security_scheme: Option<String>,
    #[serde(default)]
    pub deprecated: Option<bool>,
    #[serde(default)]
    pub preview: Option<bool>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub sdk_classes: Option<Vec<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Supplement {
    /// Parses and checks a supplement file's text.
    pub fn from_json(text: &str) -> Result<Supplement, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if value.get("kind").and_then(|k| k.as_str()) != Some(SUPPLEMENT_KIND) {
            return Err(format!(
                "not a gclint SDK supplement (no \"kind\": \"{SUPPLEMENT_KIND}\")"
            ));
        }
        let mut supplement: Supplement =
            serde_json::from_value(value).map_err(|e| e.to_string())?;
        for s in &mut supplement.sdk {
            s.method.make_ascii_uppercase();
        }
        for o in &mut supplement.operations {
            o.method.make_ascii_uppercase();
        }
        if supplement.format != SUPPLEMENT_FORMAT {
            return Err(format!(
                "supplement format {} is not supported (expected {SUPPLEMENT_FORMAT})",
                supplement.format
            ));
        }
        for (method, path) in supplement
            .sdk
            .iter()
            .map(|s| (&s.method, &s.path))
            .chain(supplement.operations.iter().map(|o| (&o.method, &o.path)))
        {
            if !path.starts_with('/') {
                return Err(format!("{method} {path}: the path does not start with /"));
            }
        }
        Ok(supplement)
    }

    /// The JSON text, one operation per line.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        out.push_str(&format!(" \"format\": {},\n", self.format));
        out.push_str(&format!(" \"kind\": {},\n", super::spaced(&self.kind)));
        out.push_str(&format!(
            " \"provenance\": {},\n",
            super::spaced(&self.provenance)
        ));
        out.push_str(&format!(
            " \"regions\": {},\n",
            super::spaced(&self.regions)
        ));
        let lines = |items: Vec<String>| -> String {
            if items.is_empty() {
                "[]".to_string()
            } else {
                format!("[\n  {}\n ]", items.join(",\n  "))
            }
        };
        out.push_str(&format!(
            " \"sdk\": {},\n",
            lines(self.sdk.iter().map(super::spaced).collect())
        ));
        out.push_str(&format!(
            " \"operations\": {}\n}}\n",
            lines(self.operations.iter().map(super::spaced).collect())
        ));
        out
    }
}

/// How the Python names of `operations.json` compare with the derivation.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PythonNameCheck {
    /// Operations with both a JS and a Python name.
    pub compared: usize,
    /// `(js, python)` where the Python name is not the snake case of the JS one.
    pub mismatches: Vec<(String, String)>,
    /// Operations only the Python SDK has (no JS name to derive from).
    pub python_only: usize,
}

/// Reads the reference `operations.json` (merged swagger + SDK facts) and
/// `regions.json` into a supplement. Operations whose `present_in` names the
/// split swagger (`A`) get their SDK facts only; every other operation is
/// carried whole, with its sources.
pub fn from_reference(
    operations_json: &str,
    regions_json: Option<&str>,
    generated: &str,
    input_name: &str,
) -> Result<(Supplement, PythonNameCheck), String> {
    let ops: Vec<serde_json::Value> =
        serde_json::from_str(operations_json).map_err(|e| format!("operations: {e}"))?;
    let mut check = PythonNameCheck::default();
    let mut sdk = Vec::new();
    let mut extra = Vec::new();
    let mut sources = BTreeSet::new();
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
    let list = |v: &serde_json::Value, k: &str| -> Option<Vec<String>> {
        v.get(k)?.as_array().map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
    };
    for (i, op) in ops.iter().enumerate() {
        let (Some(method), Some(path)) = (text(op, "method"), text(op, "path")) else {
            return Err(format!("operation {i} has no method or path"));
        };
        let method = method.to_ascii_uppercase();
        let js = text(op, "sdk_method");
        let py = text(op, "sdk_method_py");
        match (&js, &py) {
            (Some(js), Some(py)) => {
                check.compared += 1;
                if super::python_name(js) != *py {
                    check.mismatches.push((js.clone(), py.clone()));
                }
            }
            (None, Some(_)) => check.python_only += 1,
            _ => {}
        }
        let py_override = match (&js, &py) {
            (Some(js), Some(py)) if super::python_name(js) == *py => None,
            _ => py.clone(),
        };
        sources.extend(list(op, "source").unwrap_or_default());
        let in_swagger = list(op, "present_in").is_some_and(|p| p.iter().any(|x| x == "A"));
        let classes = list(op, "sdk_classes_js");
        if in_swagger {
            sdk.push(SdkFacts {
                method,
                path,
                sdk_classes: classes,
                sdk_method_py: py_override,
            });
            continue;
        }
        let permissions = match op.get("permissions") {
            Some(serde_json::Value::Object(p)) => Some(Perms {
                kind: p.get("type").and_then(|t| t.as_str()).map(String::from),
                list: p
                    .get("list")
                    .and_then(|l| l.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            }),
            _ => None,
        };
        extra.push(ExtraOp {
            method,
            path,
            sdk_method: js,
            sdk_method_py: py,
            scopes: list(op, "scopes"),
            inferred_scopes: list(op, "inferred_scopes"),
            permissions,
            security_scheme: text(op, "security_scheme"),
            deprecated: op.get("deprecated").and_then(|d| d.as_bool()),
            preview: op.get("preview").and_then(|d| d.as_bool()),
            tags: list(op, "tags").unwrap_or_default(),
            sdk_classes: classes,
            summary: None,
            sources: list(op, "source").unwrap_or_default(),
        });
    }
    let key = |m: &String, p: &String| (p.clone(), m.clone());
    sdk.sort_by_key(|s| key(&s.method, &s.path));
    extra.sort_by_key(|o| key(&o.method, &o.path));
    let mut regions = BTreeMap::new();
    let mut regions_source = None;
    if let Some(text) = regions_json {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("regions: {e}"))?;
        let map = value.get("regions").unwrap_or(&value);
        let Some(map) = map.as_object() else {
            return Err("regions: expected an object of region key to domain".into());
        };
        for (k, v) in map {
            if k.starts_with('_') {
                continue;
            }
            let Some(domain) = v.as_str() else {
                return Err(format!("regions: `{k}` is not a domain string"));
            };
            regions.insert(k.clone(), domain.to_string());
        }
        regions_source = value
            .get("_source")
            .and_then(|s| s.as_str())
            .map(String::from);
    }
    if let Some(s) = regions_source {
        sources.insert(format!("regions: {s}"));
    }
    let supplement = Supplement {
        format: SUPPLEMENT_FORMAT,
        kind: SUPPLEMENT_KIND.to_string(),
        provenance: SupplementProvenance {
            source: format!(
                "SDK facts from {input_name}: API classes and Python names of {} swagger operations, {} operations the swagger lacks, {} regions",
                sdk.len(),
                extra.len(),
                regions.len()
            ),
            generated: generated.to_string(),
            generator: format!("gclint db supplement {}", env!("CARGO_PKG_VERSION")),
            sources: sources.into_iter().collect(),
        },
        regions,
        sdk,
        operations: extra,
    };
    Ok((supplement, check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_records_split_by_presence_in_the_swagger() {
        let ops = r#"[
          {"method": "GET", "path": "/api/v2/users/me", "sdk_method": "getUsersMe", "sdk_method_py": "get_users_me",
           "present_in": ["A", "D"], "sdk_classes_js": ["UsersApi"], "source": ["swagger", "npm"]},
          {"method": "GET", "path": "/api/v2/x", "sdk_method": null, "sdk_method_py": "get_x",
           "present_in": ["E"], "sdk_classes_js": [], "scopes": null, "inferred_scopes": ["x"],
           "permissions": {"type": "ALL", "list": ["x:y:view"]}, "security_scheme": "PureCloud OAuth",
           "deprecated": false, "preview": null, "tags": null, "source": ["pypi"]}
        ]"#;
        let regions = r#"{"_source": "SDK hosts", "regions": {"eu_west_1": "mypurecloud.ie"}}"#;
        let (s, check) =
            from_reference(ops, Some(regions), "2026-01-02", "operations.json").unwrap();
        assert_eq!(
            check,
            PythonNameCheck {
                compared: 1,
                mismatches: vec![],
                python_only: 1
            }
        );
        let text = s.to_json();
        let expected = r#"{
 "format": 1,
 "kind": "gclint-sdk-supplement",
 "provenance": {"source": "SDK facts from operations.json: API classes and Python names of 1 swagger operations, 1 operations the swagger lacks, 1 regions", "generated": "2026-01-02", "generator": "gclint db supplement 0.1.0", "sources": ["npm", "pypi", "regions: SDK hosts", "swagger"]},
 "regions": {"eu_west_1": "mypurecloud.ie"},
 "sdk": [
  {"method": "GET", "path": "/api/v2/users/me", "sdk_classes": ["UsersApi"]}
 ],
 "operations": [
  {"method": "GET", "path": "/api/v2/x", "sdk_method": null, "sdk_method_py": "get_x", "scopes": null, "inferred_scopes": ["x"], "permissions": {"type": "ALL", "list": ["x:y:view"]}, "security_scheme": "PureCloud OAuth", "deprecated": false, "preview": null, "tags": [], "sdk_classes": [], "summary": null, "sources": ["pypi"]}
 ]
}
"#
        .replace("gclint db supplement 0.1.0", &format!("gclint db supplement {}", env!("CARGO_PKG_VERSION")));
        assert_eq!(text, expected);
        let back = Supplement::from_json(&text).unwrap();
        assert_eq!(back.operations.len(), 1);
        assert_eq!(
            Supplement::from_json("{\"format\": 1}").unwrap_err(),
            "not a gclint SDK supplement (no \"kind\": \"gclint-sdk-supplement\")"
        );
    }
}
