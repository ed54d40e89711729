# tag_retag.sh: `retag` tags every stored article again with the current dictionaries.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" init
i=1
while [ $i -le 300 ]; do
	echo "INSERT INTO article(url, title, body, fetched, hash) VALUES ('file:///a$i', 'Story $i',
	  'Microsoft said Hafnium exploited Exchange. Glassy Marsupial was seen too. CVE-2021-26855.',
	  '2026-01-01T00:00:00Z', 'h$i');"
	i=$((i + 1))
done >insert.sql
sqlite3 "$SECNEWS_DB" <insert.sql || die "cannot insert articles"
[ "$(sql 'SELECT count(*) FROM mention')" = 0 ] || die "mentions before retag"

expect_status 0 "$SECNEWS" retag
contains err.txt "retagged 300 articles"
hafnium="SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'HAFNIUM'"
[ "$(sql "$hafnium")" = 300 ] || die "HAFNIUM mentions: $(sql "$hafnium")"
exch="SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'Microsoft Exchange Server'"
[ "$(sql "$exch")" = 300 ] || die "Exchange mentions: $(sql "$exch")"
[ "$(sql "SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.kind = 'cve'")" = 300 ] ||
	die "CVE mentions missing"

# a dictionary change, then retag: the new group is found, nothing is doubled
printf '{"type":"intrusion-set","name":"Quartz Wombat","aliases":["Glassy Marsupial"]}\n' >g.json
expect_status 0 "$SECNEWS" dict import g.json
expect_status 0 "$SECNEWS" retag
wombat="SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'Quartz Wombat'"
[ "$(sql "$wombat")" = 300 ] || die "Quartz Wombat mentions: $(sql "$wombat")"
[ "$(sql "$hafnium")" = 300 ] || die "HAFNIUM mentions doubled: $(sql "$hafnium")"
expect_status 2 "$SECNEWS" retag --bogus
exit 0
