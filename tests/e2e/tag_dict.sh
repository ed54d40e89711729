# tag_dict.sh: `dict list`, `dict check`, `dict import` into --db, and the tagger using it.
. "$TOP/tests/e2e-lib.sh"

# bundled only (no database)
expect_status 0 "$SECNEWS" dict list --kind actor
contains out.txt "HAFNIUM"
contains out.txt "Silk Typhoon"
lacks out.txt "vendor "
[ "$(grep -c '^actor' out.txt)" -ge 150 ] || die "fewer than 150 actors"
expect_status 0 "$SECNEWS" dict list --kind vendor --format json
contains out.txt '{"kind":"vendor","name":"Microsoft","ids":["cpe:microsoft"],'
expect_status 0 "$SECNEWS" dict list --kind product --format csv
contains out.txt 'product,Microsoft Exchange Server,Microsoft,,'
expect_status 2 "$SECNEWS" dict list --kind planet
expect_status 2 "$SECNEWS" dict frobnicate
expect_status 0 "$SECNEWS" dict check
contains out.txt "shared aliases"
contains out.txt "common-word aliases"

# a group the bundled dictionaries do not know, imported as STIX
cat >group.json <<'JSON'
{"type": "bundle", "objects": [{"type": "intrusion-set", "name": "Quartz Wombat",
 "aliases": ["Quartz Wombat", "Glassy Marsupial"],
 "external_references": [{"source_name": "mitre-attack", "external_id": "G9990"}]},
 {"type": "intrusion-set", "name": "Old Wombat", "revoked": true}]}
JSON
printf 'Glassy Marsupial and Hafnium struck.\n' >a.txt
expect_status 0 "$SECNEWS" tag --raw a.txt
lacks out.txt "Quartz Wombat"
expect_status 0 "$SECNEWS" dict import group.json
contains err.txt "1 entries imported"
expect_status 0 "$SECNEWS" tag --raw a.txt
contains out.txt '"name":"Quartz Wombat","text":"Glassy Marsupial"'
contains out.txt '"name":"HAFNIUM"'
[ "$(sql "SELECT count(*) FROM entity WHERE kind='actor' AND name='Quartz Wombat'")" = 1 ] || die "entity not stored"
[ "$(sql "SELECT count(*) FROM alias WHERE norm='glassy marsupial'")" = 1 ] || die "alias not stored"

# importing ../shared/intel merges with the bundled entries: one HAFNIUM
expect_status 0 "$SECNEWS" dict import "$SHARED/intel/misp-galaxy/clusters/microsoft-activity-group.json" \
	"$SHARED/intel/cisa-kev/known_exploited_vulnerabilities.csv"
contains err.txt "microsoft-activity-group"
contains err.txt "CISA KEV (CSV)"
expect_status 0 "$SECNEWS" dict list --kind actor --format csv
[ "$(grep -c '^actor,HAFNIUM,' out.txt)" = 1 ] || die "not exactly one HAFNIUM"
[ "$(grep -ci 'silk typhoon' out.txt)" = 1 ] || die "Silk Typhoon names more than one actor"

# bad input
printf 'not json\n' >bad.txt
expect_status 3 "$SECNEWS" dict import bad.txt
contains err.txt "bad.txt"
expect_status 3 "$SECNEWS" dict import /nonexistent.json
expect_status 2 "$SECNEWS" dict import
exit 0
