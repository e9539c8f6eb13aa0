#!/usr/bin/env python3
"""The retired first-generation Genesys (PureCloud) SDKs, method by method.

Before the `platform-client` SDKs, Genesys published SDKs whose method
names were derived from the path, not the operation:
`RoutingApi.get_queues_queue_id_users` (PyPI `PureCloudPlatformApiSdk`),
`OrganizationApi.getMe` (npm `purecloud_api_sdk_javascript`, also served
from the SDK CDN as `purecloud-api.min.js`). Code written against them is
still public and still runs where the package is pinned. This script
downloads every release the registries list, reads each API class, and
writes which method calls which HTTP method and path, in which releases.

    python3 scripts/legacy_sdks.py [--cache DIR] [--out FILE] [--offline]

Output (default rules/legacy-sdks.json):

    {"format": 1, "generated": "YYYY-MM-DD",
     "sdks": [{"key": "py-v1", "package": "pypi PureCloudPlatformApiSdk",
               "versions": [oldest, ..., newest]}, ...],
     "methods": [[sdk, class, method, verb, path, first, last], ...]}

`sdk` indexes `sdks`; `first` and `last` index that SDK's `versions` (a
method present in releases that are not contiguous gets one row per run).
Standard library only, plus the `pip` and `npm` command lines.
"""
import argparse
import datetime
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PY_PACKAGE = "PureCloudPlatformApiSdk"
JS_PACKAGE = "purecloud_api_sdk_javascript"

PY_CLASS = re.compile(r"^class (\w+Api)\(object\):", re.M)
PY_DEF = re.compile(r"^    def ([a-z]\w*)\(self[,)]", re.M)
PY_PATH = re.compile(r"resource_path = '([^']+)'")
PY_VERB = re.compile(r"call_api\(resource_path, '([A-Z]+)'")
JS_METHOD = re.compile(
    r"^(\w+Api)\.prototype\.(\w+) = function \w*\(.*?\)\{(.*?)^\};", re.M | re.S
)
JS_PATH = re.compile(r"var requestPath = '([^']+)'")
JS_VERB = re.compile(r"makeRequest\('([A-Z]+)'")


def version_key(v):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", v)]


def py_versions(cache, offline):
    saved = os.path.join(cache, "py-versions.json")
    if offline and os.path.exists(saved):
        return json.load(open(saved))
    url = f"https://pypi.org/pypi/{PY_PACKAGE}/json"
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            data = json.load(r)
        versions = [v for v, files in data["releases"].items() if files]
    except OSError:
        out = subprocess.run(
            [sys.executable, "-m", "pip", "index", "versions", PY_PACKAGE],
            capture_output=True, text=True, check=True,
        ).stdout
        line = next(l for l in out.splitlines() if l.startswith("Available versions:"))
        versions = [v.strip() for v in line.split(":", 1)[1].split(",")]
    versions.sort(key=version_key)
    json.dump(versions, open(saved, "w"))
    return versions


def js_versions(cache, offline):
    saved = os.path.join(cache, "js-versions.json")
    if offline and os.path.exists(saved):
        return json.load(open(saved))
    out = subprocess.run(
        ["npm", "view", JS_PACKAGE, "versions", "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    versions = json.loads(out)
    if isinstance(versions, str):
        versions = [versions]
    versions.sort(key=version_key)
    json.dump(versions, open(saved, "w"))
    return versions


def py_release(cache, version):
    """{(class, method): (verb, path)} of one Python release."""
    folder = os.path.join(cache, f"py-{version}")
    os.makedirs(folder, exist_ok=True)
    archives = [f for f in os.listdir(folder) if f.endswith((".tar.gz", ".zip", ".whl"))]
    if not archives:
        # pip prepares an sdist's metadata even to download it.
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps",
             "-d", folder, f"{PY_PACKAGE}=={version}"],
            capture_output=True, check=True,
        )
        archives = [f for f in os.listdir(folder) if f.endswith((".tar.gz", ".zip", ".whl"))]
    path = os.path.join(folder, archives[0])
    sources = []
    if path.endswith(".tar.gz"):
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if re.search(r"/apis/\w+_api\.py$", m.name):
                    sources.append(t.extractfile(m).read().decode("utf-8", "replace"))
    else:
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if re.search(r"apis/\w+_api\.py$", n):
                    sources.append(z.read(n).decode("utf-8", "replace"))
    methods = {}
    for text in sources:
        c = PY_CLASS.search(text)
        if not c:
            continue
        defs = list(PY_DEF.finditer(text))
        for i, d in enumerate(defs):
            end = defs[i + 1].start() if i + 1 < len(defs) else len(text)
            body = text[d.end():end]
            p, v = PY_PATH.search(body), PY_VERB.search(body)
            if p and v:
                methods[(c.group(1), d.group(1))] = (v.group(1), p.group(1))
    return methods


def js_release(cache, version):
    folder = os.path.join(cache, f"js-{version}")
    os.makedirs(folder, exist_ok=True)
    archives = [f for f in os.listdir(folder) if f.endswith(".tgz")]
    if not archives:
        subprocess.run(["npm", "pack", f"{JS_PACKAGE}@{version}"], cwd=folder,
                       capture_output=True, check=True)
        archives = [f for f in os.listdir(folder) if f.endswith(".tgz")]
    methods = {}
    with tarfile.open(os.path.join(folder, archives[0])) as t:
        names = [m for m in t.getmembers() if m.name.endswith("dist/purecloud-api.js")]
        for m in names[:1]:
            text = t.extractfile(m).read().decode("utf-8", "replace")
            for x in JS_METHOD.finditer(text):
                p, v = JS_PATH.search(x.group(3)), JS_VERB.search(x.group(3))
                if p and v:
                    methods[(x.group(1), x.group(2))] = (v.group(1), p.group(1))
    return methods


def runs(releases):
    """[(class, method, verb, path, first, last)]: unbroken runs of releases."""
    rows = []
    open_runs = {}
    for i, methods in enumerate(releases):
        for key, target in methods.items():
            k = (key, target)
            if k in open_runs and open_runs[k][1] == i - 1:
                open_runs[k][1] = i
            else:
                if k in open_runs:
                    rows.append((*key, *target, *open_runs[k]))
                open_runs[k] = [i, i]
    for (key, target), (a, b) in open_runs.items():
        rows.append((*key, *target, a, b))
    return sorted(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/legacy-sdk-cache")
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", "legacy-sdks.json"))
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--generated", default=datetime.date.today().isoformat())
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    sdks, methods = [], []
    for key, package, versions, read in (
        ("py-v1", f"pypi {PY_PACKAGE}", py_versions(args.cache, args.offline), py_release),
        ("js-v1", f"npm {JS_PACKAGE}", js_versions(args.cache, args.offline), js_release),
    ):
        releases = []
        for v in versions:
            try:
                releases.append(read(args.cache, v))
            except (subprocess.CalledProcessError, OSError, tarfile.TarError, zipfile.BadZipFile) as e:
                print(f"{key} {v}: not read ({e})", file=sys.stderr)
                releases.append({})
        kept = [(v, r) for v, r in zip(versions, releases) if r]
        index = len(sdks)
        sdks.append({"key": key, "package": package, "versions": [v for v, _ in kept]})
        for row in runs([r for _, r in kept]):
            methods.append([index, *row])
        print(f"{key}: {len(kept)} of {len(versions)} releases, "
              f"{len({(r[0], r[1]) for r in runs([r for _, r in kept])})} methods")
    out = {"format": 1, "generated": args.generated, "sdks": sdks, "methods": methods}
    with open(args.out, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
