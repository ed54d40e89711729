/* io.c: reading whole files and streams (see io.h). */
#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int io_read_file(const char *path, size_t max, struct buf *out, struct err *e)
{
	if (!max)
		max = IO_MAX_INPUT;
	int stdin_ = strcmp(path, "-") == 0;
	const char *name = stdin_ ? "standard input" : path;
	int fd = stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "%s: cannot open: %s", name, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (!stdin_)
			close(fd);
		return err_set(e, "%s: is a directory", name);
	}
	size_t start = out->len;
	char tmp[65536];
	for (;;) {
		ssize_t r = read(fd, tmp, sizeof tmp);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int en = errno;
			if (!stdin_)
				close(fd);
			return err_set(e, "%s: read error: %s", name, strerror(en));
		}
		if (r == 0)
			break;
		if (out->len - start + (size_t)r > max || buf_append(out, tmp, (size_t)r)) {
			if (!stdin_)
				close(fd);
			return err_set(e, "%s: larger than the %zu MiB limit; raise it with --max-size",
				       name, max >> 20);
		}
	}
	if (!stdin_)
		close(fd);
	if (!out->data)
		buf_append(out, "", 0);
	return 0;
}

int io_write_file(const char *path, const void *data, size_t n, struct err *e)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return err_set(e, "%s: path too long", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, "%s: cannot create: %s", path, strerror(errno));
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int en = errno;
			close(fd);
			unlink(tmp);
			return err_set(e, "%s: write error: %s", path, strerror(en));
		}
		p += w;
		n -= (size_t)w;
	}
	int bad = fsync(fd) != 0;
	int en = errno;
	if (close(fd) != 0 && !bad) {
		bad = 1;
		en = errno;
	}
	if (bad) {
		unlink(tmp);
		return err_set(e, "%s: write error: %s", path, strerror(en));
	}
	if (rename(tmp, path) != 0) {
		en = errno;
		unlink(tmp);
		return err_set(e, "%s: cannot write: %s", path, strerror(en));
	}
	return 0;
}
