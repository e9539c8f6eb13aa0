//! Compiles `rules/genesys-api.json` into a postcard blob embedded in the
//! binary, so start-up decodes a compact buffer instead of megabytes of JSON.

#[allow(dead_code)]
#[path = "src/db/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/db/index.rs"]
mod index;

use std::path::PathBuf;

fn main() {
    let src = PathBuf::from("rules/genesys-api.json");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/db/format.rs");
    println!("cargo:rerun-if-changed=src/db/index.rs");
    let text = std::fs::read_to_string(&src)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", src.display()));
    let file: format::json::File = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a valid database: {e}", src.display()));
    let mut db = file
        .into_database()
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    // The first segment of every Platform path the database knows, current
    // or removed: the second pass reads only the files that write one.
    let heads = format::path_heads(
        db.operations.iter().map(|o| o.path.0.as_ref()),
        db.sdk_history.paths.iter().map(|p| p.0.as_ref()),
    )
    .join("\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR set by cargo"));
    std::fs::write(out.join("path-heads.txt"), heads).expect("write path heads");
    // The SDK history is decoded only by the commands that read it.
    let history = std::mem::take(&mut db.sdk_history);
    // Every method name an SDK release ever had (the history's and the
    // retired first-generation SDKs'), without case or underscores, sorted:
    // a name not among them needs neither decoded.
    let legacy_src = PathBuf::from("rules/legacy-sdks.json");
    println!("cargo:rerun-if-changed={}", legacy_src.display());
    let legacy: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&legacy_src)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", legacy_src.display())),
    )
    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", legacy_src.display()));
    let legacy_names = legacy["methods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.get(2).and_then(|n| n.as_str()));
    let mut names: Vec<String> = history
        .methods
        .iter()
        .flat_map(|m| [m.js.as_ref(), m.py.as_ref()])
        .flatten()
        .map(|n| format::folded(&n.0))
        .chain(legacy_names.map(format::folded))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    // One text and the offsets of its names: no pointer per name for the
    // loader to relocate at every start.
    let mut starts = vec![0u32];
    let mut text = String::new();
    for n in &names {
        text.push_str(n);
        starts.push(text.len() as u32);
    }
    let starts: String = starts.iter().map(|s| format!("{s},")).collect();
    std::fs::write(
        out.join("sdk-names.rs"),
        format!(
            "/// Written by build.rs.\nstatic TEXT: &str = {text:?};\nstatic STARTS: [u32; {}] = [{starts}];\n",
            names.len() + 1
        ),
    )
    .expect("write SDK names");
    // So are the Terraform provider's resources.
    let terraform = std::mem::take(&mut db.terraform);
    // The look-up indexes are built here, once, instead of at every start.
    let indexes = index::Indexes::build(&db.operations, &db.details);
    // Summaries and tags: only `gclint endpoint` and `gclint scope` read them.
    let details = std::mem::take(&mut db.details);
    // Two blobs, decoded side by side at start-up.
    let blob = postcard::to_allocvec(&db).expect("database serializes");
    std::fs::write(out.join("genesys-api.postcard"), blob).expect("write database blob");
    let blob = postcard::to_allocvec(&indexes).expect("indexes serialize");
    std::fs::write(out.join("indexes.postcard"), blob).expect("write index blob");
    let history = postcard::to_allocvec(&history).expect("SDK history serializes");
    std::fs::write(out.join("sdk-history.postcard"), history).expect("write SDK history blob");
    let details = postcard::to_allocvec(&details).expect("operation details serialize");
    std::fs::write(out.join("details.postcard"), details).expect("write details blob");
    let terraform = postcard::to_allocvec(&terraform).expect("Terraform resources serialize");
    std::fs::write(out.join("terraform.postcard"), terraform).expect("write Terraform blob");
}
