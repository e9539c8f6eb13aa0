//! The database pipeline: `db import` against the reference data, `db diff`,
//! `db info`, `--db` / `GCLINT_DB`.
//!
//! Tests marked "reference data" read `reference/genesys-api` (the split
//! swagger, operations.json and regions.json, kept in the repository).

mod common;

use common::{gclint, root, run_in, Run};
use gclint::import;
use gclint::import::supplement::Supplement;
use gclint::import::swagger::SwaggerDoc;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The reference data folder of the repository.
fn reference() -> PathBuf {
    let dir = root().join("reference/genesys-api");
    assert!(
        dir.join("operations.json").is_file() && dir.join("swagger-split").is_dir(),
        "{} is missing: the repository keeps the Genesys reference data there",
        dir.display()
    );
    dir
}

fn split_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("swagger-split"))
        .expect("swagger-split is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

/// The split swagger, read once per test run (seconds in a debug build).
fn split_docs(dir: &Path) -> &'static [SwaggerDoc] {
    static DOCS: OnceLock<Vec<SwaggerDoc>> = OnceLock::new();
    DOCS.get_or_init(|| import::read_swaggers(&split_files(dir)).expect("the split swagger reads"))
}

fn reference_ops(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("operations.json")).expect("operations.json");
    serde_json::from_str(&text).expect("operations.json is JSON")
}

/// Reference data: for every operation of the split swagger, the imported
/// scopes and permissions are exactly those of operations.json.
#[test]
fn split_swagger_reproduces_scopes_and_permissions_of_every_operation() {
    let dir = reference();
    let docs = split_docs(&dir);
    assert_eq!(docs.len(), 87);
    let imported = import::import(docs, None, "2026-01-01").expect("imports");
    let reference: std::collections::HashMap<(String, String), Value> = reference_ops(&dir)
        .into_iter()
        .map(|o| {
            (
                (
                    o["method"].as_str().unwrap().to_string(),
                    o["path"].as_str().unwrap().to_string(),
                ),
                o,
            )
        })
        .collect();
    let ops = &imported.file.operations;
    assert_eq!(ops.len(), 3180);
    let mut mismatches = Vec::new();
    for op in ops {
        let Some(r) = reference.get(&(op.method.clone(), op.path.clone())) else {
            mismatches.push(format!("{} {}: not in operations.json", op.method, op.path));
            continue;
        };
        let scopes = serde_json::to_value(&op.scopes).unwrap();
        if scopes != r["scopes"] {
            mismatches.push(format!(
                "{} {}: scopes {scopes} != {}",
                op.method, op.path, r["scopes"]
            ));
        }
        let perms = op
            .permissions
            .as_ref()
            .expect("swagger permissions are known");
        let perms = json!({"type": perms.kind, "list": perms.list});
        if perms != r["permissions"] {
            mismatches.push(format!(
                "{} {}: permissions {perms} != {}",
                op.method, op.path, r["permissions"]
            ));
        }
        // The other swagger facts agree too.
        for (field, ours) in [
            ("sdk_method", json!(op.sdk_method)),
            ("security_scheme", json!(op.security_scheme)),
            ("deprecated", json!(op.deprecated)),
            ("preview", json!(op.preview)),
        ] {
            if ours != r[field] {
                mismatches.push(format!(
                    "{} {}: {field} {ours} != {}",
                    op.method, op.path, r[field]
                ));
            }
        }
    }
    assert_eq!(mismatches, Vec::<String>::new());
    // And the swagger defines exactly the operations operations.json says it does.
    let in_split = reference
        .values()
        .filter(|o| o["present_in"].as_array().unwrap().contains(&json!("A")))
        .count();
    assert_eq!(in_split, ops.len());
    let counts = imported.file.provenance.counts.unwrap();
    assert_eq!(counts.from_swagger, 3180);
    assert_eq!(counts.defined_in_several_files, 143);
}

/// Reference data: the Python name derived from the operationId is the
/// Python SDK's, for every operation that has both names.
#[test]
fn python_names_are_the_snake_case_of_the_operation_id() {
    let dir = reference();
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for o in reference_ops(&dir) {
        if let (Some(js), Some(py)) = (o["sdk_method"].as_str(), o["sdk_method_py"].as_str()) {
            compared += 1;
            if import::python_name(js) != py {
                mismatches.push(format!("{js} -> {py}"));
            }
        }
    }
    assert_eq!(compared, 3356);
    assert_eq!(mismatches, Vec::<String>::new());
}

/// Reference data: the shipped database is what the README's regeneration
/// command writes (only the import date and importer version may differ).
#[test]
fn shipped_database_is_the_importer_output() {
    let dir = reference();
    let shipped = std::fs::read_to_string(root().join("rules/genesys-api.json")).unwrap();
    let shipped_json: Value = serde_json::from_str(&shipped).unwrap();
    let supplement = Supplement::from_json(
        &std::fs::read_to_string(root().join("rules/sdk-supplement.json")).unwrap(),
    )
    .unwrap();
    let date = shipped_json["provenance"]["imported"].as_str().unwrap();
    let mut imported = import::import(
        split_docs(&dir),
        Some(("rules/sdk-supplement.json", &supplement)),
        date,
    )
    .unwrap();
    imported.file.lifecycle = gclint::import::lifecycle::read(
        &std::fs::read_to_string(root().join("rules/lifecycle.json")).unwrap(),
        "rules/lifecycle.json",
    )
    .unwrap();
    let mut history: gclint::db::format::json::HistoryFile = serde_json::from_str(
        &std::fs::read_to_string(root().join("rules/sdk-history.json")).unwrap(),
    )
    .unwrap();
    history.file = "rules/sdk-history.json".into();
    import::attach_history(&mut imported.file, history).unwrap();
    let mut terraform: gclint::db::format::json::TerraformFile = serde_json::from_str(
        &std::fs::read_to_string(root().join("rules/terraform-resources.json")).unwrap(),
    )
    .unwrap();
    terraform.file = "rules/terraform-resources.json".into();
    imported.file.terraform = Some(terraform);
    imported.file.provenance.importer = shipped_json["provenance"]["importer"]
        .as_str()
        .unwrap()
        .to_string()
        .into();
    assert_eq!(imported.warnings, Vec::<String>::new());
    let text = import::write_database(&imported.file);
    if text != shipped {
        let first = text
            .lines()
            .zip(shipped.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("\nimporter: {a}\nshipped:  {b}"))
            .unwrap_or_default();
        panic!(
            "rules/genesys-api.json is not the importer's output; regenerate it (README){first}"
        );
    }
}

/// Reference data: the supplement in rules/ is what `gclint db supplement`
/// writes from operations.json and regions.json.
#[test]
fn shipped_supplement_is_generated_from_the_reference_data() {
    let dir = reference();
    let shipped = std::fs::read_to_string(root().join("rules/sdk-supplement.json")).unwrap();
    let shipped_json: Value = serde_json::from_str(&shipped).unwrap();
    let (supplement, check) = gclint::import::supplement::from_reference(
        &std::fs::read_to_string(dir.join("operations.json")).unwrap(),
        Some(&std::fs::read_to_string(dir.join("regions.json")).unwrap()),
        shipped_json["provenance"]["generated"].as_str().unwrap(),
        "operations.json",
    )
    .unwrap();
    assert_eq!(check.mismatches, Vec::<(String, String)>::new());
    assert_eq!(check.python_only, 49);
    let mut text = supplement.to_json();
    let generator = shipped_json["provenance"]["generator"].as_str().unwrap();
    text = text.replace(
        &format!("gclint db supplement {}", env!("CARGO_PKG_VERSION")),
        generator,
    );
    assert!(
        text == shipped,
        "rules/sdk-supplement.json is stale; regenerate it (README)"
    );
}

// ---------------------------------------------------------------------------
// Small swaggers written by the tests.

fn widgets_swagger() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"version": "v2-test", "title": "Widgets"},
        "paths": {
            "/api/v2/widgets": {
                "get": {
                    "tags": ["Widgets"],
                    "summary": "List widgets.",
                    "operationId": "getWidgets",
                    "x-purecloud-method-name": "getWidgets",
                    "security": [{"PureCloud OAuth": ["widgets", "widgets:readonly"]}],
                    "x-inin-requires-permissions": {"type": "ANY", "permissions": ["widgets:widget:view"]},
                    "responses": {"200": {"description": "ok"}}
                }
            },
            "/api/v2/widgets/{widgetId}": {
                "delete": {
                    "tags": ["Widgets", "Gadget Works"],
                    "summary": "Delete a widget.",
                    "description": "Deprecated. Use DELETE /api/v2/widgets/{widgetId}/retire instead.",
                    "operationId": "deleteWidget",
                    "x-purecloud-method-name": "deleteWidget",
                    "security": [{"PureCloud OAuth": ["widgets"]}],
                    "x-inin-requires-permissions": {"type": "ALL", "permissions": ["widgets:widget:delete"]},
                    "deprecated": true
                },
                "get": {
                    "tags": ["Widgets"],
                    "operationId": "getWidget",
                    "security": [{"Guest Chat JWT": []}]
                }
            }
        }
    })
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn run(&self, args: &[&str]) -> Run {
        run_in(self.0.path(), args)
    }
}

fn import_ok(dir: &Dir, swagger: &str, out: &str) {
    let run = dir.run(&["db", "import", swagger, "-o", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn import_without_supplement_derives_sdk_names_and_classes() {
    let dir = Dir::new();
    dir.write("widgets.json", &widgets_swagger().to_string());
    let run = dir.run(&["db", "import", "widgets.json", "-o", "db.json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "wrote db.json: 3 operations (3 from 1 swagger file, 0 from the supplement), 2 scopes, 0 regions in "
        ),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path("db.json")).unwrap();
    let ops: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  {\"method\""))
        .collect();
    assert_eq!(
        ops,
        [
            r#"  {"method": "GET", "path": "/api/v2/widgets", "sdk_method": "getWidgets", "sdk_method_py": "get_widgets", "scopes": ["widgets", "widgets:readonly"], "inferred_scopes": null, "permissions": {"type": "ANY", "list": ["widgets:widget:view"]}, "security_scheme": "PureCloud OAuth", "deprecated": false, "deprecation_note": null, "preview": false, "tags": ["Widgets"], "sdk_classes": ["WidgetsApi"], "summary": "List widgets."},"#,
            r#"  {"method": "DELETE", "path": "/api/v2/widgets/{widgetId}", "sdk_method": "deleteWidget", "sdk_method_py": "delete_widget", "scopes": ["widgets"], "inferred_scopes": null, "permissions": {"type": "ALL", "list": ["widgets:widget:delete"]}, "security_scheme": "PureCloud OAuth", "deprecated": true, "deprecation_note": "Deprecated. Use DELETE /api/v2/widgets/{widgetId}/retire instead.", "preview": false, "tags": ["Widgets", "Gadget Works"], "sdk_classes": ["WidgetsApi", "GadgetWorksApi"], "summary": "Delete a widget."},"#,
            r#"  {"method": "GET", "path": "/api/v2/widgets/{widgetId}", "sdk_method": "getWidget", "sdk_method_py": "get_widget", "scopes": [], "inferred_scopes": null, "permissions": {"type": null, "list": []}, "security_scheme": "Guest Chat JWT", "deprecated": false, "deprecation_note": null, "preview": false, "tags": ["Widgets"], "sdk_classes": ["WidgetsApi"], "summary": null}"#,
        ]
    );
    assert!(text.contains("\n \"scopes\": [\"widgets\", \"widgets:readonly\"],\n"));
}

#[test]
fn import_merges_the_supplement_and_swagger_facts_win() {
    let dir = Dir::new();
    dir.write("widgets.json", &widgets_swagger().to_string());
    let supplement = json!({
        "format": 1,
        "kind": "gclint-sdk-supplement",
        "provenance": {"source": "test SDK facts", "generated": "2026-01-02", "generator": "hand", "sources": ["npm test@1"]},
        "regions": {"eu_west_1": "mypurecloud.ie"},
        "sdk": [
            {"method": "GET", "path": "/api/v2/widgets", "sdk_classes": ["WidgetsApi", "GadgetsApi"]},
            {"method": "delete", "path": "/api/v2/widgets/{widgetId}", "sdk_classes": []},
            {"method": "GET", "path": "/api/v2/gone", "sdk_classes": ["GoneApi"]}
        ],
        "operations": [
            {"method": "GET", "path": "/api/v2/widgets/{widgetId}", "sdk_method": "getWidget", "scopes": ["made-up"],
             "sdk_classes": ["WidgetsApi"], "sources": ["npm test@1"]},
            {"method": "POST", "path": "/api/v2/sprockets", "sdk_method": null, "sdk_method_py": "post_sprockets",
             "scopes": null, "inferred_scopes": ["sprockets"], "permissions": null, "security_scheme": "PureCloud OAuth",
             "deprecated": false, "preview": true, "tags": ["Sprockets"], "sdk_classes": [], "sources": ["pypi test@2"]}
        ]
    });
    dir.write("supplement.json", &supplement.to_string());
    let run = dir.run(&[
        "db",
        "import",
        "widgets.json",
        "--supplement",
        "supplement.json",
        "-o",
        "db.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("db.json")).unwrap()).unwrap();
    let ops = db["operations"].as_array().unwrap();
    let brief: Vec<String> = ops
        .iter()
        .map(|o| {
            format!(
                "{} {} scopes={} inferred={} classes={} py={} preview={}",
                o["method"].as_str().unwrap(),
                o["path"].as_str().unwrap(),
                o["scopes"],
                o["inferred_scopes"],
                o["sdk_classes"],
                o["sdk_method_py"],
                o["preview"]
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            "POST /api/v2/sprockets scopes=null inferred=[\"sprockets\"] classes=[] py=\"post_sprockets\" preview=true",
            "GET /api/v2/widgets scopes=[\"widgets\",\"widgets:readonly\"] inferred=null classes=[\"WidgetsApi\",\"GadgetsApi\"] py=\"get_widgets\" preview=false",
            "DELETE /api/v2/widgets/{widgetId} scopes=[\"widgets\"] inferred=null classes=[] py=\"delete_widget\" preview=false",
            // The swagger's facts win over the supplement's record; its SDK classes fill in.
            "GET /api/v2/widgets/{widgetId} scopes=[] inferred=null classes=[\"WidgetsApi\"] py=\"get_widget\" preview=false",
        ]
    );
    assert_eq!(db["regions"], json!({"eu_west_1": "mypurecloud.ie"}));
    assert_eq!(db["scopes"], json!(["widgets", "widgets:readonly"]));
    assert_eq!(
        db["provenance"]["source"],
        "Genesys Cloud Platform API swagger (1 file, info.version v2-test) merged with SDK facts from supplement.json"
    );
    assert_eq!(
        db["provenance"]["supplement"],
        "supplement.json: test SDK facts (generated 2026-01-02 by hand)"
    );
    assert_eq!(db["provenance"]["swagger_files"], json!(["widgets.json"]));
    assert_eq!(
        db["provenance"]["counts"],
        json!({"operations": 4, "from_swagger": 3, "from_supplement": 1, "sdk_classes_from_supplement": 3,
               "python_names_from_supplement": 0, "defined_in_several_files": 0})
    );
}

#[test]
fn yaml_split_copies_merge_their_tags() {
    let dir = Dir::new();
    let part = |tag: &str| {
        format!(
            "swagger: '2.0'\ninfo:\n  version: v2\npaths:\n  /api/v2/users/me:\n    get:\n      tags:\n      - {tag}\n      operationId: getUsersMe\n      security:\n      - PureCloud OAuth:\n        - users\n"
        )
    };
    dir.write("b-users.yml", &part("Users"));
    dir.write("a-agent.yml", &part("Agent UI"));
    let run = dir.run(&[
        "db",
        "import",
        "b-users.yml",
        "a-agent.yml",
        "-o",
        "db.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("db.json")).unwrap()).unwrap();
    // Files are read in path order: a-agent.yml first.
    assert_eq!(db["operations"][0]["tags"], json!(["Agent UI", "Users"]));
    assert_eq!(
        db["operations"][0]["sdk_classes"],
        json!(["AgentUIApi", "UsersApi"])
    );
    assert_eq!(
        db["provenance"]["swagger_files"],
        json!(["a-agent.yml", "b-users.yml"])
    );
    assert_eq!(db["provenance"]["counts"]["defined_in_several_files"], 1);
    // A folder stands for its swagger files.
    std::fs::create_dir(dir.path("split")).unwrap();
    for name in ["a-agent.yml", "b-users.yml"] {
        std::fs::rename(dir.path(name), dir.path("split").join(name)).unwrap();
    }
    dir.write("split/notes.txt", "not a swagger");
    let run = dir.run(&["db", "import", "split", "-o", "folder.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let from_folder: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("folder.json")).unwrap()).unwrap();
    assert_eq!(from_folder["operations"], db["operations"]);
    std::fs::create_dir(dir.path("empty")).unwrap();
    let run = dir.run(&["db", "import", "empty", "-o", "x.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: empty: the folder holds no .json, .yml or .yaml file\n"
    );
}

#[test]
fn malformed_swagger_exits_2_naming_file_and_position() {
    let dir = Dir::new();
    dir.write(
        "bad.yml",
        "swagger: '2.0'\npaths:\n  /api/v2/users/me:\n    get:\n      tags: [Users\n      operationId: x\n",
    );
    let run = dir.run(&["db", "import", "bad.yml", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: bad.yml:6:18: illegal placement of ':' indicator\n"
    );
    assert!(!dir.path("db.json").exists());

    dir.write(
        "types.yml",
        "swagger: '2.0'\npaths:\n  /api/v2/users/me:\n    get:\n      security: PureCloud OAuth\n",
    );
    let run = dir.run(&["db", "import", "types.yml", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: types.yml:5:17: invalid type: string \"PureCloud OAuth\", expected a sequence\n"
    );

    dir.write(
        "perm.json",
        r#"{"swagger": "2.0", "paths": {"/api/v2/a": {"get": {"x-inin-requires-permissions": {"type": "SOME", "permissions": []}}}}}"#,
    );
    let run = dir.run(&["db", "import", "perm.json", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: perm.json:1:97: unknown variant `SOME`, expected `ANY` or `ALL`\n"
    );

    dir.write("empty.json", "");
    let run = dir.run(&["db", "import", "empty.json", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: empty.json:1:1: EOF while parsing a value\n"
    );

    dir.write(
        "relative.json",
        r#"{"swagger": "2.0", "paths": {"api/v2/a": {"get": {}}}}"#,
    );
    let run = dir.run(&["db", "import", "relative.json", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: relative.json: path `api/v2/a` does not start with /\n"
    );

    let run = dir.run(&["db", "import", "missing.json", "-o", "db.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: missing.json: cannot read: No such file or directory (os error 2)\n"
    );

    dir.write("widgets.json", &widgets_swagger().to_string());
    dir.write("supp.json", "{\"format\": 1}");
    let run = dir.run(&[
        "db",
        "import",
        "widgets.json",
        "--supplement",
        "supp.json",
        "-o",
        "db.json",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: supp.json: not a gclint SDK supplement: not a gclint SDK supplement (no \"kind\": \"gclint-sdk-supplement\")\n"
    );
}

// ---------------------------------------------------------------------------
// db diff

#[test]
fn db_diff_reports_a_changed_scope_and_an_added_operation() {
    let dir = Dir::new();
    let old = widgets_swagger();
    let mut new = old.clone();
    new["paths"]["/api/v2/widgets"]["get"]["security"] =
        json!([{"PureCloud OAuth": ["widgets:readonly"]}]);
    new["paths"]["/api/v2/widgets"]["post"] = json!({
        "tags": ["Widgets"],
        "operationId": "postWidgets",
        "security": [{"PureCloud OAuth": ["widgets"]}],
        "x-inin-requires-permissions": {"type": "ALL", "permissions": ["widgets:widget:add"]}
    });
    dir.write("old.json", &old.to_string());
    dir.write("new.json", &new.to_string());
    import_ok(&dir, "old.json", "old-db.json");
    import_ok(&dir, "new.json", "new-db.json");

    let run = dir.run(&["db", "diff", "old-db.json", "new-db.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "added operations (1):
  + POST /api/v2/widgets (postWidgets)
changed operations (1):
  ~ GET /api/v2/widgets (getWidgets)
      scopes: `widgets`, `widgets:readonly` -> `widgets:readonly` (removed `widgets`)
1 added, 0 removed, 1 changed
"
    );

    let run = dir.run(&[
        "db",
        "diff",
        "old-db.json",
        "new-db.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report,
        json!({
            "identical": false,
            "added": [{"method": "POST", "path": "/api/v2/widgets", "sdk_method": "postWidgets"}],
            "removed": [],
            "changed": [{
                "method": "GET", "path": "/api/v2/widgets", "sdk_method": "getWidgets",
                "scopes": {
                    "old": ["widgets", "widgets:readonly"],
                    "new": ["widgets:readonly"],
                    "added": [],
                    "removed": ["widgets"]
                }
            }],
            "scopes_added": [],
            "scopes_removed": [],
            "facts": []
        })
    );

    let same = dir.run(&["db", "diff", "old-db.json", "old-db.json"]);
    assert_eq!(same.code, 0);
    assert_eq!(
        same.stdout,
        "no differences in operations, scopes, permissions, security schemes, deprecation or preview status\n"
    );
}

#[test]
fn db_diff_reports_permissions_status_and_removals() {
    let dir = Dir::new();
    let old = widgets_swagger();
    let mut new = old.clone();
    let paths = new["paths"].as_object_mut().unwrap();
    let item = paths["/api/v2/widgets/{widgetId}"].as_object_mut().unwrap();
    item.remove("get");
    let del = &mut item["delete"];
    del["deprecated"] = json!(false);
    del["x-genesys-preview"] = json!(true);
    del["x-inin-requires-permissions"] =
        json!({"type": "ANY", "permissions": ["widgets:widget:delete", "widgets:widget:admin"]});
    del["security"] = json!([{"PureCloud OAuth": ["widgets", "gadgets"]}]);
    dir.write("old.json", &old.to_string());
    dir.write("new.json", &new.to_string());
    import_ok(&dir, "old.json", "old-db.json");
    import_ok(&dir, "new.json", "new-db.json");
    let run = dir.run(&["db", "diff", "old-db.json", "new-db.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "removed operations (1):
  - GET /api/v2/widgets/{widgetId} (getWidget)
changed operations (1):
  ~ DELETE /api/v2/widgets/{widgetId} (deleteWidget)
      scopes: `widgets` -> `gadgets`, `widgets` (added `gadgets`)
      permissions: ALL of `widgets:widget:delete` -> ANY of `widgets:widget:admin`, `widgets:widget:delete`
      deprecated: yes -> no
      preview: no -> yes
scopes added to the catalog: `gadgets`
0 added, 1 removed, 1 changed
"
    );
    // Back the other way: the deprecation note comes along.
    let run = dir.run(&["db", "diff", "new-db.json", "old-db.json"]);
    assert!(run.stdout.contains(
        "      deprecated: no -> yes (\"Deprecated. Use DELETE /api/v2/widgets/{widgetId}/retire instead.\")\n"
    ));
}

#[test]
fn db_diff_of_an_unreadable_file_exits_2() {
    let dir = Dir::new();
    dir.write("widgets.json", &widgets_swagger().to_string());
    import_ok(&dir, "widgets.json", "db.json");
    dir.write("swagger.json", "{\"swagger\": \"2.0\"}");
    let run = dir.run(&["db", "diff", "db.json", "swagger.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: swagger.json: not a gclint database: missing field `format` at line 1 column 18\n"
    );
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------
// --db / GCLINT_DB

#[test]
fn db_flag_and_env_change_what_endpoint_answers() {
    let dir = Dir::new();
    dir.write("widgets.json", &widgets_swagger().to_string());
    import_ok(&dir, "widgets.json", "tiny.json");

    let embedded = dir.run(&["endpoint", "getWidgets"]);
    assert_eq!(embedded.code, 1);
    assert!(embedded
        .stdout
        .starts_with("`getWidgets` is neither an API path nor an SDK method name\n"));

    let expected = "GET /api/v2/widgets  (getWidgets)
  summary      List widgets.
  scopes       any one of `widgets` or `widgets:readonly`
  permissions  `widgets:widget:view`
  auth         OAuth bearer token (PureCloud OAuth)
  SDK          JS/Java getWidgets · Python get_widgets · .NET/Go GetWidgets
  API classes  WidgetsApi
  status       current
";
    let by_flag = dir.run(&["--db", "tiny.json", "endpoint", "getWidgets"]);
    assert_eq!(by_flag.code, 0, "{}", by_flag.stderr);
    assert_eq!(by_flag.stdout, expected);
    // The flag is global: it may follow the subcommand.
    let after = dir.run(&["endpoint", "get_widgets", "--db", "tiny.json"]);
    assert_eq!(after.stdout, expected);

    let by_env = gclint()
        .current_dir(dir.0.path())
        .env("GCLINT_DB", "tiny.json")
        .args(["endpoint", "GET /api/v2/widgets"])
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&by_env.stdout), expected);

    // The tiny database does not know the real API.
    let run = dir.run(&["--db", "tiny.json", "endpoint", "getUsersMe"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "`getUsersMe` is neither an API path nor an SDK method name\n"
    );
    let run = dir.run(&["--db", "tiny.json", "endpoint", "/api/v2/widget"]);
    assert_eq!(
        run.stdout,
        "`/api/v2/widget` is not a Genesys Cloud Platform API operation\nclosest paths: /api/v2/widgets\n"
    );
    // The guest-chat operation says what authenticates it.
    let run = dir.run(&[
        "--db",
        "tiny.json",
        "endpoint",
        "GET",
        "/api/v2/widgets/w-1",
    ]);
    assert!(run.stdout.contains(
        "  auth         Guest Chat JWT from the guest session (not an OAuth client token)\n"
    ));
    let run = dir.run(&["--db", "tiny.json", "endpoint", "deleteWidget"]);
    assert!(run.stdout.contains(
        "  status       deprecated: \"Deprecated. Use DELETE /api/v2/widgets/{widgetId}/retire instead.\"\n"
    ));
}

#[test]
fn bad_database_file_exits_2_with_a_message() {
    let dir = Dir::new();
    dir.write("bad.json", "{\"format\": 1,");
    let run = dir.run(&["--db", "bad.json", "endpoint", "getUsersMe"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: bad.json: not a gclint database: EOF while parsing a value at line 1 column 13\n"
    );
    let run = dir.run(&["--db", "nope.json", "check", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: nope.json: cannot read the database: No such file or directory (os error 2)\n"
    );
    let future = json!({"format": 99, "provenance": {"source": "", "swagger_version": null, "imported": "", "importer": ""},
                        "regions": {}, "scopes": [], "operations": []});
    dir.write("future.json", &future.to_string());
    let run = dir.run(&["--db", "future.json", "scope", "users"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: future.json: not a gclint database: database format 99 is not supported (expected 1)\n"
    );
    // Commands that do not read the database are not affected.
    let rules = gclint()
        .current_dir(dir.0.path())
        .env("GCLINT_DB", "bad.json")
        .arg("rules")
        .output()
        .unwrap();
    assert_eq!(rules.status.code(), Some(0));
}

// ---------------------------------------------------------------------------
// db info and the endpoint command on the shipped database

#[test]
fn db_info_on_the_shipped_database() {
    let shipped: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("rules/genesys-api.json")).unwrap(),
    )
    .unwrap();
    let prov = &shipped["provenance"];
    let run = run_in(&root(), &["db", "info"]);
    assert_eq!(run.code, 0);
    let expected = format!(
        "database        embedded in gclint {version} (rules/genesys-api.json)
source          Genesys Cloud Platform API swagger (87 files, info.version v2) merged with SDK facts from rules/sdk-supplement.json
swagger         info.version v2, 87 files
imported        {imported} by {importer}
supplement      {supplement}
operations      3430 (3180 from the swagger, 250 from the supplement)
  scopes        3207 known (51 need none), 223 unknown (211 with an inferred guess)
  permissions   3328 known (380 need none), 102 unknown
  deprecated    153
  preview       94
  security      3378 PureCloud OAuth, 33 none, 10 Guest Chat JWT, 7 unknown, 2 Webmessaging JWT
  SDK classes   3315 exposed by an SDK API class, 115 by none
scopes          134 in the catalog
permissions     1467 in the catalogue (73 domains, 565 entities, 120 action words), each named by an operation or the Terraform provider's docs
regions         18
lifecycle       rules/lifecycle.json: 1 grant retirement, 1 SDK feature, 20 division-aware object types, 12 escalating permissions
  grant         TOKEN (implicit grant) closed to new clients March 2026, retired March 2027
SDK history     rules/sdk-history.json (generated 2026-12-06): 3915 methods; npm purecloud-platform-client-v2 57 releases 12.0.0..262.0.0; pypi PureCloudPlatformClientV2 321 releases 2.0.1..269.0.0
Terraform       rules/terraform-resources.json: MyPureCloud/terraform-provider-genesyscloud v1.84.1 (2026-07-01) 143 resource types and 114 data sources, 1202 API uses (4 not in the swagger)
  vs swagger    permissions: 0 listed by the provider and named by none of the resource's operations, 0 named by an operation and not listed; scopes: 0 and 0
  unknown use   genesyscloud_guide: DELETE /api/v2/guides/{{guideId}}
  unknown use   genesyscloud_guide_version: POST /api/v2/guides/{{guideId}}
  unknown use   genesyscloud_script: POST /api/v2/authorization/divisions/{{divisionId}}
  unknown use   genesyscloud_script: DELETE /api/v2/scripts/{{scriptId}}
",
        version = env!("CARGO_PKG_VERSION"),
        imported = prov["imported"].as_str().unwrap(),
        importer = prov["importer"].as_str().unwrap(),
        supplement = prov["supplement"].as_str().unwrap(),
    );
    assert_eq!(run.stdout, expected);
    assert!(prov["supplement"]
        .as_str()
        .unwrap()
        .starts_with("rules/sdk-supplement.json: SDK facts from operations.json: API classes and Python names of 3180 swagger operations, 250 operations the swagger lacks, 18 regions (generated "));
    // The same file given with --db reads the same.
    let run = run_in(&root(), &["--db", "rules/genesys-api.json", "db", "info"]);
    assert_eq!(
        run.stdout,
        expected.replace(
            &format!(
                "embedded in gclint {} (rules/genesys-api.json)",
                env!("CARGO_PKG_VERSION")
            ),
            "rules/genesys-api.json"
        )
    );
}

#[test]
fn endpoint_names_the_replacement_of_a_deprecated_operation() {
    let run = run_in(
        &root(),
        &["endpoint", "GET /api/v2/routing/queues/q-1/users"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.ends_with(
            "  status       deprecated: \"DEPRECATED: use GET /routing/queues/{queueId}/members.\"
  replacement  getRoutingQueueMembers (GET /api/v2/routing/queues/{queueId}/members)
"
        ),
        "{}",
        run.stdout
    );
    let run = run_in(&root(), &["endpoint", "getOrganizationsWhitelist"]);
    assert!(run.stdout.ends_with(
        "  replacement  getOrganizationsAuthenticationSettings (GET /api/v2/organizations/authentication/settings)\n"
    ), "{}", run.stdout);
    // A note that names an article, not an operation, gives no replacement row.
    let run = run_in(&root(), &["endpoint", "getWidgetsDeployments"]);
    assert!(!run.stdout.contains("replacement"), "{}", run.stdout);
}

#[test]
fn endpoint_reads_paths_without_the_api_prefix_and_suggests() {
    for query in ["/users/me", "api/v2/users/me", "GET users/me"] {
        let run = run_in(&root(), &["endpoint", query]);
        assert_eq!(run.code, 0, "{query}");
        assert!(
            run.stdout
                .starts_with("GET /api/v2/users/me  (getUsersMe)\n"),
            "{query}: {}",
            run.stdout
        );
    }
    let run = run_in(&root(), &["endpoint", "GET /usrs/me"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "`GET /usrs/me` is not a Genesys Cloud Platform API operation\nclosest paths: /api/v2/users/me, /api/v2/users/query, /api/v2/users/search, /api/v2/tokens/me, /api/v2/organizations/me\n"
    );
    let run = run_in(&root(), &["endpoint", "getUsrsMe"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "`getUsrsMe` is neither an API path nor an SDK method name\nclosest SDK methods: getUsers, getUsersMe, getUser, getScimUsers, getUserRoles\n"
    );
}

/// `gclint endpoint` shows which SDK releases have an operation's method,
/// and answers about a method only older releases had.
#[test]
fn endpoint_shows_the_sdk_releases_that_have_it() {
    let run = run_in(&root(), &["endpoint", "getUsersMe"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "  JS SDK       getUsersMe (UsersApi) 12.0.0 – 262.0.0 (newest)\n  Python SDK   get_users_me (UsersApi) 2.0.1 – 269.0.0 (newest)\n"
    ), "{}", run.stdout);
    let gone = run_in(&root(), &["endpoint", "get_attributes"]);
    assert_eq!(gone.code, 1);
    assert_eq!(
        gone.stdout,
        "`get_attributes` is not a method of the current SDKs; it was in older releases:\n  JavaScript SDK: AttributesApi.getAttributes (GET /api/v2/attributes) in releases 12.0.0 – 34.0.6\n  Python SDK: AttributesApi.get_attributes (GET /api/v2/attributes) in releases 2.0.1 – 47.2.0\n"
    );
}

/// `db diff` says when the dated facts and the SDK history differ, and the
/// databases then differ (exit 1).
#[test]
fn db_diff_reports_the_facts_beside_the_swagger() {
    let dir = reference();
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("bare.json");
    let mut args: Vec<String> = vec!["db".into(), "import".into()];
    args.push(dir.join("swagger-split").display().to_string());
    args.extend([
        "--supplement".into(),
        root()
            .join("rules/sdk-supplement.json")
            .display()
            .to_string(),
        "-o".into(),
        bare.display().to_string(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let import = run_in(tmp.path(), &args);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let shipped = root().join("rules/genesys-api.json");
    let run = run_in(
        tmp.path(),
        &[
            "db",
            "diff",
            bare.to_str().unwrap(),
            shipped.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with(
        "lifecycle: 0 grant retirements -> 1, 0 SDK features -> 1, 0 division-aware object types -> 20\n\
         SDK history generated: none -> 2026-12-06\n\
         SDK history of npm purecloud-platform-client-v2: 0 releases -> 57 (newest none -> 262.0.0)\n\
         SDK history of pypi PureCloudPlatformClientV2: 0 releases -> 321 (newest none -> 269.0.0)\n"
    ), "{}", run.stdout);
}
