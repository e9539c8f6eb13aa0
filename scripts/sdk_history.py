#!/usr/bin/env python3
"""History of the official Genesys Cloud Platform API SDKs, method by method.

Downloads every published release of the JavaScript SDK (npm
`purecloud-platform-client-v2`) and of the Python SDK (PyPI
`PureCloudPlatformClientV2`), reads the generated API classes in each one,
and writes, for every SDK method, the first and last release that has it,
the API class it sits on and the HTTP method and path it calls.

    python3 scripts/sdk_history.py [--cache DIR] [--out FILE] [--limit N]
                                   [--jobs N] [--sdk js|py|both]
                                   [--offline] [--drop-archives]
                                   [--operations FILE] [--generated DATE]
                                   [--plain]

Downloads go through the ordinary clients (`npm pack`, `pip download`) into
the cache directory (default /tmp/sdk-cache); what was read from each
release is kept there as a small JSON file, so a second run only downloads
new releases. The output (default rules/sdk-history.json) is the compact
form described in docs/sdk-history.md; `--plain` writes one
[method, class, verb, path, first, last] row per interval instead. A
summary (counts, parse problems, cross-check with operations.json) goes to
standard output. Standard library only.
"""
import argparse
import concurrent.futures
import datetime
import glob
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile

NPM_PACKAGE = "purecloud-platform-client-v2"
PYPI_PACKAGE = "PureCloudPlatformClientV2"
# The repository's reference data, found from this script's own place.
DEFAULT_OPERATIONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "reference", "genesys-api", "operations.json",
)
# Bumped when the extraction changes, so that cached per-release results are
# read again from the archives.
PARSER_VERSION = 1

# ---------------------------------------------------------------- versions


def version_key(v):
    """Sort key for plain release numbers (both SDKs only publish N.N.N)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)*)(.*)", v)
    if not m:
        return ((), v)
    nums = tuple(int(x) for x in m.group(1).split("."))
    nums = nums + (0,) * (4 - len(nums))
    # A suffix (pre-release) sorts before the plain release.
    return (nums, (0, m.group(2)) if m.group(2) else (1, ""))


def run(cmd, cwd=None, timeout=900):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def list_js_versions(cache, offline):
    path = os.path.join(cache, "js-versions.json")
    if not offline:
        r = run(["npm", "view", NPM_PACKAGE, "versions", "--json"])
        if r.returncode == 0:
            versions = json.loads(r.stdout)
            if isinstance(versions, str):
                versions = [versions]
            write_json(path, versions)
        else:
            log(f"npm view failed: {r.stderr.strip()[:300]}")
    with open(path) as f:
        return sorted(json.load(f), key=version_key)


def list_py_versions(cache, offline):
    """Release list from PyPI's JSON API, or `pip index versions`."""
    path = os.path.join(cache, "py-versions.json")
    if not offline:
        versions = None
        try:
            url = f"https://pypi.org/pypi/{PYPI_PACKAGE}/json"
            with urllib.request.urlopen(url, timeout=60) as resp:
                data = json.load(resp)
            versions = [v for v, files in data["releases"].items()
                        if files and not all(f.get("yanked") for f in files)]
        except Exception as e:  # noqa: BLE001 - fall back to pip
            log(f"PyPI JSON API not usable ({e}); using pip index")
            r = run([sys.executable, "-m", "pip", "index", "versions",
                     PYPI_PACKAGE])
            m = re.search(r"Available versions:\s*(.*)", r.stdout)
            if m:
                versions = [v.strip() for v in m.group(1).split(",")]
        if versions:
            write_json(path, versions)
    with open(path) as f:
        return sorted(json.load(f), key=version_key)


# ---------------------------------------------------------------- parsing

JS_DEF = re.compile(
    r"this\.(\w+)\s*=\s*function\s*\("          # old: this.getX = function(
    r"|^[ \t]+(?!(?:if|for|while|switch|catch|function|return)\b)"
    r"(\w+)\s*\([^)\n]*\)\s*\{",                # class syntax: getX(a, b) {
    re.M)
JS_CALL = re.compile(
    r"\.callApi\(\s*(['\"])(.*?)\1\s*,\s*(['\"])(\w+)\3")
JS_CALL_ANY = re.compile(r"\.callApi\(")


def parse_js_file(name, text):
    """Methods of one *Api.js file: [(method, class, verb, path)], problems."""
    cls = os.path.basename(name)[:-3]
    defs = [(m.start(), m.group(1) or m.group(2)) for m in JS_DEF.finditer(text)]
    defs = [(p, n) for p, n in defs if n not in ("constructor",)]
    calls = list(JS_CALL.finditer(text))
    problems = []
    if len(calls) != len(JS_CALL_ANY.findall(text)):
        problems.append(f"{cls}: {len(JS_CALL_ANY.findall(text))} callApi, "
                        f"{len(calls)} with literal path and verb")
    out = []
    di = 0
    owner = None
    used = set()
    for c in calls:
        while di < len(defs) and defs[di][0] < c.start():
            owner = defs[di][1]
            di += 1
        if owner is None:
            problems.append(f"{cls}: callApi before any method")
            continue
        if owner in used:
            problems.append(f"{cls}.{owner}: more than one callApi")
            continue
        used.add(owner)
        out.append((owner, cls, c.group(4).upper(), c.group(2)))
    for _, n in defs:
        if n not in used:
            problems.append(f"{cls}.{n}: no callApi")
    return out, problems


PY_CLASS = re.compile(r"^class (\w+)\(", re.M)
PY_DEF = re.compile(r"^    def (\w+)\(", re.M)
PY_PATH = re.compile(r"resource_path\s*=\s*(['\"])(.*?)\1")
PY_CALL = re.compile(r"call_api\(\s*resource_path\s*,\s*(['\"])(\w+)\1")


def parse_py_file(name, text):
    classes = PY_CLASS.findall(text)
    problems = []
    if len(classes) != 1:
        problems.append(f"{name}: {len(classes)} classes")
    cls = classes[0] if classes else os.path.basename(name)[:-3]
    out = []
    defs = list(PY_DEF.finditer(text))
    for i, d in enumerate(defs):
        meth = d.group(1)
        if meth == "__init__":
            continue
        body = text[d.end(): defs[i + 1].start() if i + 1 < len(defs) else len(text)]
        paths = PY_PATH.findall(body)
        verbs = PY_CALL.findall(body)
        if len(paths) != 1 or len(verbs) != 1:
            problems.append(f"{cls}.{meth}: {len(paths)} resource_path, "
                            f"{len(verbs)} call_api")
            continue
        out.append((meth, cls, verbs[0][1].upper(), paths[0][1]))
    return out, problems


def read_archive_members(archive, wanted):
    """Yield (name, text) for the archive members whose name matches."""
    if archive.endswith(".zip") or archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            for n in sorted(z.namelist()):
                if wanted.search(n):
                    yield n, z.read(n).decode("utf-8", "replace")
        return
    with tarfile.open(archive, "r:*") as t:
        for m in t:
            if m.isfile() and wanted.search(m.name):
                yield m.name, t.extractfile(m).read().decode("utf-8", "replace")


JS_WANTED = re.compile(r"^package/src/purecloud-platform-client-v2/api/\w+Api\.js$")
JS_WANTED_FALLBACK = re.compile(r"(^|/)api/\w+Api\.js$")
PY_WANTED = re.compile(r"(^|/)PureCloudPlatformClientV2/apis/\w+_api\.py$")


def parse_archive(sdk, archive):
    if sdk == "js":
        members = list(read_archive_members(archive, JS_WANTED))
        layout = "package/src/purecloud-platform-client-v2/api/*Api.js"
        if not members:
            members = [(n, t) for n, t in read_archive_members(archive, JS_WANTED_FALLBACK)
                       if "/dist/" not in n]
            layout = "fallback: " + (os.path.dirname(members[0][0]) if members else "none")
        parse = parse_js_file
    else:
        members = list(read_archive_members(archive, PY_WANTED))
        layout = "PureCloudPlatformClientV2/apis/*_api.py"
        parse = parse_py_file
    methods, problems = [], []
    for n, text in sorted(members):
        m, p = parse(n, text)
        methods += m
        problems += p
    dup = len(methods) - len(set(methods))
    if dup:
        problems.append(f"{dup} duplicate rows")
    return {"parser": PARSER_VERSION, "layout": layout, "files": len(members),
            "methods": sorted(set(methods)), "problems": problems}


# ---------------------------------------------------------------- download

def js_download(cache, version):
    d = os.path.join(cache, "js")
    os.makedirs(d, exist_ok=True)
    target = os.path.join(d, f"{NPM_PACKAGE}-{version}.tgz")
    if os.path.exists(target):
        return target
    tmp = os.path.join(d, f".tmp-{version}")
    os.makedirs(tmp, exist_ok=True)
    r = run(["npm", "pack", "--silent", f"{NPM_PACKAGE}@{version}"], cwd=tmp)
    got = glob.glob(os.path.join(tmp, "*.tgz"))
    if r.returncode != 0 or len(got) != 1:
        raise RuntimeError(f"npm pack {version}: {r.stderr.strip()[-300:]}")
    os.replace(got[0], target)
    os.rmdir(tmp)
    return target


_PIP_VENV_READY = None


def pip_venv(cache):
    """A private venv with current setuptools and wheel, so that sdists can be
    downloaded with --no-build-isolation (pip prepares an sdist's metadata
    even for `pip download`; without isolation that takes ~2 s instead of
    ~10 s). Returns the venv's python, or None to use plain pip."""
    global _PIP_VENV_READY
    if _PIP_VENV_READY is not None:
        return _PIP_VENV_READY or None
    venv = os.path.join(cache, "pip-venv")
    py = os.path.join(venv, "bin", "python")
    ok = os.path.exists(os.path.join(venv, ".ready"))
    if not ok:
        r = run([sys.executable, "-m", "venv", venv])
        if r.returncode == 0:
            r = run([py, "-m", "pip", "install", "-q", "-U", "setuptools", "wheel"])
        ok = r.returncode == 0
        if ok:
            open(os.path.join(venv, ".ready"), "w").close()
        else:
            log(f"pip venv not usable, using build isolation: {r.stderr[-300:]}")
    _PIP_VENV_READY = py if ok else ""
    return _PIP_VENV_READY or None


def py_download(cache, version):
    d = os.path.join(cache, "py")
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.lower().startswith(f"{PYPI_PACKAGE.lower()}-{version}.") and \
                (f.endswith(".tar.gz") or f.endswith(".zip") or f.endswith(".whl")):
            return os.path.join(d, f)
    tmp = os.path.join(d, f".tmp-{version}")
    os.makedirs(tmp, exist_ok=True)
    base = ["download", "--no-deps", "--no-cache-dir", "--no-binary", ":all:",
            "-q", "-d", tmp, f"{PYPI_PACKAGE}=={version}"]
    attempts = []
    venv = pip_venv(cache)
    if venv:
        attempts.append([venv, "-m", "pip"] + base[:1] + ["--no-build-isolation"] + base[1:])
    attempts.append([sys.executable, "-m", "pip"] + base)
    err = ""
    for cmd in attempts:
        r = run(cmd)
        got = [f for f in os.listdir(tmp) if not f.startswith(".")]
        if r.returncode == 0 and len(got) == 1:
            target = os.path.join(d, got[0])
            os.replace(os.path.join(tmp, got[0]), target)
            os.rmdir(tmp)
            return target
        for f in got:
            os.remove(os.path.join(tmp, f))
        err = r.stderr.strip()[-300:]
    raise RuntimeError(f"pip download {version}: {err}")


def process(cache, sdk, version, drop_archives):
    """Parsed content of one release, from the cache or the registry."""
    pdir = os.path.join(cache, "parsed")
    os.makedirs(pdir, exist_ok=True)
    ppath = os.path.join(pdir, f"{sdk}-{version}.json")
    if os.path.exists(ppath):
        with open(ppath) as f:
            data = json.load(f)
        if data.get("parser") == PARSER_VERSION:
            return data, False
    t0 = time.time()
    archive = (js_download if sdk == "js" else py_download)(cache, version)
    t1 = time.time()
    data = parse_archive(sdk, archive)
    data["archive"] = os.path.basename(archive)
    data["archive_bytes"] = os.path.getsize(archive)
    data["download_seconds"] = round(t1 - t0, 2)
    data["methods"] = [list(m) for m in data["methods"]]
    write_json(ppath, data)
    if drop_archives:
        os.remove(archive)
    return data, True


# ---------------------------------------------------------------- history

def intervals(per_version):
    """Rows [method, class, verb, path, first, last] from the per-release
    lists of (method, class, verb, path): one row per contiguous run of
    releases holding the same tuple."""
    present = {}
    for i, methods in enumerate(per_version):
        for m in methods:
            present.setdefault(tuple(m), []).append(i)
    rows = []
    for key, idx in present.items():
        start = prev = idx[0]
        for i in idx[1:]:
            if i != prev + 1:
                rows.append(list(key) + [start, prev])
                start = i
            prev = i
        rows.append(list(key) + [start, prev])
    rows.sort(key=lambda r: (r[0], r[4], r[1], r[2], r[3]))
    return rows


# ---------------------------------------------------------------- encoding

VERBS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]


def snake_case(name):
    """The Python SDK's name for a JavaScript SDK method name: `_` before
    each ASCII capital, which is lowered (getUsersMe -> get_users_me)."""
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def front_code(strings):
    """Sorted strings as [shared prefix length with the previous one, rest]."""
    out, prev = [], ""
    for s in strings:
        n = 0
        while n < min(len(s), len(prev)) and s[n] == prev[n]:
            n += 1
        out.append([n, s[n:]])
        prev = s
    return out


def front_decode(coded):
    out, prev = [], ""
    for n, rest in coded:
        prev = prev[:n] + rest
        out.append(prev)
    return out


def encode(rows):
    """Compact form of the plain rows of both SDKs (see docs/sdk-history.md):
    shared tables of classes and paths, one `ops` entry per (verb, path,
    class, JS name, Python name), and per-SDK intervals pointing at it."""
    js, py = rows.get("js", []), rows.get("py", [])
    classes = sorted({r[1] for r in js + py})
    paths = sorted({r[3] for r in js + py})
    verbs = sorted({r[2] for r in js + py} | set(VERBS))
    ci = {c: i for i, c in enumerate(classes)}
    pi = {p: i for i, p in enumerate(paths)}
    vi = {v: i for i, v in enumerate(verbs)}
    by_key = {}
    for sdk, rs in (("js", js), ("py", py)):
        for r in rs:
            by_key.setdefault((r[2], r[3], r[1]), {"js": set(), "py": set()})[sdk].add(r[0])
    ops = []
    for (verb, path, cls) in sorted(by_key, key=lambda k: (pi[k[1]], vi[k[0]], ci[k[2]])):
        names = by_key[(verb, path, cls)]
        pys = set(names["py"])
        for jn in sorted(names["js"]):
            if snake_case(jn) in pys:
                pys.discard(snake_case(jn))
                ops.append((verb, path, cls, jn, ""))
            else:
                ops.append((verb, path, cls, jn, None))
        for pn in sorted(pys):
            ops.append((verb, path, cls, None, pn))
    index = {}
    for i, (verb, path, cls, jn, pn) in enumerate(ops):
        if jn is not None:
            index[("js", jn, cls, verb, path)] = i
        if pn is not None:
            index[("py", pn or snake_case(jn), cls, verb, path)] = i
    out = {
        "verbs": verbs,
        "classes": classes,
        "paths": front_code(paths),
        "ops": [[vi[v], pi[p], ci[c], jn, pn] for v, p, c, jn, pn in ops],
    }
    for sdk, rs in (("js", js), ("py", py)):
        if sdk in rows:
            out[sdk] = sorted([index[(sdk,) + tuple(r[:4])], r[4], r[5]] for r in rs)
    return out


def decode(data):
    """Inverse of encode(): {"js": rows, "py": rows} in the plain form."""
    paths = front_decode(data["paths"])
    rows = {}
    for sdk in ("js", "py"):
        if sdk not in data:
            continue
        rs = []
        for op, first, last in data[sdk]:
            v, p, c, jn, pn = data["ops"][op]
            name = jn if sdk == "js" else (pn or snake_case(jn))
            rs.append([name, data["classes"][c], data["verbs"][v], paths[p], first, last])
        rs.sort(key=lambda r: (r[0], r[4], r[1], r[2], r[3]))
        rows[sdk] = rs
    return rows


def collect(cache, sdk, versions, jobs, drop_archives):
    results = [None] * len(versions)
    failures = {}
    fetched = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(process, cache, sdk, v, drop_archives): i
                for i, v in enumerate(versions)}
        done = 0
        for fut in concurrent.futures.as_completed(futs):
            i = futs[fut]
            done += 1
            try:
                results[i], new = fut.result()
                fetched += new
            except Exception as e:  # noqa: BLE001 - recorded as a gap
                failures[versions[i]] = str(e)[:300]
            if done % 20 == 0 or done == len(versions):
                log(f"{sdk}: {done}/{len(versions)} releases read")
    return results, failures, fetched


def write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def summarize(sdk, versions, results, failures, rows, operations):
    newest = len(versions) - 1
    print(f"== {sdk}: {len(versions)} releases, {versions[0]} .. {versions[-1]}")
    if failures:
        print(f"  failed releases: {len(failures)}")
        for v, e in sorted(failures.items(), key=lambda x: version_key(x[0])):
            print(f"    {v}: {e}")
    layouts = {}
    for v, r in zip(versions, results):
        if r:
            layouts.setdefault(r["layout"], []).append(v)
    for lay, vs in layouts.items():
        print(f"  layout {lay}: {len(vs)} releases ({vs[0]} .. {vs[-1]})")
    probs = [(v, p) for v, r in zip(versions, results) if r for p in r["problems"]]
    print(f"  parse problems: {len(probs)}")
    for v, p in probs[:15]:
        print(f"    {v}: {p}")
    counts = [(v, len(r["methods"]), r["files"]) for v, r in zip(versions, results) if r]
    print(f"  methods per release: first {counts[0]}, last {counts[-1]}, "
          f"max {max(c[1] for c in counts)}")
    size = sum(r.get("archive_bytes", 0) for r in results if r)
    print(f"  archive bytes: {size}")
    names_all = {r[0] for r in rows}
    names_new = {r[0] for r in rows if r[5] == newest}
    removed = names_all - names_new
    print(f"  rows {len(rows)}; distinct methods {len(names_all)}; in newest "
          f"{len(names_new)}; removed (not in newest) {len(removed)}")
    multi = {}
    for r in rows:
        multi.setdefault(r[0], set()).add((r[1], r[2], r[3]))
    print(f"  methods whose class/verb/path changed: "
          f"{sum(1 for s in multi.values() if len(s) > 1)}")
    norm = lambda p: re.sub(r"\{[^}]*\}", "{}", p)
    print(f"  methods seen with more than one path: "
          f"{sum(1 for s in multi.values() if len({x[2] for x in s}) > 1)}, "
          f"of which only path-parameter names differ: "
          f"{sum(1 for s in multi.values() if len({x[2] for x in s}) > 1 and len({norm(x[2]) for x in s}) == 1)}")
    print(f"  methods on more than one class at once or over time: "
          f"{sum(1 for s in multi.values() if len({x[0] for x in s}) > 1)}")
    keys = {}
    for r in rows:
        keys[tuple(r[:4])] = keys.get(tuple(r[:4]), 0) + 1
    print(f"  (method, class, verb, path) that vanished and came back: "
          f"{sum(1 for n in keys.values() if n > 1)}")
    gaps = {}
    for r in rows:
        gaps[r[0]] = gaps.get(r[0], 0) + 1
    print(f"  method names with more than one row: "
          f"{sum(1 for n in gaps.values() if n > 1)}")
    if operations is not None:
        field = "sdk_method_js" if sdk == "js" else "sdk_method_py"
        ops = {(o.get(field), o["method"].upper(), o["path"])
               for o in operations if o.get(field)}
        new = {(r[0], r[2], r[3]) for r in rows if r[5] == newest}
        op_names = {o[0] for o in ops}
        print(f"  cross-check with operations.json ({len(ops)} with {field}):")
        print(f"    newest-release (method, verb, path) not in operations.json: "
              f"{len(new - ops)}; by name only: {len(names_new - op_names)}")
        print(f"    operations.json (method, verb, path) not in newest release: "
              f"{len(ops - new)}; by name only: {len(op_names - names_new)}")
        for x in sorted(new - ops)[:5]:
            print(f"      sdk only: {x}")
        for x in sorted(ops - new)[:5]:
            print(f"      ops only: {x}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default="/tmp/sdk-cache",
                    help="download and parse cache (default /tmp/sdk-cache)")
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "rules", "sdk-history.json"))
    ap.add_argument("--limit", type=int, default=0,
                    help="only the N newest releases of each SDK (smoke run)")
    ap.add_argument("--jobs", type=int, default=6, help="parallel downloads")
    ap.add_argument("--sdk", choices=["js", "py", "both"], default="both")
    ap.add_argument("--offline", action="store_true",
                    help="use the release lists saved in the cache")
    ap.add_argument("--drop-archives", action="store_true",
                    help="delete each archive once it has been read")
    ap.add_argument("--operations", default=DEFAULT_OPERATIONS,
                    help="operations.json to cross-check the newest release with")
    ap.add_argument("--generated", default=None,
                    help="value of the 'generated' field (default: today, UTC)")
    ap.add_argument("--plain", action="store_true",
                    help="write the rows as [method, class, verb, path, first, "
                         "last] instead of the compact form")
    args = ap.parse_args()
    cache = os.path.abspath(args.cache)
    os.makedirs(cache, exist_ok=True)

    operations = None
    if args.operations and os.path.exists(args.operations):
        with open(args.operations) as f:
            operations = json.load(f)

    out = {"format": 1,
           "generated": args.generated or datetime.datetime.now(
               datetime.timezone.utc).strftime("%Y-%m-%d"),
           "sources": {}}
    plain = {}
    started = time.time()
    sdks = ["js", "py"] if args.sdk == "both" else [args.sdk]
    for sdk in sdks:
        t0 = time.time()
        versions = (list_js_versions if sdk == "js" else list_py_versions)(
            cache, args.offline)
        if args.limit:
            versions = versions[-args.limit:]
        results, failures, fetched = collect(cache, sdk, versions, args.jobs,
                                             args.drop_archives)
        # Failed releases are left out of the version list, so indexes only
        # ever point at releases that were actually read.
        kept = [i for i, r in enumerate(results) if r is not None]
        versions_ok = [versions[i] for i in kept]
        results_ok = [results[i] for i in kept]
        rows = intervals([r["methods"] for r in results_ok])
        out["sources"][sdk] = {
            "package": f"npm {NPM_PACKAGE}" if sdk == "js" else f"pypi {PYPI_PACKAGE}",
            "versions": versions_ok,
        }
        if failures:
            out["sources"][sdk]["failed"] = sorted(failures, key=version_key)
        plain[sdk] = rows
        summarize(sdk, versions_ok, results_ok, failures, rows, operations)
        print(f"  downloaded {fetched} releases now; {sdk} took "
              f"{time.time() - t0:.0f} s")

    if args.plain:
        out.update(plain)
    else:
        out.update(encode(plain))
        if decode(out) != plain:
            sys.exit("internal error: compact encoding does not round-trip")
    out_path = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path + ".tmp", "w") as f:
        f.write(dump_compact(out))
    os.replace(out_path + ".tmp", out_path)
    print(f"wrote {out_path} ({os.path.getsize(out_path)} bytes) in "
          f"{time.time() - started:.0f} s")


def dump_compact(out):
    """JSON with one row per line: small, yet diffable."""
    lines = ["{"]
    keys = list(out)
    for k in keys:
        end = "," if k != keys[-1] else ""
        v = out[k]
        if isinstance(v, list):
            lines.append(f" {json.dumps(k)}: [")
            for j, row in enumerate(v):
                sep = "," if j + 1 < len(v) else ""
                lines.append(json.dumps(row, separators=(",", ":")) + sep)
            lines.append(" ]" + end)
        else:
            lines.append(f" {json.dumps(k)}: " +
                         json.dumps(v, separators=(",", ":")) + end)
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
