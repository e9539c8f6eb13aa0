#!/usr/bin/env python3
"""The held-out evaluation set: public repositories that use Genesys Cloud,
pinned, labelled blind (tests/heldout/), kept apart from the development
corpus (tests/corpus/).

    python3 scripts/heldout.py TREES [--gclint PATH] [--detail]

TREES holds each repository of tests/heldout/repos.toml extracted at its
pinned commit as TREES/owner+name (as `scripts/corpus.py build` extracts the
development corpus). Prints totals only:

  call sites  labelled sites of tests/heldout/calls.tsv (production, and with
              test code), resolved by `gclint calls` at the labelled line or
              literal_line to the labelled operation / to another operation /
              not found. A `none:` label (the code calls something that is no
              operation) is right when gclint reports an unresolved call there.
  findings    every finding of `gclint check`, judged by
              tests/heldout/findings.tsv: true / false / unreviewed, precision;
              and the blind labels (the rows before the review marker) that
              gclint found / missed (recall).

--detail adds one line per missed or wrong call site, per unreviewed finding
and per missed label. Keep the detail away from whoever works on gclint:
the set only measures what it has not seen.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (reused: slug, read_tsv, check_repo)

ROOT = corpus.ROOT
HELDOUT = os.path.join(ROOT, "tests", "heldout")
REPOS = os.path.join(HELDOUT, "repos.toml")
CALLS = os.path.join(HELDOUT, "calls.tsv")
FINDINGS = os.path.join(HELDOUT, "findings.tsv")
REVIEW_MARKER = "# --- review of gclint"
# Rules that both say "no such operation": a label of one matches a finding of the other.
FAMILIES = [{"unknown-endpoint", "method-not-allowed"}]


def load_repos():
    with open(REPOS, "rb") as f:
        return tomllib.load(f)["repo"]


def read_findings():
    """(blind labels, all verdict rows): rows after REVIEW_MARKER are review verdicts, not labels."""
    blind, rows, after = [], [], False
    with open(FINDINGS, newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    for line in lines[1:]:
        if line.startswith(REVIEW_MARKER):
            after = True
            continue
        if not line.strip() or line.startswith("#"):
            continue
        row = dict(zip(header, line.split("\t")))
        row["line"] = int(row["line"])
        row["lines"] = {row["line"]} | also_lines(row.get("note", ""))
        row["blind"] = not after
        rows.append(row)
        if not after:
            blind.append(row)
    return blind, rows


def also_lines(note):
    m = re.search(r"also:([0-9,]+)\s*$", note or "")
    return {int(x) for x in m.group(1).split(",") if x} if m else set()


def same_rule(a, b):
    return a == b or any(a in fam and b in fam for fam in FAMILIES)


def run_json(binary, root, args):
    proc = subprocess.run([binary, *args], cwd=root, capture_output=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{root}: gclint {args[0]} exited {proc.returncode}: {proc.stderr.decode()[:400]}")
    return json.loads(proc.stdout)


def gclint_bin(path):
    path = path or os.path.join(ROOT, "target", "release", "gclint")
    if not os.path.exists(path):
        sys.exit(f"{path} not found: cargo build --release first, or --gclint PATH")
    return os.path.abspath(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees")
    ap.add_argument("--gclint")
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args()
    binary = gclint_bin(args.gclint)
    detail = []

    labels = corpus.read_tsv(CALLS)
    by_repo = collections.defaultdict(list)
    for row in labels:
        by_repo[row["repo"]].append(row)
    blind, verdict_rows = read_findings()
    # A finding label placed on a labelled call's line also accepts the call's literal_line.
    lit = {(r["repo"], r["file"], int(r["line"])): int(r["literal_line"]) for r in labels}
    for r in verdict_rows:
        extra = lit.get((r["repo"], r["file"], r["line"]))
        if extra:
            r["lines"].add(extra)

    calls = {"prod": collections.Counter(), "all": collections.Counter()}
    fnd = collections.Counter()
    found_labels = set()
    missing_trees = 0

    for repo in load_repos():
        name = repo["name"]
        root = os.path.join(args.trees, corpus.slug(name))
        if not os.path.isdir(root):
            print(f"{name}: not extracted in {args.trees}", file=sys.stderr)
            missing_trees += 1
            continue

        # --- call sites
        got = collections.defaultdict(set)
        for call in run_json(binary, root, ["calls", ".", "--format", "json"])["calls"]:
            at = (call["file"], call["start"]["line"])
            op = call.get("operation")
            got[at].add(op["operation_id"] if op else None)
        for row in by_repo.get(name, []):
            here = got.get((row["file"], int(row["line"])), set()) | got.get(
                (row["file"], int(row["literal_line"])), set()
            )
            want = row["operation"]
            if want.startswith("none:"):
                verdict = "right" if None in here else ("wrong" if here else "missed")
            else:
                verdict = "right" if want in here else ("wrong" if here else "missed")
            is_test = "test" in row["idiom"].split(",")
            calls["all"][verdict] += 1
            if not is_test:
                calls["prod"][verdict] += 1
            if verdict != "right":
                shown = sorted(o or "(unresolved)" for o in here)
                detail.append(f"call {verdict:6} {name} {row['file']}:{row['line']} want {want} got {shown}")

        # --- findings
        report = corpus.check_repo(binary, root)
        for d in report["diagnostics"]:
            if d.get("suppressed"):
                continue
            rule, file, line = d["rule"], d["location"]["file"], d["location"]["start"]["line"]
            fnd["total"] += 1
            match = [
                r for r in verdict_rows
                if r["repo"] == name and r["file"] == file and line in r["lines"] and same_rule(r["rule"], rule)
            ]
            exact = [r for r in match if r["rule"] == rule and r["line"] == line]
            row = (exact or match or [None])[0]
            if row is None:
                fnd["unreviewed"] += 1
                detail.append(f"finding unreviewed {name}\t{rule}\t{file}\t{line}\t{d['message'][:160]}")
                continue
            fnd["true" if row["verdict"] == "true" else "false"] += 1
            for r in match:
                if r["blind"]:
                    found_labels.add(id(r))

    for r in blind:
        if id(r) not in found_labels:
            detail.append(f"label missed {r['repo']}\t{r['rule']}\t{r['file']}\t{r['line']}")

    def line(title, c):
        total = sum(c.values())
        pct = 100 * c["right"] / total if total else 0
        return (f"{title}: {total} labelled; right operation at the right line {c['right']} ({pct:.1f}%), "
                f"wrong operation {c['wrong']}, missed {c['missed']}")

    print(f"held-out repositories: {len(load_repos()) - missing_trees} of {len(load_repos())}")
    print(line("call sites (production)", calls["prod"]))
    print(line("call sites (with tests)", calls["all"]))
    reviewed = fnd["true"] + fnd["false"]
    prec = f"{100 * fnd['true'] / reviewed:.1f}%" if reviewed else "n/a"
    print(f"findings: {fnd['total']} reported; true {fnd['true']}, false {fnd['false']}, "
          f"unreviewed {fnd['unreviewed']}; precision {prec} (of reviewed)")
    nb = len(blind)
    nf = sum(1 for r in blind if id(r) in found_labels)
    print(f"blind finding labels: {nb}; found {nf}, missed {nb - nf} (recall {100 * nf / nb:.1f}%)" if nb else
          "blind finding labels: 0")
    if args.detail:
        print()
        for d in detail:
            print(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
