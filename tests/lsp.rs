//! `gclint lsp` spoken to as an editor does: JSON-RPC with Content-Length
//! framing over the child's stdin/stdout. Every read has a deadline, so a
//! server bug fails the test instead of hanging the suite.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gclint"))
            .arg("lsp")
            .current_dir(cwd)
            .env_remove("GCLINT_DB")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("gclint lsp starts");
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
            next_id: 1,
        }
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

#[test]
fn diagnostics_hover_completion_and_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("web")).unwrap();
    let fixture = common::root().join("fixtures/lsp");
    for file in ["appfoundry.yaml", "web/app.js"] {
        std::fs::copy(fixture.join(file), root.join(file)).unwrap();
    }
    let manifest = root.join("appfoundry.yaml");
    let uri = file_uri(&manifest);
    let text = std::fs::read_to_string(&manifest).unwrap();

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
