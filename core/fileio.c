/* fileio.c — see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILEIO_MAX ((size_t)1 << 30) /* a 1 GiB "migration" is a mistake, not a migration */

void filebuf_init(struct filebuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void filebuf_release(struct filebuf *b)
{
	free(b->data);
	filebuf_init(b);
}

static int grow(struct filebuf *b, size_t need)
{
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 16384;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int filebuf_read(struct filebuf *b, const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size >= FILEIO_MAX) {
		snprintf(err, errlen, "%s: file too large (%lld bytes)", path, (long long)st.st_size);
		close(fd);
		return -1;
	}
	b->len = 0;
	if (grow(b, (size_t)st.st_size + 1) != 0) {
		snprintf(err, errlen, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	for (;;) {
		if (b->len + 1 >= b->cap && grow(b, b->cap * 2) != 0) {
			snprintf(err, errlen, "%s: out of memory", path);
			close(fd);
			return -1;
		}
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len >= FILEIO_MAX) {
			snprintf(err, errlen, "%s: file too large", path);
			close(fd);
			return -1;
		}
	}
	close(fd);
	b->data[b->len] = '\0';
	return 0;
}
