//! `gclint lsp` spoken to as an editor does: JSON-RPC with Content-Length
//! framing over the child's stdin/stdout. Every read has a deadline, so a
//! server bug fails the test instead of hanging the suite.

mod common;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// The server's log (standard error), line by line, when it is kept.
    log: Option<Receiver<String>>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        Client::spawn(cwd, false)
    }

    /// Starts the server with its log kept for [`Client::log_line`].
    fn start_logged(cwd: &Path) -> Client {
        Client::spawn(cwd, true)
    }

    fn spawn(cwd: &Path, logged: bool) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gclint"))
            .arg("lsp")
            .current_dir(cwd)
            .env_remove("GCLINT_DB")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if logged {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .spawn()
            .expect("gclint lsp starts");
        let log = child.stderr.take().map(|stderr| {
            let (tx, lines) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { return };
                    if tx.send(line).is_err() {
                        return;
                    }
                }
            });
            lines
        });
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = Some(v.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            log,
            next_id: 1,
        }
    }

    /// The next line of the server's log.
    fn log_line(&mut self) -> String {
        self.log
            .as_ref()
            .expect("started with start_logged")
            .recv_timeout(TIMEOUT)
            .expect("a log line from the server in time")
    }

    /// Writes `bytes` as they are: a frame of the test's making.
    fn write_bytes(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn write_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.write_raw(body.to_string().as_bytes());
    }

    /// Sends a request and returns its response (skipping notifications).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.write_raw(body.to_string().as_bytes());
        loop {
            let message = self.next();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(TIMEOUT)
            .expect("a message from the server in time")
    }

    /// The next publishDiagnostics for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The path of a `file:` URI the server sent (percent-decoded).
fn uri_path(uri: &str) -> PathBuf {
    let rest = uri.strip_prefix("file://").expect("a file URI");
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        if rest.as_bytes()[i] == b'%' {
            bytes.push(u8::from_str_radix(&rest[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            bytes.push(rest.as_bytes()[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(bytes).unwrap())
}

impl Client {
    /// Starts the server on the workspace `root` (no dynamic registration).
    fn workspace(root: &Path) -> Client {
        let mut client = Client::start(root);
        client.request(
            "initialize",
            json!({"processId": null, "rootUri": file_uri(root), "capabilities": {}}),
        );
        client.notify("initialized", json!({}));
        client
    }

    /// The lists of the check that the last notification started, by file:
    /// every publish up to the answer to a request sent once the check has
    /// begun to publish (a check publishes all its files in one go).
    fn round(&mut self, open: &Path) -> BTreeMap<PathBuf, Vec<Value>> {
        let mut lists = BTreeMap::new();
        let publish = |message: &Value, lists: &mut BTreeMap<PathBuf, Vec<Value>>| {
            let path = uri_path(message["params"]["uri"].as_str().unwrap());
            let list = message["params"]["diagnostics"].as_array().unwrap().clone();
            lists.insert(path, list);
        };
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics" {
                publish(&message, &mut lists);
                break;
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        let hover = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": file_uri(open)}, "position": {"line": 0, "character": 0}}});
        self.write_raw(hover.to_string().as_bytes());
        loop {
            let message = self.next();
            if message["id"] == json!(id) {
                return lists;
            }
            if message["method"] == "textDocument/publishDiagnostics" {
                publish(&message, &mut lists);
            }
        }
    }
}

/// An LSP position (0-based line, UTF-16 units) of a byte offset.
fn position(text: &str, offset: u64) -> Value {
    let before = &text[..offset as usize];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({
        "line": before.matches('\n').count(),
        "character": before[line_start..].encode_utf16().count()
    })
}

/// What `gclint check --format json` reports in `dir`, as an editor is to
/// show it: by file, each finding that is not suppressed as an LSP
/// diagnostic (range, severity, rule as the code, the help after the
/// message, the related places).
fn check_as_lsp(dir: &Path) -> BTreeMap<PathBuf, Vec<Value>> {
    let (report, _) = common::json_in(dir, &["."]);
    let range = |location: &Value| {
        let path = dir.join(location["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let at = |key: &str| position(&text, location[key].as_u64().unwrap());
        (
            path,
            json!({"start": at("start_byte"), "end": at("end_byte")}),
        )
    };
    let mut by_file: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        if d["suppressed"] == true {
            continue;
        }
        let (path, primary) = range(&d["location"]);
        let mut message = d["message"].as_str().unwrap().to_string();
        if let Some(help) = d["help"].as_str() {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let mut lsp = json!({
            "range": primary,
            "severity": match d["severity"].as_str().unwrap() {
                "error" => 1,
                "warning" => 2,
                _ => 3,
            },
            "code": d["rule"],
            "source": "gclint",
            "message": message,
        });
        let related: Vec<Value> = d["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let (path, range) = range(r);
                let message = match r["message"].as_str().unwrap() {
                    "" => "related",
                    m => m,
                };
                json!({"location": {"uri": file_uri(&path), "range": range}, "message": message})
            })
            .collect();
        if !related.is_empty() {
            lsp["relatedInformation"] = Value::Array(related);
        }
        by_file.entry(path).or_default().push(lsp);
    }
    by_file
}

/// The server's lists without the empty ones (files it has cleared).
fn reported(lists: BTreeMap<PathBuf, Vec<Value>>) -> BTreeMap<PathBuf, Vec<Value>> {
    lists.into_iter().filter(|(_, l)| !l.is_empty()).collect()
}

/// Opens `dir/file` as saved and returns what the server publishes for the
/// whole workspace then.
fn open_and_check(client: &mut Client, dir: &Path, file: &str) -> BTreeMap<PathBuf, Vec<Value>> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file_uri(&path), "languageId": "plaintext", "version": 1, "text": text}}),
    );
    client.round(&path)
}

/// The language server publishes, file by file, exactly what `gclint check`
/// reports: on every example, and on an app whose gclint.toml leaves a
/// folder out, sets a default region and raises a severity.
#[test]
fn diagnostics_are_what_check_reports() {
    let fixture = common::root().join("fixtures/lsp-config");
    let mut workspaces: Vec<(PathBuf, &str)> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p, "EXPECTED.md"))
        .collect();
    workspaces.sort();
    assert_eq!(workspaces.len(), 5, "{workspaces:?}");
    workspaces.push((fixture.clone(), "web/app.js"));
    for (dir, open) in &workspaces {
        let dir = dir.canonicalize().unwrap();
        let expected = check_as_lsp(&dir);
        let mut client = Client::workspace(&dir);
        let published = reported(open_and_check(&mut client, &dir, open));
        assert_eq!(published, expected, "{}", dir.display());
        client.notify("exit", Value::Null);
        wait(&mut client.child);
    }

    // What gclint.toml changes is there: no finding in the folder it leaves
    // out, the default region, the raised severity; the suppressed finding
    // is not shown.
    let expected = check_as_lsp(&fixture);
    let summary: Vec<String> = expected
        .iter()
        .flat_map(|(path, list)| {
            let file = path.strip_prefix(&fixture).unwrap().display().to_string();
            list.iter().map(move |d| {
                format!(
                    "{file}:{} {} {}",
                    d["range"]["start"]["line"],
                    d["code"].as_str().unwrap(),
                    d["severity"]
                )
            })
        })
        .collect();
    assert_eq!(
        summary,
        [
            "appfoundry.yaml:7 unused-scope 1",
            "appfoundry.yaml:8 unused-scope 1",
            "web/app.js:3 region-mismatch 2",
            "web/app.js:6 missing-scope 1",
        ]
    );
    let region = &expected[&fixture.join("web/app.js")][0];
    assert_eq!(
        region["relatedInformation"][0]["location"]["uri"],
        file_uri(&fixture.join("gclint.toml"))
    );
}

/// A saved change to gclint.toml applies at the next check, as it would to
/// the next `gclint check`; one with a mistake shows it on its line and
/// nothing else, as `gclint check` reports nothing else.
#[test]
fn gclint_toml_is_read_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    common::copy_dir(&common::root().join("fixtures/lsp-config"), &root);
    let config = root.join("gclint.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let mut client = Client::workspace(&root);
    let first = reported(open_and_check(&mut client, &root, "web/app.js"));
    assert_eq!(first, check_as_lsp(&root));
    assert!(!first.contains_key(&root.join("legacy/old.js")));

    // The folder is no longer left out: a watched-file change says so.
    std::fs::write(&config, text.replace("exclude = [\"legacy/\"]\n", "")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let second = client.round(&root.join("web/app.js"));
    let expected = check_as_lsp(&root);
    assert_eq!(reported(second), expected);
    let legacy: Vec<&str> = expected[&root.join("legacy/old.js")]
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        legacy,
        [
            "missing-scope",
            "region-mismatch",
            "missing-scope",
            "region-mismatch"
        ]
    );

    // A mistake, saved from the editor: the file shows it, the others are
    // cleared.
    std::fs::write(&config, text.replace("exclude", "exclud")).unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri(&config)}}),
    );
    let third = client.round(&root.join("web/app.js"));
    let cli = common::run_in(&root, &["check", "."]);
    assert_eq!(cli.code, 2);
    assert!(
        cli.stderr.contains("unknown key `exclud`"),
        "{}",
        cli.stderr
    );
    let problems = &third[&config];
    assert_eq!(problems.len(), 1, "{third:#?}");
    assert_eq!(problems[0]["severity"], 1);
    assert_eq!(problems[0]["source"], "gclint");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown key `exclud`"),
        "{problems:#?}"
    );
    assert_eq!(
        problems[0]["range"],
        json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 6}})
    );
    for (path, list) in &third {
        if path != &config {
            assert_eq!(list, &Vec::<Value>::new(), "{}", path.display());
        }
    }

    // Mended: the findings are back, the file's list is empty again.
    std::fs::write(&config, &text).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let fourth = client.round(&root.join("web/app.js"));
    assert_eq!(fourth[&config], Vec::<Value>::new());
    assert_eq!(reported(fourth), first);
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child), Some(0));
}

/// A copy of `fixtures/lsp` (a manifest with one made-up scope, and
/// `web/app.js`) in a new folder: the folder, kept while the test runs,
/// and its canonical path.
fn lsp_fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("web")).unwrap();
    let fixture = common::root().join("fixtures/lsp");
    for file in ["appfoundry.yaml", "web/app.js"] {
        std::fs::copy(fixture.join(file), root.join(file)).unwrap();
    }
    (dir, root)
}

#[test]
fn diagnostics_hover_completion_and_shutdown() {
    let (_dir, root) = lsp_fixture();
    let uri = file_uri(&root.join("appfoundry.yaml"));
    let text = std::fs::read_to_string(root.join("appfoundry.yaml")).unwrap();

    let mut client = Client::start(&root);
    // Malformed input is logged and skipped, not fatal.
    client.write_raw(b"{not json");
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&root), "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["codeActionProvider"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 1);
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["\"", "'", ":", "-"])
    );
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let found = client.diagnostics_for(&uri);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["code"], "unknown-scope");
    assert_eq!(d["source"], "gclint");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["range"],
        json!({"start": {"line": 9, "character": 8}, "end": {"line": 9, "character": 23}})
    );
    assert_eq!(
        d["message"],
        "`messaging:write` is not a Genesys Cloud OAuth scope (declared by client `web`)\nhelp: did you mean `messaging`, `messaging:readonly` or `messaging-platform:readonly`?"
    );

    // Quick fixes for the unknown scope: the suggested scopes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with `messaging`",
            "Replace with `messaging:readonly`",
            "Replace with `messaging-platform:readonly`"
        ]
    );
    assert_eq!(
        actions["result"][0]["edit"]["changes"][&uri],
        json!([{"range": d["range"], "newText": "messaging"}])
    );

    // Hover on `user-basic-info` (line 8) prints what `gclint scope` prints.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 8, "character": 12}}),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    let cli = common::run_in(&root, &["scope", "user-basic-info"]);
    assert_eq!(shown, format!("```text\n{}\n```", cli.stdout.trim_end()));
    assert!(shown.contains("`user-basic-info` is accepted by"));
    assert_eq!(
        hover["result"]["range"],
        json!({"start": {"line": 8, "character": 8}, "end": {"line": 8, "character": 23}})
    );

    // Completion inside the scopes list offers catalog scopes.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 14}}),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"messaging:readonly"), "{labels:?}");
    let item = completion["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "messaging:readonly")
        .unwrap();
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": {"line": 9, "character": 8}, "end": {"line": 9, "character": 14}})
    );
    // Outside a scopes list there is nothing to complete.
    let none = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 12}}),
    );
    assert_eq!(none["result"], Value::Null);

    // Fixing the scope clears the file's list.
    let fixed = text.replace("      - messaging:write\n", "");
    assert_ne!(fixed, text);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics_for(&uri), Vec::<Value>::new());

    // Project-wide: dropping `user-basic-info` from the manifest reports the
    // call in web/app.js, which is not open.
    let broken = fixed.replace("      - user-basic-info\n", "      - users:readonly\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]}),
    );
    let app_uri = file_uri(&root.join("web/app.js"));
    let calls = client.diagnostics_for(&app_uri);
    let codes: Vec<&str> = calls.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["missing-scope", "missing-scope"]);
    assert_eq!(
        calls[0]["range"]["start"],
        json!({"line": 5, "character": 26})
    );
    // And restoring it publishes an empty list for that file.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics_for(&app_uri), Vec::<Value>::new());

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    let status = wait(&mut client.child);
    assert_eq!(status, Some(0));
}

/// Exit without shutdown is exit code 1; a closed input ends the server too.
#[test]
fn exit_without_shutdown_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child), Some(1));
}

/// A frame whose Content-Length is wrong (characters counted instead of
/// bytes, or too many), a message cut short, bytes between frames: each
/// used to leave the server reading every later message as part of the
/// wrong one, alive and deaf until restarted. Each costs at most its own
/// message now, with a line in the log.
#[test]
fn a_wrong_content_length_leaves_the_server_listening() {
    let (_dir, root) = lsp_fixture();
    let uri = file_uri(&root.join("appfoundry.yaml"));
    let text = std::fs::read_to_string(root.join("appfoundry.yaml")).unwrap();
    let mut client = Client::start_logged(&root);

    // Counted in characters: `é` is two bytes.
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": file_uri(&root), "capabilities": {},
        "clientInfo": {"name": "éditeur"}}})
    .to_string();
    let chars = init.chars().count();
    client.write_bytes(format!("Content-Length: {chars}\r\n\r\n{init}").as_bytes());
    let response = client.next();
    assert_eq!(response["id"], 1);
    assert_eq!(response["result"]["serverInfo"]["name"], "gclint");
    assert_eq!(
        client.log_line(),
        format!(
            "gclint lsp: Content-Length {chars} is shorter than the message's {} bytes of JSON; read it to its end",
            init.len()
        )
    );
    client.next_id = 2;
    client.notify("initialized", json!({}));

    // Counted 30 bytes too many: the message is used at once (the bytes
    // never come), and the next frame is read as the next frame.
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    .to_string();
    client.write_bytes(format!("Content-Length: {}\r\n\r\n{open}", open.len() + 30).as_bytes());
    let found = client.diagnostics_for(&uri);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "unknown-scope");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 8, "character": 12}}),
    );
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("`user-basic-info` is accepted by"));
    assert_eq!(
        client.log_line(),
        format!(
            "gclint lsp: Content-Length {} counts 30 bytes past the end of the message's {} bytes of JSON; read on from what follows it",
            open.len() + 30,
            open.len()
        )
    );

    // A message cut short, then bytes that are no frame (a terminal
    // escape among them): both skipped, the next request answered.
    let fixed = text.replace("      - messaging:write\n", "");
    let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}})
    .to_string();
    client.write_bytes(format!("Content-Length: 40\r\n\r\n{}", &change[..40]).as_bytes());
    let junk = "\u{1b}]0;junk\u{7} not a frame\r\n";
    client.write_bytes(junk.as_bytes());
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 14}}),
    );
    assert!(completion["result"].as_array().is_some(), "{completion}");
    assert_eq!(
        client.log_line(),
        format!(
            "gclint lsp: ignored a message cut short at its Content-Length 40: {:?}",
            &change[..40]
        )
    );
    assert_eq!(
        client.log_line(),
        format!(
            "gclint lsp: skipped {} bytes that are not a frame: \"\\u{{1b}}]0;junk\\u{{7}} not a frame\\r\\n\"",
            junk.len()
        )
    );
    // The change that was cut short was not applied; the same change sent
    // whole is.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics_for(&uri), Vec::<Value>::new());

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child), Some(0));
}

fn wait(child: &mut Child) -> Option<i32> {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("gclint lsp did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Each workspace folder is checked on its own, with its own gclint.toml;
/// a client that can watch files is asked to watch gclint.toml files.
#[test]
fn each_workspace_folder_has_its_configuration() {
    let folders = ["fixtures/lsp", "fixtures/lsp-config"].map(|f| common::root().join(f));
    let mut client = Client::start(&common::root());
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "workspaceFolders": folders.iter().map(|f| json!({"uri": file_uri(f), "name": "app"})).collect::<Vec<_>>(),
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
        }),
    );
    assert_eq!(
        init["result"]["capabilities"]["workspace"]["workspaceFolders"],
        json!({"supported": true, "changeNotifications": true})
    );
    client.notify("initialized", json!({}));
    let register = client.next();
    assert_eq!(register["method"], "client/registerCapability");
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    assert_eq!(
        register["params"]["registrations"][0]["registerOptions"],
        json!({"watchers": [{"globPattern": "**/gclint.toml"}]})
    );
    let published = reported(open_and_check(&mut client, &folders[1], "web/app.js"));
    let mut expected = check_as_lsp(&folders[0]);
    expected.extend(check_as_lsp(&folders[1]));
    assert_eq!(published, expected);
    client.notify("exit", Value::Null);
    wait(&mut client.child);
}

/// The rules about roles reach the editor as `gclint check` reports them,
/// on the manifest that defines the roles.
#[test]
fn role_rules_reach_the_editor() {
    let mut codes: Vec<String> = Vec::new();
    for fixture in ["fixtures/roles/names", "fixtures/roles/escalation"] {
        let dir = common::root().join(fixture).canonicalize().unwrap();
        let expected = check_as_lsp(&dir);
        let mut client = Client::workspace(&dir);
        let published = reported(open_and_check(&mut client, &dir, "appfoundry.yaml"));
        assert_eq!(published, expected, "{fixture}");
        codes.extend(
            published[&dir.join("appfoundry.yaml")]
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string()),
        );
        client.notify("exit", Value::Null);
        wait(&mut client.child);
    }
    for rule in [
        "unknown-permission",
        "excess-permission",
        "privilege-escalation",
    ] {
        assert!(codes.iter().any(|c| c == rule), "{rule} in {codes:?}");
    }
}
