#!/usr/bin/env python3
"""Build rules/terraform-resources.json from a release of the Genesys Cloud
Terraform provider (MyPureCloud/terraform-provider-genesyscloud).

The provider generates one page per resource and data source
(docs/resources/*.md, docs/data-sources/*.md). Each page has an "API Usage"
section (the Platform API operations the resource calls, as
`* [METHOD /api/v2/...](link)` items) and a "Permissions and Scopes" section
(the permissions and OAuth scopes its authors list, as `* \`name\`` items).
This script reads those two sections, nothing else.

    python3 scripts/terraform_resources.py PROVIDER [--rev REF] [-o FILE]

PROVIDER is a git repository of the provider (a clone or a bare mirror): the
pages are read from the revision REF (default HEAD) with `git show`, so no
work tree is needed. The output is sorted and byte-identical across runs.
Merge it into the database with
`gclint db import ... --terraform rules/terraform-resources.json`
(docs/terraform.md). Standard library only.
"""

import argparse
import json
import re
import subprocess
import sys

API_LINE = re.compile(r"^\* \[(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (/api/v2/[^\]\s]*)\]")
NAME_LINE = re.compile(r"^\* `([^`]+)`")
TITLE = re.compile(r"^# (genesyscloud_[a-z0-9_]+) \((Resource|Data Source)\)")


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True, text=True
    ).stdout


def read_page(text):
    """The resource name, its kind, and the three lists of one page."""
    name = kind = None
    apis, permissions, scopes = [], [], []
    section = None
    listing = None
    for line in text.splitlines():
        title = TITLE.match(line)
        if title and name is None:
            name = title.group(1)
            kind = "data" if title.group(2) == "Data Source" else "resource"
            continue
        if line.startswith("## "):
            section = line[3:].strip()
            listing = None
            continue
        if section == "API Usage":
            m = API_LINE.match(line)
            if m:
                apis.append(f"{m.group(1)} {m.group(2)}")
        elif section == "Permissions and Scopes":
            lowered = line.lower()
            if "following permissions" in lowered:
                listing = permissions
            elif "following oauth scopes" in lowered:
                listing = scopes
            else:
                m = NAME_LINE.match(line)
                if m and listing is not None:
                    listing.append(m.group(1))
    return name, kind, apis, permissions, scopes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("provider", help="git repository of the provider")
    ap.add_argument("--rev", default="HEAD", help="revision to read (default HEAD)")
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = ap.parse_args()

    commit = git(args.provider, "rev-parse", args.rev).strip()
    date, subject = git(args.provider, "log", "-1", "--format=%cs%x00%s", commit).strip().split("\0", 1)
    version = None
    tags = git(args.provider, "tag", "--points-at", commit).split()
    for tag in sorted(tags):
        if re.fullmatch(r"v\d+\.\d+\.\d+", tag):
            version = tag
    if version is None:
        m = re.search(r"\bv(\d+\.\d+\.\d+)\b", subject)
        version = f"v{m.group(1)}" if m else None

    resources = {}
    listing = git(args.provider, "ls-tree", "-r", "--name-only", commit, "docs/resources", "docs/data-sources")
    for path in sorted(listing.split()):
        if not path.endswith(".md"):
            continue
        text = git(args.provider, "show", f"{commit}:{path}")
        name, kind, apis, permissions, scopes = read_page(text)
        if name is None:
            print(f"{path}: no `# genesyscloud_... (Resource|Data Source)` title, skipped", file=sys.stderr)
            continue
        key = f"data.{name}" if kind == "data" else name
        resources[key] = {
            "apis": apis,
            "kind": kind,
            "permissions": sorted(set(permissions)),
            "scopes": sorted(set(scopes)),
        }

    out = {
        "_doc": (
            "Per Terraform resource / data source of the Genesys Cloud provider: the Platform API "
            "operations it calls, and the permissions and OAuth scopes its docs list. Extracted from "
            "the provider's generated docs (docs/resources/*.md, docs/data-sources/*.md; MIT licence) "
            "by scripts/terraform_resources.py."
        ),
        "provider": {
            "commit": commit,
            "date": date,
            "repo": "MyPureCloud/terraform-provider-genesyscloud",
            "subject": subject,
        },
        "resources": dict(sorted(resources.items())),
    }
    if version:
        out["provider"]["version"] = version
    text = json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    uses = sum(len(r["apis"]) for r in resources.values())
    print(f"{len(resources)} resources and data sources, {uses} API uses, provider {version or commit[:12]}", file=sys.stderr)


if __name__ == "__main__":
    main()
