# stories.sh: syndicated copies of one wire story are grouped, listed once.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$SHARED/corpus/seed-article.txt"
# the same AFP story on another site: another header, a reworded first
# sentence, no credit line, a different desk code
{
	echo "Technology | Wednesday 24 June 2026"
	echo
	echo "State-sponsored hackers in China targeting email services: Microsoft"
	echo
	sed -n '/^The company said/,/^Microsoft said Tuesday/p' "$SHARED/corpus/seed-article.txt" | sed 's| /AFP||'
	echo
	echo "Tech giant Microsoft said a state-sponsored group was exploiting flaws in its Exchange software."
} > copy.txt
expect_status 0 "$SECNEWS" ingest --url https://other-news.example/afp-hafnium copy.txt
contains out.txt "copy"
contains err.txt "the same story as article 1"
[ "$(sql "SELECT count(*) FROM article")" = 2 ] || die "the copy is its own article"
[ "$(sql "SELECT count(DISTINCT story) FROM article")" = 1 ] || die "the copies are not one story"

# an unrelated article stays its own story
expect_status 0 "$SECNEWS" ingest "$TOP/data/samples/midnight-blizzard.html"
[ "$(sql "SELECT count(DISTINCT story) FROM article")" = 2 ] || die "an unrelated article joined the story"

# listings show the story once, with its number of copies
expect_status 0 "$SECNEWS" actor hafnium --format json
[ "$(wc -l < out.txt)" = 1 ] || die "story listed more than once: $(cat out.txt)"
contains out.txt '"copies":2'
# show names the other copy
first=$(sql "SELECT min(id) FROM article")
expect_status 0 "$SECNEWS" show "$first"
contains out.txt "https://other-news.example/afp-hafnium"
# export keeps every record
expect_status 0 "$SECNEWS" export --format csv --actor hafnium
[ "$(grep -c 'State-sponsored' out.txt)" = 2 ] || die "export folded copies"
