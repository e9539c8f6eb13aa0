#!/usr/bin/env python3
"""Benchmark gclint against ripgrep on the same synthetic trees, in one run.

    python3 scripts/bench.py [--files 1000,20000] [--runs 5] [--keep]

Generates deterministic trees (mixed JS/TS/Python/Java/C#/Go/PHP and plain
files, ~1% holding Genesys calls), then times `gclint check` and
`rg /api/v2/` over each tree: median wall time of N runs, files/s, MB/s and
peak RSS. Needs a release build (built here) and ripgrep (`apt-get install
ripgrep`). Prints a Markdown table.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

GENESYS = {
    "js": "const usersApi = new platformClient.UsersApi();\nexport async function me() {{\n  await usersApi.getUsersMe();\n  return axios.get(`https://api.mypurecloud.ie/api/v2/routing/queues/${{id{n}}}`);\n}}\n",
    "py": "import requests\n\ndef queues(base, qid):\n    return requests.get(f\"{{base}}/api/v2/routing/queues/{{qid}}\")  # {n}\n",
    "java": "class Q{n} {{\n  UsersApi usersApi = new UsersApi();\n  void run() throws Exception {{ usersApi.getUsersMe(null, null); }}\n}}\n",
    "cs": "class Q{n} {{\n  async Task Run(HttpClient c) {{ await c.GetAsync($\"/api/v2/users/{{id}}/queues\"); }}\n}}\n",
    "go": "package q\n\nfunc Q{n}() {{ http.Get(base + \"/api/v2/routing/queues\") }}\n",
}
PLAIN = {
    "js": "export function f{n}(a, b) {{\n  // add two numbers\n  const s = `${{a}} + ${{b}}`;\n  return a + b;\n}}\n",
    "ts": "export interface Item{n} {{ id: string; name: string; tags: string[] }}\nexport const make{n} = (id: string): Item{n} => ({{ id, name: 'x', tags: [] }});\n",
    "py": "def f{n}(items):\n    \"\"\"Sum the items.\"\"\"\n    return sum(i * 2 for i in items)\n",
    "java": "public class C{n} {{\n  public int add(int a, int b) {{ return a + b; }}\n}}\n",
    "cs": "public class C{n} {{ public int Add(int a, int b) => a + b; }}\n",
    "go": "package p\n\nfunc F{n}(a, b int) int {{ return a + b }}\n",
    "php": "<?php\nfunction f{n}($a, $b) {{ return $a + $b; }}\n",
    "md": "# Notes {n}\n\nSome text about the project and its design.\n",
}


def generate(path, count, seed=42):
    rng = random.Random(seed)
    exts = list(PLAIN)
    for n in range(count):
        folder = os.path.join(path, "pkg%03d" % (n // 200), "mod%02d" % (n % 200 // 20))
        os.makedirs(folder, exist_ok=True)
        if rng.random() < 0.01:
            ext = rng.choice(list(GENESYS))
            body = GENESYS[ext].format(n=n)
        else:
            ext = rng.choice(exts)
            body = PLAIN[ext].format(n=n) * rng.randint(1, 30)
        with open(os.path.join(folder, "f%d.%s" % (n, ext)), "w") as fh:
            fh.write(body)


def tree_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def measure(cmd, runs):
    """Median wall seconds and peak RSS (KiB) over `runs` runs."""
    walls, peak = [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit("%s failed: %s" % (" ".join(cmd), proc.stderr.decode()[:500]))
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return statistics.median(walls), peak


def measure_rss(cmd):
    """Peak RSS of one run in a fresh child (getrusage keeps the max of all children)."""
    code = "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", default="1000,20000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    rg = shutil.which("rg")
    if not rg:
        sys.exit("ripgrep (rg) is needed: apt-get install ripgrep")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    gclint = os.path.join(ROOT, "target", "release", "gclint")
    base = tempfile.mkdtemp(prefix="gclint-bench-")
    rows = []
    examples = os.path.join(ROOT, "examples", "messaging-bridge")
    sizes = [("examples/messaging-bridge", examples)]
    for count in [int(c) for c in args.files.split(",")]:
        path = os.path.join(base, "tree-%d" % count)
        generate(path, count)
        sizes.append(("synthetic %d files" % count, path))
    for label, path in sizes:
        nfiles = sum(len(f) for _, _, f in os.walk(path))
        mb = tree_bytes(path) / 1e6
        g_wall, _ = measure([gclint, "check", path, "--fail-on", "never", "--format", "json"], args.runs)
        r_wall, _ = measure([rg, "-c", "/api/v2/", path], args.runs)
        g_rss = measure_rss([gclint, "check", path, "--fail-on", "never", "--format", "json"])
        r_rss = measure_rss([rg, "-c", "/api/v2/", path])
        rows.append((label, nfiles, mb, g_wall, r_wall, g_rss, r_rss))
    print("| tree | files | MB | gclint ms | rg ms | ratio | gclint files/s | gclint MB/s | gclint RSS MB | rg RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, n, mb, g, r, grss, rrss in rows:
        print("| %s | %d | %.1f | %.1f | %.1f | %.2f | %.0f | %.1f | %.1f | %.1f |" % (
            label, n, mb, g * 1000, r * 1000, g / r if r else float("nan"), n / g, mb / g, grss / 1024, rrss / 1024))
    if not args.keep:
        shutil.rmtree(base)
    else:
        print("trees kept in", base)


if __name__ == "__main__":
    main()
