//! `gclint mcp` driven by a real MCP client from outside the project: the
//! official Python SDK (`mcp`, installed from PyPI by .ci/run) runs
//! tests/mcp/client.py, which initialises, lists the tools, calls every
//! one, sends a bad argument and asks about an invented scope. Without the
//! module the test says it skipped; under CI it fails instead.

mod common;

use common::root;
use std::process::Command;

fn python_has_mcp() -> bool {
    Command::new("python3")
        .args(["-c", "import mcp.client.stdio"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "external: needs the Python MCP SDK (pip install mcp) from the network; .ci/run installs it and runs this (cargo test -- --include-ignored)"]
fn a_real_mcp_client_calls_every_tool() {
    if !python_has_mcp() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the Python `mcp` package is not installed, and CI must run this test (.ci/run installs it)"
        );
        eprintln!(
            "SKIPPED: the Python `mcp` package is not installed (python3 -m pip install mcp)"
        );
        return;
    }
    let out = Command::new("python3")
        .arg(root().join("tests/mcp/client.py"))
        .arg(env!("CARGO_BIN_EXE_gclint"))
        .arg(root().join("fixtures/why/users-me"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let expected = "\
server: gclint
tools: calls, check, least_privilege, operation, permission, scope, search_operations, why
  calls: path
  check: 
  least_privilege: path
  operation: query
  permission: name
  scope: name
  search_operations: words
  why: request
operation: found=True GET /api/v2/users/me scopes=['user-basic-info'] auth=OAuth needs_user=True
  source: imported 2026-11-22
invented operation: found=False nearest=['/api/v2/conversations/messages', '/api/v2/conversations/emails']
invented scope: found=False nearest=['conversations', 'messaging', 'conversations:readonly']
scope: found=True write_scope=routing operations>100=False
permission: found=True division_object=queues
invented permission: found=False in_catalogue=False nearest=['routing:queue:view']
wildcard permission: in_catalogue=True escalation>=2=True source=True
search: getRoutingQueueMembers (GET /api/v2/routing/queues/{queueId}/members)
why: user-context confirmed
why with error: missing-permission error-says quote=True
calls: server.js:10 getUsersMe
least_privilege: CLIENT-CREDENTIALS login computed
check: user-context-required
check snippet: unknown-sdk-method
bad argument: tool error=True failed to deserialize parameters: invalid type: integer `5`, expected a string
missing folder: no-such-folder: no such file or directory
bad region: `mars_1` is not a Genesys Cloud region
";
    assert_eq!(stdout, expected);
}
