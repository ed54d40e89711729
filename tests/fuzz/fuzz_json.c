/* fuzz_json.c: fuzz target for the JSON writer's round trip: the input (up
 * to its first NUL) written with export_json_string must parse back with
 * jansson to the same string (invalid UTF-8 repaired to U+FFFD), and hold no
 * raw control character (C0, DEL, C1) a terminal could act on. */
#include <jansson.h>

#include "export/export.h"
#include "fuzz.h"
#include "util/utf8.h"

int fuzz_json(const uint8_t *data, size_t n);

int fuzz_json(const uint8_t *data, size_t n)
{
	char *s = fuzz_strndup(data, n);
	if (!s)
		return 0;
	struct buf out = BUF_INIT, want = BUF_INIT;
	int bad = 0;
	if (export_json_string(&out, s) || utf8_sanitize(&want, s, strlen(s)))
		goto done;
	for (size_t i = 0; i < out.len; i++)
		if ((unsigned char)out.data[i] < 0x20 || (unsigned char)out.data[i] == 0x7F ||
		    ((unsigned char)out.data[i] == 0xC2 && i + 1 < out.len && (unsigned char)out.data[i + 1] >= 0x80 &&
		     (unsigned char)out.data[i + 1] <= 0x9F)) {
			fprintf(stderr, "fuzz invariant failed: raw control byte 0x%02x in JSON\n", (unsigned char)out.data[i]);
			bad = 1;
			goto done;
		}
	json_error_t je;
	json_t *j = json_loadb(out.data, out.len, JSON_DECODE_ANY, &je);
	if (!j || !json_is_string(j)) {
		fprintf(stderr, "fuzz invariant failed: %s does not parse back as a string: %s\n", out.data,
			je.text);
		bad = 1;
	} else if (json_string_length(j) != want.len ||
		   memcmp(json_string_value(j), buf_str(&want), want.len) != 0) {
		fprintf(stderr, "fuzz invariant failed: %s parses back as '%s', not '%s'\n", out.data,
			json_string_value(j), buf_str(&want));
		bad = 1;
	}
	json_decref(j);
done:
	buf_free(&out);
	buf_free(&want);
	free(s);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_json)
#endif
