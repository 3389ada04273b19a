/*
 * column_recreated_later.c — MRT039 column-recreated-later (graph): a column dropped by one revision is added again,
 * same table and name, by a later revision.
 *
 * Between the two revisions the column does not exist: every row written meanwhile has no value for it, and the
 * re-added column starts empty (or with a default) for the old rows too, whose values went with the drop. Code that
 * expects the old meaning of the column reads holes. Usually it is a rename done as drop + add across releases, or a
 * column removed too early.
 *
 * How: rules see one migration per check_migration() call, so the instance records, for every revision, the columns
 * its upgrade() adds and drops (op.add_column/op.drop_column, batch ops, ALTER TABLE ... ADD/DROP COLUMN in execute()
 * or through a bind, helpers and conditions included; drops on tables the same upgrade created are ignored). In
 * check_graph() it pairs each add with a drop of the same table and column (case-insensitive, schema prefix ignored)
 * in another revision that is an ancestor of the adding revision, with no other add of that column in between, and
 * reports at the add. Drop and add in the same revision are MRT006's (rename-as-drop-add).
 *
 * Ownership: the records (struct cr_rec array) and the text their offsets point into (one growing buffer for every
 * string) are malloc'd by this plugin, owned by the instance state and freed at the end of check_graph() and in
 * fini().
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* One add or drop. The strings are offsets into cr_state.text (it moves when it grows, so no pointers). */
struct cr_rec {
	size_t revision;  /* shared by the records of one migration */
	size_t path;      /* likewise */
	size_t table;     /* as written */
	size_t column;
	unsigned line, col;
	uint64_t sig;     /* cr_sig() of table and column */
	bool add;         /* true: added; false: dropped */
};

struct cr_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	struct cr_rec *recs;      /* owned (malloc) */
	size_t nrecs, cap;
	char *text;               /* owned (malloc): NUL-terminated strings of every record, back to back */
	size_t tlen, tcap;
	/* revision and path of the migration being checked, once one of its records has copied them into text (so a
	 * migration with many adds and drops stores them once); reset by every check_migration() call */
	bool have_mig;
	size_t mig_revision, mig_path;
};

static int cr_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct cr_state *s = mrk_alloc_state(api, sizeof(*s), diag);
	if (!s)
		return MRT_ENOMEM;
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void cr_clear(struct cr_state *s)
{
	free(s->recs);
	free(s->text);
	s->recs = NULL;
	s->text = NULL;
	s->nrecs = s->cap = s->tlen = s->tcap = 0;
	s->have_mig = false;
}

static void cr_fini(void *state)
{
	struct cr_state *s = state;
	if (!s)
		return;
	cr_clear(s);
	s->api->free(s);
}

/* Copies str (NUL included) to the end of s->text; its offset into *off. MRT_OK or MRT_ENOMEM. */
static int cr_text(struct cr_state *s, const char *str, size_t *off)
{
	size_t n = strlen(str) + 1;
	if (s->tcap - s->tlen < n) {
		size_t cap = s->tcap ? s->tcap : 4096;
		while (cap - s->tlen < n)
			cap *= 2;
		char *t = realloc(s->text, cap);
		if (!t)
			return MRT_ENOMEM;
		s->text = t;
		s->tcap = cap;
	}
	memcpy(s->text + s->tlen, str, n);
	*off = s->tlen;
	s->tlen += n;
	return MRT_OK;
}

/*
 * A hash (FNV-1a) of the column a record names: the table's bare name (as oc_same() sees it: no schema, one pair of
 * quotes or brackets off) and the column, both lower-cased. Records that cr_same_column() matches always have the
 * same one, so a record whose hash no record of the other kind shares cannot pair (check_graph() drops it first).
 */
static uint64_t cr_sig(const char *table, const char *column)
{
	const char *t;
	size_t tn;
	mrk_bare(table, MRK_NAME_QUOTES | MRK_NAME_BRACKETS, &t, &tn);
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < tn; i++)
		h = (h ^ mrk_lower((unsigned char)t[i])) * 1099511628211u;
	h = (h ^ 0x1fu) * 1099511628211u; /* between table and column */
	for (const unsigned char *p = (const unsigned char *)column; *p; p++)
		h = (h ^ mrk_lower(*p)) * 1099511628211u;
	return h;
}

/* Appends one record (copies table and column; revision and path once per migration). MRT_OK or MRT_ENOMEM. */
static int cr_add(struct cr_state *s, const char *revision, const char *path, const char *table, const char *column,
                  unsigned line, unsigned col, bool add)
{
	if (s->nrecs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct cr_rec *r = realloc(s->recs, cap * sizeof(*r));
		if (!r)
			return MRT_ENOMEM;
		s->recs = r;
		s->cap = cap;
	}
	struct cr_rec *r = &s->recs[s->nrecs];
	if (!s->have_mig) {
		if (cr_text(s, revision, &s->mig_revision) || cr_text(s, path ? path : "", &s->mig_path))
			return MRT_ENOMEM;
		s->have_mig = true;
	}
	if (cr_text(s, table, &r->table) || cr_text(s, column, &r->column))
		return MRT_ENOMEM;
	r->sig = cr_sig(table, column);
	r->revision = s->mig_revision;
	r->path = s->mig_path;
	r->line = line;
	r->col = col;
	r->add = add;
	s->nrecs++;
	return MRT_OK;
}

static int cr_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)ctx;
	(void)fn;
	struct cr_state *s = state;
	const mrt_host_api *api = s->api;
	const char *rev = api->migration_revision(m), *path = api->migration_path(m);
	if (!rev)
		return MRT_OK;
	const char *name = api->op_name(o);
	/* the first byte first: most ops are neither, and differ there */
	if (name && name[0] == 'd' && !strcmp(name, "drop_column")) {
		const char *table = oc_op_table(api, o, "table_name", 0);
		const char *column = oc_str(api, oc_arg(api, o, "column_name", 1));
		if (!table || !column || api->created_in_revision(m, table, o))
			return MRT_OK;
		return cr_add(s, rev, path, table, column, api->op_line(o), api->op_col(o), false);
	}
	if (name && name[0] == 'a' && !strcmp(name, "add_column")) {
		const char *table = oc_op_table(api, o, "table_name", 0);
		const mrt_value *c = oc_arg(api, o, "column", 1);
		const char *column = c && api->value_kind(c) == MRT_VAL_CALL ? oc_str(api, api->value_call_arg(c, "name", 0))
		                                                              : NULL;
		if (!table || !column)
			return MRT_OK;
		return cr_add(s, rev, path, table, column, api->op_line(o), api->op_col(o), true);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER)
			continue;
		enum mrt_sql_action a = api->sql_action(q);
		if (a != MRT_SQL_A_ADD_COLUMN && a != MRT_SQL_A_DROP_COLUMN)
			continue;
		const char *table = api->sql_table(q), *column = api->sql_column(q);
		if (!table || !column)
			continue;
		if (a == MRT_SQL_A_DROP_COLUMN && oc_created(api, m, table, o, k))
			continue;
		int rc = cr_add(s, rev, path, table, column, oc_sql_line(api, o, q), api->op_col(o),
		                a == MRT_SQL_A_ADD_COLUMN);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int cr_check_migration(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	struct cr_state *s = state;
	s->have_mig = false; /* a new migration: its first record copies its revision and path */
	return mrk_walk(s->api, state, ctx, m, false, cr_check_op);
}

/* Whether node anc is a proper ancestor of node desc. visited/stack: caller's scratch arrays of graph_count. */
static bool cr_ancestor(const mrt_host_api *api, const mrt_graph *g, size_t anc, size_t desc, unsigned char *visited,
                        size_t *stack)
{
	size_t n = api->graph_count(g);
	if (anc >= n || desc >= n || anc == desc)
		return false;
	memset(visited, 0, n);
	size_t top = 0;
	stack[top++] = desc;
	visited[desc] = 1;
	while (top > 0) {
		size_t cur = stack[--top];
		size_t np = api->graph_parent_count(g, cur);
		for (size_t k = 0; k < np; k++) {
			size_t p = api->graph_parent(g, cur, k);
			if (p >= n || visited[p])
				continue;
			if (p == anc)
				return true;
			visited[p] = 1;
			stack[top++] = p;
		}
	}
	return false;
}

/* Same table (oc_same) and column (case-insensitive); the strings of both records are in text. */
static bool cr_same_column(const char *text, const struct cr_rec *a, const struct cr_rec *b)
{
	return oc_same(text + a->table, text + b->table) && oc_ieq(text + a->column, text + b->column);
}

static const char *cr_hint = "if it is a new column, give it a new name; if the old values matter, restore them in "
                             "this revision (from the table they were moved to); if the gap is intended, suppress "
                             "it in mrt.yaml: `suppress: [{rule: MRT039, revision: <this revision>, reason: ...}]`";

/* Grouping key of a record: table base name (no schema, no quotes or brackets) and column, lower-cased, into
 * buf[0..size) (size > 2, truncated to size - 2 characters). Records that cr_same_column() matches always share a
 * key, so only records of one group need comparing. Returns the key's length. */
static size_t cr_key(const char *table, const char *column, char *buf, size_t size)
{
	const char *dot = strrchr(table, '.');
	if (dot)
		table = dot + 1;
	size_t n = 0;
	for (int part = 0; part < 2; part++) {
		const char *p = part ? column : table;
		for (; *p && n + 2 < size; p++)
			if (*p != '"' && *p != '`' && *p != '[' && *p != ']') /* quotes and brackets go */
				buf[n++] = (char)mrk_lower((unsigned char)*p);
		if (!part && n + 1 < size)
			buf[n++] = '\x1f';
	}
	buf[n] = '\0';
	return n;
}

struct cr_sorted {
	const char *key; /* into the keys buffer of cr_check_graph() */
	size_t index;    /* into cr_state.recs */
};

static int cr_cmp_sorted(const void *pa, const void *pb)
{
	const struct cr_sorted *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* A slot of the signature table (open addressing): which kinds of record have that signature. */
struct cr_sigslot {
	uint64_t sig;
	unsigned char kinds; /* 1: an add, 2: a drop; 0: empty slot */
};

/* The slot of signature sig in table t[0..mask] (a power of two minus one, never full); an empty one (kinds 0, for
 * the caller to fill) when sig is not there yet. */
static struct cr_sigslot *cr_sigslot(struct cr_sigslot *t, size_t mask, uint64_t sig)
{
	size_t i = (size_t)(sig ^ sig >> 32) & mask;
	while (t[i].kinds && t[i].sig != sig)
		i = (i + 1) & mask;
	t[i].sig = sig;
	return &t[i];
}

static int cr_check_graph(void *state, mrt_ctx *ctx, const mrt_graph *g)
{
	struct cr_state *s = state;
	const mrt_host_api *api = s->api;
	const char *text = s->text;
	size_t n = api->graph_count(g);
	int rc = MRT_OK;
	size_t nslots = 64;
	while (nslots < 2 * s->nrecs)
		nslots *= 2;
	unsigned char *visited = n ? malloc(n) : NULL;
	size_t *stack = n ? malloc(n * sizeof(*stack)) : NULL;
	size_t *node = s->nrecs ? malloc(s->nrecs * sizeof(*node)) : NULL;
	struct cr_sorted *sorted = s->nrecs ? malloc(s->nrecs * sizeof(*sorted)) : NULL;
	/* a key is never longer than the table and column it comes from, and those (NULs included) are in text */
	char *keys = s->nrecs ? malloc(s->tlen) : NULL;
	struct cr_sigslot *sigs = s->nrecs ? calloc(nslots, sizeof(*sigs)) : NULL;
	if (n && s->nrecs && (!visited || !stack || !node || !sorted || !keys || !sigs)) {
		rc = MRT_ENOMEM;
		goto out;
	}
	/* Which kinds of record each signature has. An add pairs only with a drop of the same column and is
	 * only "in between" for an add that has such a drop: a record whose signature lacks the other kind takes no
	 * part in any finding, and goes before the keys, the sort and the graph lookups. (No graph: no ancestors.) */
	for (size_t i = 0; i < s->nrecs && n; i++)
		cr_sigslot(sigs, nslots - 1, s->recs[i].sig)->kinds |= s->recs[i].add ? 1 : 2;
	size_t ns = 0, klen = 0;
	for (size_t i = 0; i < s->nrecs && n; i++) {
		const struct cr_rec *r = &s->recs[i];
		if (cr_sigslot(sigs, nslots - 1, r->sig)->kinds != 3)
			continue;
		char *key = keys + klen;
		klen += cr_key(text + r->table, text + r->column, key, 160) + 1;
		sorted[ns++] = (struct cr_sorted){.key = key, .index = i};
		node[i] = api->graph_find(g, text + r->revision);
	}
	/* records grouped by column, in their original order inside a group: the pairs compared (and so the findings)
	 * are those of an all-pairs scan, without its quadratic cost over the whole history */
	if (ns > 1)
		qsort(sorted, ns, sizeof(*sorted), cr_cmp_sorted);
	for (size_t lo = 0; lo < ns && rc == MRT_OK;) {
		size_t hi = lo + 1;
		while (hi < ns && strcmp(sorted[hi].key, sorted[lo].key) == 0)
			hi++;
		for (size_t ii = lo; ii < hi && rc == MRT_OK; ii++) {
			size_t i = sorted[ii].index;
			const struct cr_rec *a = &s->recs[i];
			if (!a->add || node[i] == MRT_NO_INDEX)
				continue;
			for (size_t jj = lo; jj < hi; jj++) {
				size_t j = sorted[jj].index;
				const struct cr_rec *d = &s->recs[j];
				if (d->add || node[j] == MRT_NO_INDEX || node[j] == node[i] || !cr_same_column(text, a, d) ||
				    !cr_ancestor(api, g, node[j], node[i], visited, stack))
					continue;
				/* no other add of the column between the drop and this add */
				bool between = false;
				for (size_t kk = lo; kk < hi && !between; kk++) {
					size_t k = sorted[kk].index;
					const struct cr_rec *z = &s->recs[k];
					if (!z->add || k == i || node[k] == MRT_NO_INDEX || node[k] == node[i] ||
					    node[k] == node[j] || !cr_same_column(text, a, z))
						continue;
					between = cr_ancestor(api, g, node[j], node[k], visited, stack) &&
					          cr_ancestor(api, g, node[k], node[i], visited, stack);
				}
				if (between)
					continue;
				rc = api->report_at(ctx, text + a->path, text + a->revision, MRT_SEV_DEFAULT, a->line, a->col,
				                    cr_hint,
				                    "column '%s.%s' is added again by revision %s after revision %s dropped it "
				                    "(%s:%u): rows written in between have no value for it and the old values are "
				                    "gone, a data hole the re-added column hides",
				                    text + a->table, text + a->column, text + a->revision, text + d->revision,
				                    text + d->path, d->line);
				break;
			}
		}
		lo = hi;
	}
out:
	free(visited);
	free(stack);
	free(node);
	free(sorted);
	free(keys);
	free(sigs);
	cr_clear(s);
	return rc;
}

static const mrt_option_spec cr_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "column-recreated-later", .version = "1.0.0",
                  .description = "a column dropped by one revision is added again by a later one (data hole)",
                  .init = cr_init, .check_migration = cr_check_migration, .check_graph = cr_check_graph,
                  .fini = cr_fini, .options = cr_options)
