#!/usr/bin/env python3
"""Build rules/genesys-api.json from the project's reference data folder.

Usage: python3 scripts/bootstrap_rules_db.py ../shared/genesys-api rules/genesys-api.json

Reads operations.json (merged swagger + SDK facts), scopes.json, regions.json
and the split swagger (for summaries and deprecation notes). The output keeps
one operation per line so a database upgrade reviews as a readable diff.
"""
import glob
import json
import os
import re
import sys

import yaml

DEPRECATION = re.compile(r"deprecat|\binstead\b", re.I)


def deprecation_note(summary, description):
    """The sentences of the swagger text that speak about the deprecation."""
    picked = []
    for text in (summary, description):
        text = re.sub(r"\s+", " ", text or "").strip()
        for sentence in re.split(r"(?<=[.\]])\s+(?=[A-Z\[])", text):
            sentence = sentence.strip(" []")
            if DEPRECATION.search(sentence) and sentence not in picked:
                picked.append(sentence)
    note = " ".join(picked).strip()
    return note[:400] if note else None


def load_swagger(folder):
    info = {}
    version = None
    for path in sorted(glob.glob(os.path.join(folder, "swagger-split", "*.yml"))):
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=yaml.CSafeLoader)
        version = version or (doc.get("info") or {}).get("version")
        for p, item in (doc.get("paths") or {}).items():
            for method, op in item.items():
                if not isinstance(op, dict):
                    continue
                key = (method.upper(), p)
                info.setdefault(key, {
                    "summary": (op.get("summary") or "").strip() or None,
                    "description": op.get("description"),
                })
    return info, version


def main(src, dst):
    with open(os.path.join(src, "operations.json"), encoding="utf-8") as fh:
        ops = json.load(fh)
    with open(os.path.join(src, "scopes.json"), encoding="utf-8") as fh:
        scopes = json.load(fh)["scopes"]
    with open(os.path.join(src, "regions.json"), encoding="utf-8") as fh:
        regions = json.load(fh)["regions"]
    swagger, version = load_swagger(src)

    out_ops = []
    for o in ops:
        sw = swagger.get((o["method"], o["path"]), {})
        scheme = o.get("security_scheme")
        rec = {
            "method": o["method"],
            "path": o["path"],
            "sdk_method": o["sdk_method"],
            "sdk_method_py": o["sdk_method_py"],
            "scopes": o["scopes"],
            "inferred_scopes": o.get("inferred_scopes"),
            "permissions": o["permissions"],
            "security_scheme": scheme,
            "deprecated": bool(o["deprecated"]),
            "deprecation_note": deprecation_note(sw.get("summary"), sw.get("description")) if o["deprecated"] else None,
            "preview": bool(o["preview"]),
            "tags": o["tags"] or [],
            "sdk_classes": o["sdk_classes_js"] or [],
            "summary": sw.get("summary"),
        }
        out_ops.append(rec)
    out_ops.sort(key=lambda r: (r["path"], r["method"]))

    catalog = sorted(s for s in scopes if s != "all")
    provenance = {
        "source": "Genesys Cloud Platform API swagger (split by tag, info.version %s) merged with SDK facts "
                  "(npm purecloud-platform-client-v2@262.0.0, PyPI purecloudplatformclientv2@269.0.0)" % version,
        "swagger_version": version,
        "imported": "2026-11-21",
        "importer": "scripts/bootstrap_rules_db.py",
    }
    with open(dst, "w", encoding="utf-8") as fh:
        fh.write("{\n")
        fh.write(' "format": 1,\n')
        fh.write(' "provenance": %s,\n' % json.dumps(provenance, sort_keys=True))
        fh.write(' "regions": %s,\n' % json.dumps(regions, sort_keys=True))
        fh.write(' "scopes": %s,\n' % json.dumps(catalog))
        fh.write(' "operations": [\n')
        fh.write(",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in out_ops))
        fh.write("\n ]\n}\n")
    print("wrote %s: %d operations, %d scopes, %d regions" % (dst, len(out_ops), len(catalog), len(regions)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
