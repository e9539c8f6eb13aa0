#!/usr/bin/env python3
"""Re-diagnosing latency of `gclint lsp` after a didChange.

    python3 scripts/bench_lsp.py [--files 200] [--changes 30] [--binary PATH]

Generates a deterministic project (the same mix of languages as
scripts/bench.py, plus an app manifest whose client names the code with
`sources`), starts `gclint lsp` on it, opens the manifest, then sends
didChange notifications that alternately add and remove a made-up scope.
Each sample is the wall time from writing the didChange to reading the
publishDiagnostics for that document version. Prints the median, min and
max. Uses target/release/gclint when it exists (`--build` builds it first),
else target/debug/gclint.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, generate  # noqa: E402

MANIFEST = """name: bench-app
regions: [eu_west_1]
clients:
  - name: web
    grantType: TOKEN
    redirectUris: ["https://app.example.com/cb"]
    scopes:
      - user-basic-info
      - routing:readonly
{extra}    sources: ["**"]
"""


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit("gclint lsp closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_for(proc, match):
    while True:
        message = receive(proc)
        if match(message):
            return message


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--binary")
    ap.add_argument("--build", action="store_true", help="cargo build --release first")
    args = ap.parse_args()
    if args.build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = args.binary
    if not binary:
        release = os.path.join(ROOT, "target", "release", "gclint")
        binary = release if os.path.exists(release) else os.path.join(ROOT, "target", "debug", "gclint")
    base = tempfile.mkdtemp(prefix="gclint-bench-lsp-")
    try:
        generate(base, args.files - 1)
        manifest = os.path.join(base, "appfoundry.yaml")
        with open(manifest, "w") as fh:
            fh.write(MANIFEST.format(extra=""))
        nfiles = sum(len(f) for _, _, f in os.walk(base))
        uri = "file://" + manifest
        proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"processId": None, "rootUri": "file://" + base, "capabilities": {}}})
        wait_for(proc, lambda m: m.get("id") == 1)
        send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": MANIFEST.format(extra="")}}})

        def published(version):
            return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == uri and m["params"].get("version") == version)

        wait_for(proc, published(1))
        samples = []
        for i in range(args.changes):
            version = i + 2
            extra = "      - made-up:scope\n" if i % 2 == 0 else ""
            start = time.perf_counter()
            send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": MANIFEST.format(extra=extra)}]}})
            message = wait_for(proc, published(version))
            samples.append(time.perf_counter() - start)
            found = [d["code"] for d in message["params"]["diagnostics"]]
            if (i % 2 == 0) != ("unknown-scope" in found):
                sys.exit("unexpected diagnostics after change %d: %s" % (version, found))
        send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        wait_for(proc, lambda m: m.get("id") == 2)
        send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
        code = proc.wait(timeout=30)
        ms = [s * 1000 for s in samples]
        print("| binary | files | changes | median ms | min ms | max ms | exit |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        print("| %s | %d | %d | %.1f | %.1f | %.1f | %d |" % (
            os.path.relpath(binary, ROOT), nfiles, len(ms), statistics.median(ms), min(ms), max(ms), code))
    finally:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
