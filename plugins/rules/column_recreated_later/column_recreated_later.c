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
 * Ownership: the records (struct cr_rec array and its strings) are malloc'd by this plugin, owned by the instance state
 * and freed at the end of check_graph() and in fini().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

struct cr_rec {
	char *revision;   /* owned: one block holding revision, path, table and column (one malloc per record) */
	char *path;       /* into the revision block */
	char *table;      /* into the revision block, as written */
	char *column;     /* into the revision block */
	unsigned line, col;
	bool add;         /* true: added; false: dropped */
};

struct cr_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	struct cr_rec *recs;      /* owned (malloc) */
	size_t nrecs, cap;
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
	for (size_t i = 0; i < s->nrecs; i++)
		free(s->recs[i].revision); /* the block of all four strings */
	free(s->recs);
	s->recs = NULL;
	s->nrecs = s->cap = 0;
}

static void cr_fini(void *state)
{
	struct cr_state *s = state;
	if (!s)
		return;
	cr_clear(s);
	s->api->free(s);
}

/* Appends one record (copies every string). MRT_OK or MRT_ENOMEM. */
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
	const char *src[4] = {revision, path ? path : "", table, column};
	size_t len[4], total = 0;
	for (int i = 0; i < 4; i++)
		total += len[i] = strlen(src[i]) + 1;
	char *block = malloc(total);
	if (!block)
		return MRT_ENOMEM;
	char *dst[4];
	size_t off = 0;
	for (int i = 0; i < 4; i++) {
		dst[i] = block + off;
		memcpy(dst[i], src[i], len[i]);
		off += len[i];
	}
	r->revision = dst[0];
	r->path = dst[1];
	r->table = dst[2];
	r->column = dst[3];
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
	if (name && !strcmp(name, "drop_column")) {
		const char *table = oc_op_table(api, o, "table_name", 0);
		const char *column = oc_str(api, oc_arg(api, o, "column_name", 1));
		if (!table || !column || api->created_in_revision(m, table, o))
			return MRT_OK;
		return cr_add(s, rev, path, table, column, api->op_line(o), api->op_col(o), false);
	}
	if (name && !strcmp(name, "add_column")) {
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
	const struct cr_state *s = state;
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

static bool cr_same_column(const struct cr_rec *a, const struct cr_rec *b)
{
	return oc_same(a->table, b->table) && oc_ieq(a->column, b->column);
}

static const char *cr_hint = "if it is a new column, give it a new name; if the old values matter, restore them in "
                             "this revision (from the table they were moved to); if the gap is intended, suppress "
                             "it in mrt.yaml: `suppress: [{rule: MRT039, revision: <this revision>, reason: ...}]`";

/* Grouping key of a record: table base name (no schema, no quotes or brackets) and column, lower-cased. Records
 * that cr_same_column() matches always share a key, so only records of one group need comparing. */
static void cr_key(const struct cr_rec *r, char *buf, size_t size)
{
	const char *t = r->table ? r->table : "";
	const char *dot = strrchr(t, '.');
	if (dot)
		t = dot + 1;
	size_t n = 0;
	for (int part = 0; part < 2; part++) {
		const char *p = part ? (r->column ? r->column : "") : t;
		for (; *p && n + 2 < size; p++)
			if (*p != '"' && *p != '`' && *p != '[' && *p != ']') /* quotes and brackets go */
				buf[n++] = (char)mrk_lower((unsigned char)*p);
		if (!part && n + 1 < size)
			buf[n++] = '\x1f';
	}
	buf[n] = '\0';
}

struct cr_sorted {
	char key[160];
	size_t index; /* into cr_state.recs */
};

static int cr_cmp_sorted(const void *pa, const void *pb)
{
	const struct cr_sorted *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int cr_check_graph(void *state, mrt_ctx *ctx, const mrt_graph *g)
{
	struct cr_state *s = state;
	const mrt_host_api *api = s->api;
	size_t n = api->graph_count(g);
	int rc = MRT_OK;
	unsigned char *visited = n ? malloc(n) : NULL;
	size_t *stack = n ? malloc(n * sizeof(*stack)) : NULL;
	size_t *node = s->nrecs ? malloc(s->nrecs * sizeof(*node)) : NULL;
	struct cr_sorted *sorted = s->nrecs ? malloc(s->nrecs * sizeof(*sorted)) : NULL;
	if (n && s->nrecs && (!visited || !stack || !node || !sorted)) {
		rc = MRT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < s->nrecs; i++) {
		node[i] = api->graph_find(g, s->recs[i].revision);
		cr_key(&s->recs[i], sorted[i].key, sizeof(sorted[i].key));
		sorted[i].index = i;
	}
	/* records grouped by column, in their original order inside a group: the pairs compared (and so the findings)
	 * are those of an all-pairs scan, without its quadratic cost over the whole history */
	if (s->nrecs > 1)
		qsort(sorted, s->nrecs, sizeof(*sorted), cr_cmp_sorted);
	for (size_t lo = 0; lo < s->nrecs && rc == MRT_OK;) {
		size_t hi = lo + 1;
		while (hi < s->nrecs && strcmp(sorted[hi].key, sorted[lo].key) == 0)
			hi++;
		for (size_t ii = lo; ii < hi && rc == MRT_OK; ii++) {
			size_t i = sorted[ii].index;
			const struct cr_rec *a = &s->recs[i];
			if (!a->add || node[i] == MRT_NO_INDEX)
				continue;
			for (size_t jj = lo; jj < hi; jj++) {
				size_t j = sorted[jj].index;
				const struct cr_rec *d = &s->recs[j];
				if (d->add || node[j] == MRT_NO_INDEX || node[j] == node[i] || !cr_same_column(a, d) ||
				    !cr_ancestor(api, g, node[j], node[i], visited, stack))
					continue;
				/* no other add of the column between the drop and this add */
				bool between = false;
				for (size_t kk = lo; kk < hi && !between; kk++) {
					size_t k = sorted[kk].index;
					const struct cr_rec *z = &s->recs[k];
					if (!z->add || k == i || node[k] == MRT_NO_INDEX || node[k] == node[i] ||
					    node[k] == node[j] || !cr_same_column(a, z))
						continue;
					between = cr_ancestor(api, g, node[j], node[k], visited, stack) &&
					          cr_ancestor(api, g, node[k], node[i], visited, stack);
				}
				if (between)
					continue;
				rc = api->report_at(ctx, a->path, a->revision, MRT_SEV_DEFAULT, a->line, a->col, cr_hint,
				                    "column '%s.%s' is added again by revision %s after revision %s dropped it "
				                    "(%s:%u): rows written in between have no value for it and the old values are "
				                    "gone, a data hole the re-added column hides",
				                    a->table, a->column, a->revision, d->revision, d->path, d->line);
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
	cr_clear(s);
	return rc;
}

static const mrt_option_spec cr_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "column-recreated-later", .version = "1.0.0",
                  .description = "a column dropped by one revision is added again by a later one (data hole)",
                  .init = cr_init, .check_migration = cr_check_migration, .check_graph = cr_check_graph,
                  .fini = cr_fini, .options = cr_options)
