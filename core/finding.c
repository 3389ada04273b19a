/* finding.c — see finding.h. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

void findings_init(struct findings *f)
{
	f->items = NULL;
	f->count = f->cap = 0;
}

static void finding_release(struct finding *x)
{
	free(x->rule);
	free(x->aliases);
	free(x->pattern);
	free(x->name);
	free(x->file);
	free(x->revision);
	free(x->message);
	free(x->hint);
}

void findings_release(struct findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		finding_release(&f->items[i]);
	free(f->items);
	findings_init(f);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct finding *findings_add(struct findings *f, const char *rule, enum severity sev, const char *file,
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
	x->rule = dup_or_null(rule);
	x->severity = sev;
	x->file = dup_or_null(file);
	x->revision = dup_or_null(revision);
	x->line = line;
	x->col = col;
	x->message = dup_or_null(message);
	if ((rule && !x->rule) || (file && !x->file) || (revision && !x->revision) || (message && !x->message)) {
		finding_release(x);
		return NULL;
	}
	f->count++;
	return x;
}

static int cmp_str(const char *a, const char *b)
{
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
	return a < b ? -1 : (a > b);
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
