/* bench_export.c: throughput of the export writers, for `make bench` (the lead's
 * harness includes this file and calls bench_export for each format).
 *
 * bench_export("csv"|"json"|"stix", N) writes N synthetic tagged articles
 * (two actors, two vendors, one product, two CVEs each, drawn from pools of
 * a few hundred names so that the STIX writer deduplicates) to /dev/null and
 * returns articles per second, or -1 on error. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "export/export.h"

double bench_export(const char *format, size_t n);

double bench_export(const char *format, size_t n)
{
	FILE *f = fopen("/dev/null", "w");
	if (!f)
		return -1;
	int kind = strcmp(format, "csv") == 0 ? 0 : strcmp(format, "json") == 0 ? 1 : 2;
	struct stix_writer *w = kind == 2 ? stix_begin(f) : NULL;
	if (kind == 0)
		csv_write_header(f);
	char names[7][48], url[96], title[160];
	const char *act[2] = {names[0], names[1]}, *ven[2] = {names[2], names[3]}, *prod[1] = {names[4]},
		   *cve[2] = {names[5], names[6]};
	struct export_entity ents[5];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(names[0], 48, "Actor %zu", i % 300);
		snprintf(names[1], 48, "Actor %zu", (i * 7 + 1) % 300);
		snprintf(names[2], 48, "Vendor %zu", i % 500);
		snprintf(names[3], 48, "Vendor %zu", (i * 3 + 2) % 500);
		snprintf(names[4], 48, "Product %zu", i % 800);
		snprintf(names[5], 48, "CVE-2024-%zu", 1000 + i % 5000);
		snprintf(names[6], 48, "CVE-2025-%zu", 1000 + (i * 11) % 5000);
		snprintf(url, sizeof url, "https://news.example/%zu/story", i);
		snprintf(title, sizeof title, "Story %zu: Actor %zu, \"quoted\", hits Vendor %zu", i, i % 300,
			 i % 500);
		for (int k = 0; k < 5; k++)
			ents[k] = (struct export_entity){.kind = k < 2 ? "actor" : k < 4 ? "vendor" : "product",
							 .name = names[k], .vendor = k == 4 ? names[2] : NULL};
		struct export_record r = {
			.id = (int64_t)i, .published = "2024-05-06", .site = "Example News", .title = title,
			.url = url, .author = "A. Writer", .lang = "en", .description = "A synthetic story.",
			.body = "Paragraph one of the story.\n\nParagraph two, with \"quotes\".",
			.actors = {act, 2}, .vendors = {ven, 2}, .products = {prod, 1}, .cves = {cve, 2},
			.entities = ents, .nentities = 5};
		rc = kind == 0 ? csv_write_record(f, &r) : kind == 1 ? json_write_record(f, &r) : stix_add(w, &r);
	}
	if (kind == 2)
		rc |= stix_end(w);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fclose(f);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc == 0 && s > 0 ? (double)n / s : -1;
}
