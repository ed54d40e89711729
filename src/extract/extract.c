/* extract.c: placeholder until the extractor lands (issue 3). */
#include "extract/extract.h"

#include <string.h>

int extract_is_html(const char *data, size_t n)
{
	return n > 0 && memchr(data, '<', n < 1024 ? n : 1024) != NULL;
}

int extract(const char *data, size_t n, const struct extract_opts *o, struct article *out,
	    struct err *e)
{
	(void)data, (void)n, (void)o;
	memset(out, 0, sizeof *out);
	return err_set(e, "extraction is not implemented yet");
}
