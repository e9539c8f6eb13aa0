#!/usr/bin/env python3
"""Benchmark gclint against ripgrep on the same trees, in one run.

    python3 scripts/bench.py [--files 1000,20000,100000] [--large 20000]
                             [--real DIR] [--big 1,4,16] [--suppressions 80000]
                             [--clients 2000] [--slowest 5]
                             [--runs 7] [--keep]
                             [--no-semgrep]

Profiles (each may be turned off with an empty value, e.g. `--files ""`):

- the bundled examples;
- synthetic trees of `--files` files (mixed JS/TS/Python/Java/C#/Go/PHP and
  plain files of a few hundred bytes, ~1% holding Genesys calls);
- "large files": `--large` files of about 8 KB each (160 MB for 20,000),
  ~1% holding Genesys calls, the rest ordinary code;
- "real repositories": every folder under `--real DIR` (repositories
  fetched with `fetch`), one tree, as a user would point gclint at a
  checkout of many projects;
- "heaviest real files" (with `--real`): the `--slowest` largest files of
  each format in the real trees, each checked alone; the CPU time above an
  empty file's start-up gives MB/s per format and the files that decide a
  run's wall time;
- "grown real files" (with `--real`): the largest hand-written file of
  each format, grown by copies of itself to each `--grow` size in MB and
  checked alone on one core: MB/s, peak RSS against the file, and the
  time of the largest against the smallest (a cost that grows faster than
  the file shows there);
- "single big file": one file per language of each `--big` size in MB,
  to catch a cost that grows faster than the file;
- "suppressions": `--suppressions` inline suppressions, one per line of a
  source file, and as many in one line of a manifest comment (a hostile
  pull request's way to make matching quadratic);
- "clients x calls": `--clients N` clients in one manifest, each running
  the calls of N files (N x N missing scopes: the findings cap at work).

On each tree, in the same run:

- `gclint check` with the report a user reads (`--report`: the terminal
  report by default, uncoloured; `json`, `sarif` or `github` to time
  another),
- `rg -c /api/v2/`: ripgrep reading the same bytes, the floor for the I/O,
- `rg` with gclint's own prefilter needles (`-F`, case-sensitive, the same
  spellings as `scan::PREFILTER_NEEDLES`), what the prefilter alone costs,
- `semgrep` with the equivalent rule (string literals starting with
  `/api/v2/` in the same languages), if semgrep is installed
  (`pip install semgrep`); one run per tree, as it takes seconds.

Reports the median wall time of N runs, the ratio to rg, microseconds per
file (flat when cost grows linearly with the tree), files/s, MB/s and peak
RSS. Needs a release build (built here) and ripgrep (`apt-get install
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


def generate_large(path, count, seed=7):
    """`count` files of about 8 KB, ~1% with Genesys calls (as the synthetic
    trees): what a large monorepo with a Genesys integration looks like."""
    rng = random.Random(seed)
    exts = list(PLAIN)
    for n in range(count):
        folder = os.path.join(path, "svc%03d" % (n // 200), "mod%02d" % (n % 200 // 20))
        os.makedirs(folder, exist_ok=True)
        if rng.random() < 0.01:
            ext = rng.choice(list(GENESYS))
            head = GENESYS[ext].format(n=n)
        else:
            ext = rng.choice(exts)
            head = ""
        unit = PLAIN.get(ext, PLAIN["js"]).format(n=n)
        body = head + unit * max(1, (8192 - len(head)) // len(unit))
        with open(os.path.join(folder, "f%d.%s" % (n, ext)), "w") as fh:
            fh.write(body)


BIG = {
    "js": ("const q{n} = await fetch(`/api/v2/routing/queues/${{id}}`);\n", "export const v{n} = [{n}, 'text', {{ a: {n} }}];\n"),
    "py": ("r{n} = requests.get(f\"{{base}}/api/v2/users/{{uid}}\")\n", "v{n} = {{'a': {n}, 'b': [1, 2, 3]}}  # comment\n"),
    "java": ("  Object o{n} = usersApi.getUsersMe(null, null);\n", "  int v{n} = {n} + compute(\"text\", {n});\n"),
    "cs": ("    var r{n} = await c.GetAsync($\"/api/v2/users/{{id}}\");\n", "    var v{n} = Compute(\"text\", {n});\n"),
    "go": ("\tr{n}, _ := http.Get(base + \"/api/v2/routing/queues\")\n", "\tv{n} := compute(\"text\", {n})\n"),
}


def generate_big(path, mb):
    """One file per language of about `mb` MB, a Genesys call every 50 lines."""
    os.makedirs(path, exist_ok=True)
    for ext, (call, plain) in BIG.items():
        # Decimal megabytes: 16 MB stays under the 16 MiB a file may have.
        size = mb * 1000 * 1000
        parts, total, n = [], 0, 0
        while total < size:
            line = (call if n % 50 == 0 else plain).format(n=n)
            parts.append(line)
            total += len(line)
            n += 1
        with open(os.path.join(path, "big.%s" % ext), "w") as fh:
            fh.write("".join(parts))


def generate_suppressions(path, count):
    """`count` suppressions that suppress nothing (each one an
    `unused-suppression` finding), one per line of a source file; and
    `count` in a single comment line of a manifest."""
    lines = os.path.join(path, "lines")
    os.makedirs(lines, exist_ok=True)
    with open(os.path.join(lines, "app.js"), "w") as fh:
        fh.write("const usersApi = new platformClient.UsersApi();\n")
        for n in range(count):
            fh.write("usersApi.getUsersMe(); // gclint: ignore[unknown-scope] call %d\n" % n)
    one = os.path.join(path, "one-line")
    os.makedirs(one, exist_ok=True)
    with open(os.path.join(one, "appfoundry.yaml"), "w") as fh:
        fh.write("name: app\n# " + "gclint: ignore[unknown-scope] " * count + "\n")


def generate_clients(path, count):
    """`count` PKCE clients whose `sources` all name the same `count` files,
    each calling an operation none of them has the scope for."""
    os.makedirs(os.path.join(path, "web"), exist_ok=True)
    with open(os.path.join(path, "appfoundry.yaml"), "w") as fh:
        fh.write("name: big\nintegrationType: client-app\nclients:\n")
        for n in range(count):
            fh.write("  - name: c%d\n    grantType: CODE\n    pkce: true\n"
                     "    redirectUris: [\"https://x%d.example.com/\"]\n"
                     "    scopes: [users:readonly]\n    sources: [\"web/**\"]\n" % (n, n))
    for n in range(count):
        with open(os.path.join(path, "web", "f%d.js" % n), "w") as fh:
            fh.write("const api%d = new platformClient.RoutingApi();\napi%d.getRoutingQueues();\n" % (n, n))


def needles():
    """gclint's prefilter needles, read from the source (one list, no copy)."""
    text = open(os.path.join(ROOT, "src", "scan", "mod.rs")).read()
    start = text.index("pub const PREFILTER_NEEDLES")
    block = text[start:text.index("];", start)]
    import re
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block.split("=", 1)[1])


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


SEMGREP_RULE = """rules:
  - id: genesys-api-path
    message: Genesys Cloud Platform API path $S
    severity: INFO
    languages: [javascript, typescript, python, java, kotlin, csharp, go, php]
    patterns:
      - pattern: '"$S"'
      - metavariable-regex:
          metavariable: $S
          regex: ^/api/v2/
"""


def semgrep_cmd(semgrep, rule, path):
    return [semgrep, "scan", "--metrics=off", "--disable-version-check", "--quiet",
            "--json", "--config", rule, path]


def measure_rss(cmd):
    """Peak RSS of one run in a fresh child (getrusage keeps the max of all children)."""
    code = "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


FORMATS = {
    "Terraform": (".tf", ".tfstate"), "JSON": (".json",), "YAML": (".yaml", ".yml"),
    "JS/TS": (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".vue"), "Python": (".py",),
    "Java": (".java", ".kt"), "C#": (".cs",), "Go": (".go",), "PHP": (".php",),
    "PowerShell": (".ps1", ".psm1"), "HTML": (".html", ".htm"),
}


def child_cpu(cmd, timeout=300):
    """CPU seconds (user + system) of one run of `cmd` (a run past
    `timeout` seconds is stopped and counts as `timeout`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float(timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# The report every profile writes (`--report`): the terminal report by
# default, the one a user reads. Its rendering is part of a run's cost: it
# once grew with a file times its findings while the JSON report did not.
REPORT = ["--format", "human", "--color", "never"]


def one_core(gclint, path):
    """`gclint check` of one file on one core."""
    return [gclint, "check", path, "-j1"] + REPORT


def startup_cpu(gclint, ext, folder, runs):
    """The CPU seconds of a file of extension `ext` with one Platform path:
    the start-up, the database decoded as for any file with a call."""
    empty = os.path.join(folder, "one-call" + ext)
    with open(empty, "w") as fh:
        fh.write('{"u": "/api/v2/users/me"}\n' if ext == ".json" else 'u = "/api/v2/users/me"\n')
    return statistics.median(child_cpu(one_core(gclint, empty)) for _ in range(runs))


def heaviest_files(gclint, root, per_format, runs):
    """The largest files of each format under `root`, each checked alone:
    [(format, path, bytes, cpu seconds above the start-up of a one-call
    file)]."""
    found = {f: [] for f in FORMATS}
    # Repositories may be linked into the folder (`fetch` trees).
    for dirpath, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        for name in files:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                continue
            ext = os.path.splitext(name)[1].lower()
            for fmt, exts in FORMATS.items():
                if ext in exts:
                    found[fmt].append((os.path.getsize(path), path))
    out = []
    empty_dir = tempfile.mkdtemp(prefix="gclint-empty-")
    for fmt, files in found.items():
        files.sort(reverse=True)
        for size, path in files[:per_format]:
            start = startup_cpu(gclint, os.path.splitext(path)[1], empty_dir, runs)
            cpu = statistics.median(child_cpu(one_core(gclint, path)) for _ in range(runs))
            out.append((fmt, path, size, max(cpu - start, 1e-6)))
    shutil.rmtree(empty_dir, ignore_errors=True)
    return out


def print_heaviest(rows, root):
    print()
    print("Heaviest real files (each checked alone, CPU above start-up):")
    print()
    print("| format | files | MB | MB/s | slowest file | its ms | its MB/s |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for fmt in FORMATS:
        mine = [r for r in rows if r[0] == fmt]
        if not mine:
            continue
        mb = sum(r[2] for r in mine) / 1e6
        cpu = sum(r[3] for r in mine)
        worst = max(mine, key=lambda r: r[3])
        print("| %s | %d | %.2f | %.0f | %s | %.1f | %.0f |" % (
            fmt, len(mine), mb, mb / cpu, os.path.relpath(worst[1], root),
            worst[3] * 1000, worst[2] / 1e6 / worst[3]))


# A name that says a file is built, minified, vendored or locked: gclint
# skips those, so growing one would time the skip, not the reading.
BUILT = ("min.", ".bundle.", "chunk", "vendor", "lock", "dist/", "build/", "polyfill")

# How copies of one file join into one file of the same format.
JOIN = {"JSON": ("[\n", ",\n", "\n]\n"), "YAML": ("", "\n---\n", "\n")}


def grow_sources(root):
    """The largest hand-written file of each format under `root`."""
    best = {}
    for dirpath, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
        for name in files:
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or any(b in path.lower() for b in BUILT):
                continue
            ext = os.path.splitext(name)[1].lower()
            for fmt, exts in FORMATS.items():
                if ext in exts:
                    size = os.path.getsize(path)
                    if size > best.get(fmt, (0, ""))[0]:
                        best[fmt] = (size, path)
    return best


def grow(source, fmt, mb, folder):
    """Copies of `source` joined to about `mb` MB, under its own name (gclint
    treats the grown file as it treats the real one)."""
    text = open(source, encoding="utf-8", errors="replace").read()
    if fmt == "JSON":
        try:
            import json
            json.loads(text)
        except ValueError:
            return None
    head, sep, tail = JOIN.get(fmt, ("", "\n", "\n"))
    copies = max(1, round(mb * 1e6 / max(len(text), 1)))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, os.path.basename(source))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head + sep.join([text] * copies) + tail)
    return path


def grown_files(gclint, root, sizes_mb, runs, base):
    """The largest hand-written real file of each format, grown to each size
    in `sizes_mb` by copies of itself, checked alone on one core:
    [(format, source, [(bytes, cpu seconds above start-up, peak RSS KiB)])].
    The time of the largest over the smallest, against their sizes, shows
    a cost that grows faster than the file."""
    out = []
    empty_dir = tempfile.mkdtemp(prefix="gclint-empty-", dir=base)
    for fmt, (_, source) in sorted(grow_sources(root).items()):
        start = startup_cpu(gclint, os.path.splitext(source)[1], empty_dir, runs)
        points = []
        for mb in sizes_mb:
            path = grow(source, fmt, mb, os.path.join(base, "grown-%s-%d" % (fmt.replace("/", ""), mb)))
            if path is None:
                break
            cpu = statistics.median(child_cpu(one_core(gclint, path)) for _ in range(runs))
            points.append((os.path.getsize(path), max(cpu - start, 1e-6), measure_rss(one_core(gclint, path))))
        if points:
            out.append((fmt, source, points))
        print("grown %s" % fmt, file=sys.stderr)
    return out


def print_grown(rows, root, sizes_mb):
    print()
    print("Real files grown by copies of themselves (each checked alone on one core, CPU above start-up):")
    print()
    head = "| format | grown from | " + " | ".join("%d MB: MB/s, RSS x file" % m for m in sizes_mb)
    head += " | time ratio for size ratio |"
    print(head)
    print("| --- | --- |" + " ---: |" * len(sizes_mb) + " ---: |")
    for fmt, source, points in rows:
        cells = ["%.0f, %.1f" % (b / 1e6 / cpu, rss * 1024 / b) for b, cpu, rss in points]
        cells += ["-"] * (len(sizes_mb) - len(points))
        first, last = points[0], points[-1]
        ratio = "%.1f for %.1f" % (last[1] / first[1], last[0] / first[0]) if len(points) > 1 else "-"
        print("| %s | %s | %s | %s |" % (fmt, os.path.relpath(source, root), " | ".join(cells), ratio))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", default="1000,20000,100000")
    ap.add_argument("--large", default="20000", help="files of the large-files profile (empty: none)")
    ap.add_argument("--real", default="", help="a folder of repositories (the real-repositories profile)")
    ap.add_argument("--big", default="1,4,16", help="sizes in MB of the single-big-file profile (empty: none)")
    ap.add_argument("--suppressions", default="80000", help="suppressions of the suppressions profile (empty: none)")
    ap.add_argument("--clients", default="2000", help="clients (and files) of the clients x calls profile (empty: none)")
    ap.add_argument("--slowest", type=int, default=5, help="largest files per format of the heaviest-real-files profile (0: none)")
    ap.add_argument("--grow", default="1,4,16", help="sizes in MB the largest hand-written real file of each format is grown to (with --real; empty: none)")
    ap.add_argument("--report", default="human", choices=["human", "json", "sarif", "github"], help="the report gclint writes in every profile")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--baseline", help="another gclint binary (an older build) timed in the same run")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-semgrep", action="store_true")
    args = ap.parse_args()
    REPORT[1] = args.report
    rg = shutil.which("rg")
    if not rg:
        sys.exit("ripgrep (rg) is needed: apt-get install ripgrep")
    semgrep = None if args.no_semgrep else shutil.which("semgrep")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    gclint = os.path.join(ROOT, "target", "release", "gclint")
    base = tempfile.mkdtemp(prefix="gclint-bench-")
    rule = os.path.join(base, "semgrep-rule.yaml")
    with open(rule, "w") as fh:
        fh.write(SEMGREP_RULE)
    rows = []
    sizes = []
    for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        path = os.path.join(ROOT, "examples", name)
        if os.path.isdir(path):
            sizes.append(("examples/" + name, path))
    for count in [int(c) for c in args.files.split(",") if c]:
        path = os.path.join(base, "tree-%d" % count)
        generate(path, count)
        sizes.append(("synthetic %d files" % count, path))
    for count in [int(c) for c in args.large.split(",") if c]:
        path = os.path.join(base, "large-%d" % count)
        generate_large(path, count)
        sizes.append(("large files: %d x 8 KB" % count, path))
    if args.real:
        sizes.append(("real repositories: %d in %s" % (len(os.listdir(args.real)), args.real), args.real))
    for mb in [int(m) for m in args.big.split(",") if m]:
        path = os.path.join(base, "big-%d" % mb)
        generate_big(path, mb)
        sizes.append(("single big file: 5 languages x %d MB" % mb, path))
    for count in [int(c) for c in args.suppressions.split(",") if c]:
        path = os.path.join(base, "suppressions-%d" % count)
        generate_suppressions(path, count)
        sizes.append(("suppressions: %d, one per line" % count, os.path.join(path, "lines")))
        sizes.append(("suppressions: %d in one line" % count, os.path.join(path, "one-line")))
    for count in [int(c) for c in args.clients.split(",") if c]:
        path = os.path.join(base, "clients-%d" % count)
        generate_clients(path, count)
        sizes.append(("clients x calls: %d x %d" % (count, count), path))
    needle_args = []
    for n in needles():
        needle_args += ["-e", n]
    for label, path in sizes:
        nfiles = sum(len(f) for _, _, f in os.walk(path))
        mb = tree_bytes(path) / 1e6
        g_cmd = [gclint, "check", path, "--fail-on", "never"] + REPORT
        r_cmd = [rg, "-c", "/api/v2/", path]
        n_cmd = [rg, "-c", "-F"] + needle_args + [path]
        g_wall, _ = measure(g_cmd, args.runs)
        b_wall = measure([args.baseline] + g_cmd[1:], args.runs)[0] if args.baseline else None
        r_wall, _ = measure(r_cmd, args.runs)
        n_wall, _ = measure(n_cmd, args.runs)
        g_rss = measure_rss(g_cmd)
        r_rss = measure_rss(r_cmd)
        s_wall = s_rss = None
        if semgrep:
            s_wall, _ = measure(semgrep_cmd(semgrep, rule, path), 1)
            s_rss = measure_rss(semgrep_cmd(semgrep, rule, path))
        rows.append((label, nfiles, mb, g_wall, r_wall, n_wall, g_rss, r_rss, s_wall, s_rss, b_wall))
        print("measured %s" % label, file=sys.stderr)
    head = "| tree | files | MB | gclint ms | rg ms | ratio to rg | rg needles ms | gclint us/file | files/s | MB/s | gclint RSS MB | rg RSS MB |"
    sep = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if semgrep:
        head += " semgrep ms | semgrep RSS MB |"
        sep += " ---: | ---: |"
    if args.baseline:
        head += " baseline ms | baseline ratio to rg |"
        sep += " ---: | ---: |"
    print(head)
    print(sep)
    for label, n, mb, g, r, nw, grss, rrss, sw, srss, bw in rows:
        line = "| %s | %d | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f | %.0f | %.1f | %.1f | %.1f |" % (
            label, n, mb, g * 1000, r * 1000, g / r if r else float("nan"), nw * 1000, g * 1e6 / n,
            n / g, mb / g, grss / 1024, rrss / 1024)
        if semgrep:
            line += " %.0f | %.1f |" % (sw * 1000, srss / 1024)
        if args.baseline:
            line += " %.1f | %.2f |" % (bw * 1000, bw / r if r else float("nan"))
        print(line)
    if not semgrep and not args.no_semgrep:
        print("(semgrep not installed: pip install semgrep)")
    if args.real and args.slowest > 0:
        print_heaviest(heaviest_files(gclint, args.real, args.slowest, max(3, args.runs // 2)), args.real)
    grow_mb = [int(m) for m in args.grow.split(",") if m]
    if args.real and grow_mb:
        print_grown(grown_files(gclint, args.real, grow_mb, max(3, args.runs // 2), base), args.real, grow_mb)
    if not args.keep:
        shutil.rmtree(base)
    else:
        print("trees kept in", base)


if __name__ == "__main__":
    main()
