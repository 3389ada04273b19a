/* arena.c — see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes in data[] */
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->oom = false;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void arena_clear(struct arena *a)
{
	struct arena_block *keep = a->head;
	if (!keep) {
		a->oom = false;
		return;
	}
	/* keep the last (oldest) block: it is the one of the usual size */
	struct arena_block *b = keep, *prev = NULL;
	while (b->next) {
		prev = b;
		b = b->next;
	}
	if (prev) {
		prev->next = NULL;
		struct arena_block *f = a->head;
		while (f) {
			struct arena_block *n = f->next;
			free(f);
			f = n;
		}
	}
	b->used = 0;
	a->head = b;
	a->total = sizeof(*b) + b->size;
	a->oom = false;
}

void *arena_alloc_uninit(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2) {
		a->oom = true;
		return NULL;
	}
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
		b = malloc(sizeof(*b) + size);
		if (!b) {
			a->oom = true;
			return NULL;
		}
		b->size = size;
		b->used = 0;
		if (a->head && n > ARENA_BLOCK_MIN) {
			/* a big one-off: put it behind the current block so the current block keeps filling */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		a->total += sizeof(*b) + size;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_uninit(a, n);
	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_uninit(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t count, size_t cap_new, size_t elem_size)
{
	if (elem_size && cap_new > SIZE_MAX / elem_size) {
		a->oom = true;
		return NULL;
	}
	/* the first count elements are copied, the rest is never read before it is written (ARENA_PUSH) */
	void *p = arena_alloc_uninit(a, cap_new * elem_size);
	if (!p)
		return NULL;
	if (old && count)
		memcpy(p, old, count * elem_size);
	return p;
}
