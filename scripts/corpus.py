#!/usr/bin/env python3
"""The real-world development corpus: public repositories that use Genesys
Cloud, pinned by commit, rebuilt from a folder of fetched mirrors.

    python3 scripts/corpus.py build MIRRORS OUT
        Extract each repository of tests/corpus/repos.toml at its pinned
        commit from MIRRORS (bare git directories named `owner+name`, as the
        search tool's `fetch` leaves them) into OUT/owner+name. Blobs the
        snapshot lacks (files of 4 MiB and more) are listed and left out.

    python3 scripts/corpus.py pin MIRRORS
        Print repos.toml entries (name and HEAD commit) for the mirrors in
        MIRRORS that the list does not hold yet.

    python3 scripts/corpus.py run OUT [--gclint PATH] [--json DIR]
        Run `gclint check` over each extracted repository (as a new user
        would: from its root, no configuration) and print the findings by
        rule; with --json, keep each repository's JSON report in DIR.

    python3 scripts/corpus.py precision OUT [--gclint PATH]
        Compare the findings with the reviewed verdicts of
        tests/corpus/findings.tsv and print the per-rule table of
        docs/precision.md; findings without a verdict are listed.

    python3 scripts/corpus.py calls OUT [--gclint PATH]
        Compare the hand-labelled call sites of tests/corpus/calls.tsv with
        the operations `gclint calls` resolves there.

    python3 scripts/corpus.py same OUT --against OLD [--gclint PATH]
        Run `gclint check` and `gclint calls` with both binaries over each
        extracted repository and compare what they report, whole (rule,
        spans, messages, operations). A change meant to be only faster must
        print "same" for every repository.

No third-party code is committed: only names, commits and labels.
"""
import argparse
import collections
import csv
import re
import glob
import json
import os
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "corpus")
REPOS = os.path.join(CORPUS, "repos.toml")
FINDINGS = os.path.join(CORPUS, "findings.tsv")
CALLS = os.path.join(CORPUS, "calls.tsv")


def load_repos():
    with open(REPOS, "rb") as f:
        return tomllib.load(f)["repo"]


def slug(name):
    return name.replace("/", "+")


def git_dir(mirrors, name):
    """The bare git directory of a fetched mirror (`repo/` or `repo/.git`)."""
    base = os.path.join(mirrors, slug(name))
    for candidate in (os.path.join(base, "repo"), os.path.join(base, "repo", ".git"), base):
        if os.path.isfile(os.path.join(candidate, "HEAD")) and os.path.isdir(
            os.path.join(candidate, "objects")
        ):
            return candidate
    return None


def git(gdir, *args, **kw):
    return subprocess.run(["git", "--git-dir", gdir, *args], check=True, capture_output=True, **kw).stdout


def extract(gdir, commit, out):
    """Write the tree of `commit` into `out`, skipping blobs the snapshot lacks."""
    listing = git(gdir, "ls-tree", "-r", "-z", "--full-tree", commit)
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha.decode(), path.decode("utf-8", "surrogateescape")))
    missing = []
    batch = subprocess.Popen(
        ["git", "--git-dir", gdir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    for mode, sha, path in entries:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 2 or header[1] == b"missing":
            missing.append(path)
            continue
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)
        if mode == b"120000":
            continue  # symlinks stay out: gclint does not follow them anyway
        if mode == b"160000":
            continue
        target = os.path.join(out, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    batch.stdin.close()
    batch.wait()
    return len(entries) - len(missing), missing


def cmd_build(args):
    repos = load_repos()
    failed = 0
    for repo in repos:
        gdir = git_dir(args.mirrors, repo["name"])
        if gdir is None:
            print(f"{repo['name']}: no mirror in {args.mirrors} (fetch it first)", file=sys.stderr)
            failed += 1
            continue
        out = os.path.join(args.out, slug(repo["name"]))
        if os.path.isdir(out):
            subprocess.run(["rm", "-rf", out], check=True)
        try:
            written, missing = extract(gdir, repo["commit"], out)
        except subprocess.CalledProcessError as e:
            print(f"{repo['name']}: {e.stderr.decode().strip()}", file=sys.stderr)
            failed += 1
            continue
        note = f", {len(missing)} absent from the snapshot" if missing else ""
        print(f"{repo['name']} @ {repo['commit'][:10]}: {written} files{note}")
    print(f"{len(repos) - failed} of {len(repos)} repositories in {args.out}")
    return 1 if failed else 0


def cmd_pin(args):
    known = {r["name"] for r in load_repos()} if os.path.exists(REPOS) else set()
    for entry in sorted(os.listdir(args.mirrors)):
        name = entry.replace("+", "/", 1)
        if name in known:
            continue
        gdir = git_dir(args.mirrors, name)
        if gdir is None:
            continue
        commit = git(gdir, "rev-parse", "HEAD").decode().strip()
        print(f'[[repo]]\nname = "{name}"\ncommit = "{commit}"\nkind = ""\nlanguages = []\n')
    return 0


def gclint_bin(args):
    path = args.gclint or os.path.join(ROOT, "target", "release", "gclint")
    if not os.path.exists(path):
        sys.exit(f"{path} not found: cargo build --release first")
    return os.path.abspath(path)


def check_repo(binary, root):
    proc = subprocess.run(
        [binary, "check", ".", "--format", "json", "--fail-on", "never"],
        cwd=root,
        capture_output=True,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{root}: gclint exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return json.loads(proc.stdout)


def findings(binary, out):
    """(repo, rule, file, line, message) for every unsuppressed finding."""
    rows = []
    for repo in load_repos():
        root = os.path.join(out, slug(repo["name"]))
        if not os.path.isdir(root):
            print(f"{repo['name']}: not extracted", file=sys.stderr)
            continue
        report = check_repo(binary, root)
        for d in report["diagnostics"]:
            if d.get("suppressed"):
                continue
            loc = d["location"]
            rows.append((repo["name"], d["rule"], loc["file"], loc["start"]["line"], d["message"]))
    return rows


def cmd_run(args):
    binary = gclint_bin(args)
    by_rule = collections.Counter()
    by_repo = collections.Counter()
    for repo, rule, _file, _line, _msg in findings(binary, args.out):
        by_rule[rule] += 1
        by_repo[repo] += 1
    for rule, n in by_rule.most_common():
        print(f"{n:6}  {rule}")
    print(f"{sum(by_rule.values()):6}  total")
    print()
    for repo, n in by_repo.most_common():
        print(f"{n:6}  {repo}")
    return 0


def read_tsv(path):
    with open(path, newline="") as f:
        return [row for row in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t")]


def cmd_precision(args):
    binary = gclint_bin(args)
    verdicts = {}
    for row in read_tsv(FINDINGS):
        # A held-out label may name other lines where the same finding is
        # equally well placed (`also:N,M` at the end of its note).
        also = re.search(r"also:([0-9,]+)\s*$", row.get("note") or "")
        lines = {int(row["line"])} | {int(n) for n in also.group(1).split(",") if n} if also else {int(row["line"])}
        for line in lines:
            verdicts.setdefault((row["repo"], row["rule"], row["file"], line), row)
    table = collections.defaultdict(lambda: collections.Counter())
    unreviewed = []
    for repo, rule, file, line, msg in findings(binary, args.out):
        row = verdicts.get((repo, rule, file, line))
        table[rule]["findings"] += 1
        if row is None:
            unreviewed.append(f"{repo}\t{rule}\t{file}\t{line}\t{msg[:160]}")
            continue
        table[rule]["reviewed"] += 1
        table[rule]["true" if row["verdict"] == "true" else "false"] += 1
    total = collections.Counter()
    print("| rule | findings | reviewed | true | false | precision |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for rule in sorted(table):
        c = table[rule]
        total.update(c)
        p = f"{100 * c['true'] / c['reviewed']:.1f}%" if c["reviewed"] else "—"
        print(f"| `{rule}` | {c['findings']} | {c['reviewed']} | {c['true']} | {c['false']} | {p} |")
    p = f"{100 * total['true'] / total['reviewed']:.1f}%" if total["reviewed"] else "—"
    print(f"| total | {total['findings']} | {total['reviewed']} | {total['true']} | {total['false']} | {p} |")
    if unreviewed:
        print(f"\n{len(unreviewed)} findings without a verdict:", file=sys.stderr)
        for line in unreviewed:
            print(line, file=sys.stderr)
    return 0


def cmd_calls(args):
    binary = gclint_bin(args)
    labels = read_tsv(CALLS)
    by_repo = collections.defaultdict(list)
    for row in labels:
        by_repo[row["repo"]].append(row)
    right = wrong = missed = 0
    for repo, rows in sorted(by_repo.items()):
        root = os.path.join(args.out, slug(repo))
        proc = subprocess.run(
            [binary, "calls", ".", "--format", "json"], cwd=root, capture_output=True
        )
        if proc.returncode not in (0, 1):
            sys.exit(f"{repo}: gclint calls exited {proc.returncode}: {proc.stderr.decode()[:400]}")
        found = collections.defaultdict(set)
        for call in json.loads(proc.stdout)["calls"]:
            at = (call["file"], call["start"]["line"])
            if call.get("operation"):
                found[at].add(call["operation"]["operation_id"])
            else:
                found[at].add("?" + call["written"])
        for row in rows:
            got = found.get((row["file"], int(row["line"])), set()) | found.get(
                (row["file"], int(row["literal_line"])), set()
            )
            unknown_path = row["operation"].startswith("none:") and any(
                g.startswith("?/") or g.startswith("?" + row["operation"][5:].split(" ")[0]) for g in got
            )
            if row["operation"] in got or unknown_path:
                right += 1
            elif got:
                wrong += 1
                print(f"wrong   {repo} {row['file']}:{row['line']} want {row['operation']} got {sorted(got)}")
            else:
                missed += 1
                print(f"missed  {repo} {row['file']}:{row['line']} want {row['operation']}")
    total = right + wrong + missed
    repos = len(by_repo)
    print(f"{right} of {total} labelled call sites in {repos} repositories resolved to the labelled operation"
          f" ({100 * right / max(total, 1):.1f}%); {wrong} to another operation, {missed} not found")
    return 0


def report_of(binary, root, verb):
    """What `gclint VERB` reports on one tree, as JSON, without the run's own facts."""
    proc = subprocess.run(
        [binary, verb, ".", "--format", "json", "--fail-on", "never"] if verb == "check" else [binary, verb, ".", "--format", "json"],
        cwd=root,
        capture_output=True,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{root}: gclint {verb} exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    report = json.loads(proc.stdout)
    report.pop("tool", None)
    return report


def cmd_same(args):
    new, old = gclint_bin(args), args.against
    differ = 0
    for repo in load_repos():
        root = os.path.join(args.out, slug(repo["name"]))
        if not os.path.isdir(root):
            print(f"{repo['name']}: not extracted", file=sys.stderr)
            continue
        for verb in ("check", "calls"):
            a, b = report_of(old, root, verb), report_of(new, root, verb)
            if a != b:
                differ += 1
                print(f"differs {repo['name']} ({verb})")
                for key in sorted(set(a) | set(b)):
                    if a.get(key) != b.get(key):
                        print(f"  {key}: {json.dumps(a.get(key))[:300]}\n  -> {json.dumps(b.get(key))[:300]}")
    print("same" if differ == 0 else f"{differ} reports differ")
    return 1 if differ else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("build")
    p.add_argument("mirrors")
    p.add_argument("out")
    p = sub.add_parser("pin")
    p.add_argument("mirrors")
    for name in ("run", "precision", "calls"):
        p = sub.add_parser(name)
        p.add_argument("out")
        p.add_argument("--gclint")
    p = sub.add_parser("same")
    p.add_argument("out")
    p.add_argument("--gclint")
    p.add_argument("--against", required=True)
    args = parser.parse_args()
    return {"build": cmd_build, "pin": cmd_pin, "run": cmd_run, "precision": cmd_precision, "calls": cmd_calls, "same": cmd_same}[
        args.cmd
    ](args)


if __name__ == "__main__":
    sys.exit(main())
