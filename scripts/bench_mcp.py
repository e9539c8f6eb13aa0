#!/usr/bin/env python3
"""Start-up and look-up latency of `gclint mcp`, speaking the protocol's
stdio framing (one JSON-RPC message per line) directly, so that the figures
are the server's, not a client library's.

    python3 scripts/bench_mcp.py [--runs 20] [--lookups 200] [--binary PATH] [--build]

- start-up: from spawning `gclint mcp` to reading its answer to
  `initialize` (a fresh process each run);
- look-up: after `initialize` and `notifications/initialized`, the wall
  time of one `tools/call` (an operation, a scope, a permission and a
  search in turn), from writing the request to reading its answer.

Prints the median, min and max of each. Uses target/release/gclint when it
exists (`--build` builds it first), else target/debug/gclint.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LOOKUPS = [
    ("operation", {"query": "GET /api/v2/routing/queues/{queueId}/members"}),
    ("scope", {"name": "messaging:conversation:create"}),
    ("permission", {"name": "routing:queue:view"}),
    ("operation", {"query": "post_conversations_messages_agentless"}),
]


def binary(args):
    if args.binary:
        return args.binary
    release = os.path.join(ROOT, "target", "release", "gclint")
    if args.build:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    if os.path.exists(release):
        return release
    return os.path.join(ROOT, "target", "debug", "gclint")


def send(proc, message):
    proc.stdin.write((json.dumps(message) + "\n").encode())
    proc.stdin.flush()


def read_answer(proc, want_id):
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("gclint mcp closed its output")
        message = json.loads(line)
        if message.get("id") == want_id:
            return message


def initialize(proc):
    send(proc, {
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "bench", "version": "0"}},
    })
    return read_answer(proc, 0)


def spawn(path):
    return subprocess.Popen([path, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=ROOT)


def summary(name, samples):
    ms = [s * 1000 for s in samples]
    print(f"{name}: median {statistics.median(ms):.1f} ms, min {min(ms):.1f} ms, "
          f"max {max(ms):.1f} ms ({len(ms)} samples)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--binary")
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    path = binary(args)
    print(f"binary: {os.path.relpath(path, ROOT)}")

    startups = []
    for _ in range(args.runs):
        start = time.perf_counter()
        proc = spawn(path)
        answer = initialize(proc)
        startups.append(time.perf_counter() - start)
        assert answer["result"]["serverInfo"]["name"] == "gclint", answer
        proc.stdin.close()
        proc.wait(timeout=10)
    summary("start-up to the initialize answer", startups)

    proc = spawn(path)
    initialize(proc)
    send(proc, {"jsonrpc": "2.0", "method": "notifications/initialized"})
    lookups = []
    for i in range(args.lookups):
        name, arguments = LOOKUPS[i % len(LOOKUPS)]
        start = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "id": i + 1, "method": "tools/call",
                    "params": {"name": name, "arguments": arguments}})
        answer = read_answer(proc, i + 1)
        lookups.append(time.perf_counter() - start)
        assert not answer["result"].get("isError"), answer
    proc.stdin.close()
    proc.wait(timeout=10)
    summary("one look-up (tools/call)", lookups)
    summary("first look-up", lookups[:1])


if __name__ == "__main__":
    sys.exit(main())
