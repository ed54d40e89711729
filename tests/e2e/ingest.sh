# ingest.sh: ingest pages and texts end to end; check what the database holds.
. "$TOP/tests/e2e-lib.sh"

# the seed article: title, clean body, tags
expect_status 0 "$SECNEWS" ingest "$SHARED/corpus/seed-article.txt"
contains out.txt "new"
contains out.txt "State-sponsored hackers in China targeting email services: Microsoft"
[ "$(sql "SELECT title FROM article")" = "State-sponsored hackers in China targeting email services: Microsoft" ] || die "title"
sql "SELECT body FROM article" > body.txt
head -c 51 body.txt | grep -qF "Microsoft has said a state-sponsored hacking group" || die "body start: $(head -c 80 body.txt)"
for noise in "GA4" "27.2 C" "Singapore" "Tuesday, June 23" "Advertisement" "Hot this week" "Popular Categories" "addEventListener" "Enable Notifications" "No thanks"; do
	lacks body.txt "$noise"
done
contains body.txt "SolarWinds-related attacks."
tags=$(sql "SELECT e.kind || ':' || e.name FROM mention m JOIN entity e ON e.id = m.entity_id ORDER BY 1" | tr '\n' ',')
for t in "actor:HAFNIUM" "vendor:Microsoft" "vendor:SolarWinds" "product:Microsoft Exchange Server"; do
	case ",$tags" in *",$t,"*) ;; *) die "missing tag $t in $tags" ;; esac
done
[ "$(sql "SELECT vendor FROM entity WHERE kind='product' AND name='Microsoft Exchange Server'")" = "Microsoft" ] || die "product vendor"

# the same file again: unchanged; the same text under another name: a copy,
# stored in the first one's story, and ingest says which
expect_status 0 "$SECNEWS" ingest "$SHARED/corpus/seed-article.txt"
contains out.txt "unchanged"
cp "$SHARED/corpus/seed-article.txt" copy.txt
expect_status 0 "$SECNEWS" ingest copy.txt
contains out.txt "copy	2	copy.txt"
contains err.txt "the same story as article 1"
contains err.txt "seed-article.txt"
[ "$(sql "SELECT count(*) FROM article")" = 2 ] || die "the copy was not stored"
[ "$(sql "SELECT count(DISTINCT story) FROM article")" = 1 ] || die "the copy is not in the first one's story"
expect_status 0 "$SECNEWS" ingest copy.txt
contains out.txt "unchanged"
# show names both addresses; listings count the copy
expect_status 0 "$SECNEWS" show 2
contains out.txt "seed-article.txt"
contains out.txt "copy.txt"
expect_status 0 "$SECNEWS" actor hafnium --format json
contains out.txt '"copies":2'
sql "DELETE FROM article WHERE id = 2"

# a changed text under a known URL: updated, old mentions replaced
printf 'Patch now\n\nAPT28 exploited a Cisco router flaw, researchers said on Monday in a long report.\n' > story.txt
expect_status 0 "$SECNEWS" ingest --url https://news.example/story story.txt
contains out.txt "new"
printf 'Patch now\n\nLazarus Group exploited an Ivanti flaw, researchers said on Monday in a long report.\n' > story.txt
expect_status 0 "$SECNEWS" ingest --url https://news.example/story story.txt
contains out.txt "updated"
n=$(sql "SELECT count(*) FROM mention m JOIN article a ON a.id = m.article_id JOIN entity e ON e.id = m.entity_id WHERE a.url = 'https://news.example/story' AND e.name = 'APT28'")
[ "$n" = 0 ] || die "old mention kept after update"

# stdin
printf 'Stdin story\n\nSandworm Team attacked a power grid operator again, officials said today in a statement.\n' |
	"$SECNEWS" ingest - >out.txt 2>err.txt || die "stdin ingest failed: $(cat err.txt)"
contains out.txt "new"

# a folder, recursively, with one bad file among good ones: the others are stored
mkdir -p pages/sub
cp "$TOP/data/samples/proxylogon-advisory.html" pages/
cp "$TOP/data/samples/midnight-blizzard.html" pages/sub/
: > pages/empty.txt
head -c 4096 /dev/urandom > pages/sub/binary.bin
before=$(sql "SELECT count(*) FROM article")
expect_status 3 "$SECNEWS" ingest pages
after=$(sql "SELECT count(*) FROM article")
[ $((after - before)) = 2 ] || die "expected 2 new articles from the folder, got $((after - before))"
contains err.txt "pages/empty.txt"
contains err.txt "binary.bin"
contains err.txt "2 new"

# bad input: one clear message each, non-zero status, nothing lost
expect_status 3 "$SECNEWS" ingest does-not-exist.html
contains err.txt "does-not-exist.html"
mkdir emptydir
expect_status 3 "$SECNEWS" ingest emptydir
contains err.txt "emptydir"
expect_status 2 "$SECNEWS" ingest
expect_status 2 "$SECNEWS" ingest --bogus x
[ "$(sql "SELECT count(*) FROM article")" = "$after" ] || die "articles lost"
[ "$(sql "PRAGMA integrity_check")" = ok ] || die "integrity"
sql "INSERT INTO article_fts(article_fts) VALUES ('integrity-check')" || die "fts integrity"

# an article naming every known actor: a bounded write, the limit configurable
"$SECNEWS" dict list --kind actor --format csv > actors.csv || die "dict list"
{
	echo "Every group at once"
	echo
	/usr/bin/python3 -c '
import csv
names = [r[1] for r in csv.reader(open("actors.csv")) if r and r[0] == "actor"]
assert len(names) >= 150, len(names)
print("Researchers said the following groups were active: " + ", ".join(names) + ".")
'
} > every.txt
expect_status 0 "$SECNEWS" --max-mentions 25 ingest --url https://every.example/ every.txt
contains err.txt "--max-mentions"
n=$(sql "SELECT count(*) FROM mention m JOIN article a ON a.id = m.article_id WHERE a.url = 'https://every.example/'")
[ "$n" -le 25 ] && [ "$n" -ge 10 ] || die "mentions stored with --max-mentions 25: $n"
expect_status 0 "$SECNEWS" retag
n=$(sql "SELECT count(*) FROM mention m JOIN article a ON a.id = m.article_id WHERE a.url = 'https://every.example/'")
[ "$n" -ge 150 ] || die "retag with the default limit stored only $n mentions"
