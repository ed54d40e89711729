# export_stix.sh: the STIX 2.1 export validates against the official schemas
# and is the same bytes when exported again.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$TOP/data/samples" "$SHARED/corpus/security/threatpost-android-ransomware/source.html"
expect_status 0 "$SECNEWS" export --format stix -o bundle.json
/usr/bin/python3 "$TOP/tests/stix_validate.py" "$SHARED/stix/schemas" bundle.json > v.txt 2>&1 || { cat v.txt; die "bundle does not validate"; }
/usr/bin/python3 - <<'PY' || die "bundle content"
import json
b = json.load(open("bundle.json"))
types = {}
for o in b["objects"]:
    types.setdefault(o["type"], []).append(o)
assert len(types["report"]) >= 4, types.keys()
sets = {o["name"]: o for o in types["intrusion-set"]}
assert "HAFNIUM" in sets, sets.keys()
assert "Silk Typhoon" in sets["HAFNIUM"].get("aliases", []), sets["HAFNIUM"]
assert any(o["name"] == "Microsoft" for o in types["identity"])
assert any(o["name"] == "CVE-2021-26855" for o in types["vulnerability"])
assert any(o["name"] == "Microsoft Exchange Server" for o in types["software"])
rels = [(o["source_ref"], o["relationship_type"], o["target_ref"]) for o in types["relationship"]]
assert any(s == sets["HAFNIUM"]["id"] for s, _, _ in rels), rels
seed = [o for o in types["report"] if o["name"].startswith("State-sponsored")][0]
assert sets["HAFNIUM"]["id"] in seed["object_refs"]
PY
expect_status 0 "$SECNEWS" export --format stix -o again.json
cmp -s bundle.json again.json || die "a second export gave different bytes"
# a filter narrows the bundle
expect_status 0 "$SECNEWS" export --format stix --actor apt29
/usr/bin/python3 -c '
import json
b = json.load(open("out.txt"))
reports = [o for o in b["objects"] if o["type"] == "report"]
assert len(reports) == 1, [r["name"] for r in reports]
' || die "filtered bundle"
