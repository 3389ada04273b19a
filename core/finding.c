/* finding.c — see finding.h. */
#include "finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void findings_init(struct findings *f)
{
	static unsigned long lists; /* mrt checks on one thread */
	memset(f, 0, sizeof(*f));
	f->id = ++lists;
	arena_init(&f->strs);
}

void findings_release(struct findings *f)
{
	free(f->items);
	free(f->interned.slot);
	free(f->interned.hash);
	arena_release(&f->strs);
	findings_init(f);
}

/* A hash of s[0..n), eight bytes at a time (words read with memcpy, never past n). */
static unsigned str_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, sizeof(w));
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	h ^= h >> 32;
	return (unsigned)h;
}

static int strset_grow(struct finding_strset *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	const char **slot = calloc(cap, sizeof(*slot));
	unsigned *hash = malloc(cap * sizeof(*hash));
	if (!slot || !hash) {
		free(slot);
		free(hash);
		return -1;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slot[i])
			continue;
		size_t j = t->hash[i] & (cap - 1);
		while (slot[j])
			j = (j + 1) & (cap - 1);
		slot[j] = t->slot[i];
		hash[j] = t->hash[i];
	}
	free(t->slot);
	free(t->hash);
	t->slot = slot;
	t->hash = hash;
	t->cap = cap;
	return 0;
}

const char *findings_intern(struct findings *f, const char *s)
{
	if (!s)
		return NULL;
	struct finding_strset *t = &f->interned;
	if ((t->n + 1) * 2 > t->cap && strset_grow(t) != 0)
		return NULL;
	size_t len = strlen(s);
	unsigned h = str_hash(s, len);
	size_t j = h & (t->cap - 1);
	for (; t->slot[j]; j = (j + 1) & (t->cap - 1))
		if (t->hash[j] == h && strcmp(t->slot[j], s) == 0)
			return t->slot[j];
	char *copy = arena_strndup(&f->strs, s, len);
	if (!copy)
		return NULL;
	t->slot[j] = copy;
	t->hash[j] = h;
	t->n++;
	return copy;
}

int findings_set(struct findings *f, const char **field, const char *s)
{
	const char *v = NULL;
	if (s && !(v = findings_intern(f, s)))
		return -1;
	*field = v;
	return 0;
}

struct finding *findings_add(struct findings *f, const char *rule, enum severity sev, const char *file,
                             const char *revision, unsigned line, unsigned col, const char *message)
{
	const char *r = findings_intern(f, rule), *p = findings_intern(f, file), *v = findings_intern(f, revision);
	if ((rule && !r) || (file && !p) || (revision && !v))
		return NULL;
	return findings_push(f, r, sev, p, v, line, col, message);
}

struct finding *findings_push(struct findings *f, const char *rule, enum severity sev, const char *file,
                              const char *revision, unsigned line, unsigned col, const char *message)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		struct finding *items = realloc(f->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		f->items = items;
		f->cap = cap;
	}
	struct finding *x = &f->items[f->count];
	memset(x, 0, sizeof(*x));
	x->rule = rule;
	x->severity = sev;
	x->file = file;
	x->revision = revision;
	x->line = line;
	x->col = col;
	if (message && !(x->message = arena_strdup(&f->strs, message)))
		return NULL;
	x->seq = f->added++;
	f->count++;
	return x;
}

/* Interned strings: the same pointer is the same text, which saves comparing long paths of one file. */
static int cmp_str(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c = cmp_str(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = cmp_str(a->rule, b->rule);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

void findings_sort(struct findings *f)
{
	if (f->count > 1)
		qsort(f->items, f->count, sizeof(*f->items), cmp_finding);
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	}
	return "?";
}

int severity_parse(const char *s, enum severity *out)
{
	if (!strcmp(s, "info")) *out = SEV_INFO;
	else if (!strcmp(s, "warning")) *out = SEV_WARNING;
	else if (!strcmp(s, "error")) *out = SEV_ERROR;
	else return -1;
	return 0;
}
