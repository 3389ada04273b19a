/*
 * fileio.h — whole-file reads with errors that name the path.
 */
#ifndef MRT_FILEIO_H
#define MRT_FILEIO_H

#include <stddef.h>

/* A reusable read buffer: one allocation grows to the largest file read through it. */
struct filebuf {
	char *data; /* owned (malloc); NUL-terminated after a successful read (the NUL is not counted in len) */
	size_t len;
	size_t cap;
};

void filebuf_init(struct filebuf *b);
void filebuf_release(struct filebuf *b);

/*
 * Reads all of path into b (replacing its content). Returns 0, or -1 with "path: reason" in err[0..errlen)
 * (strerror text, or "not a regular file", or "file too large").
 */
int filebuf_read(struct filebuf *b, const char *path, char *err, size_t errlen);

#endif
