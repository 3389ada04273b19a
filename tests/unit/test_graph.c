/* test_graph.c — the revision graph: shapes, problems, order, lookup, JSON and text output. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discover.h"
#include "graph.h"
#include "model.h"

/* ---- helpers ------------------------------------------------------------------------------------------------- */

#define MAXL 8

/* Splits "a,b,c" into items (pointers into buf). */
static size_t split(const char *csv, char *buf, size_t buflen, const char *items[MAXL])
{
	size_t n = 0;
	if (!csv || !csv[0])
		return 0;
	snprintf(buf, buflen, "%s", csv);
	char *s = buf;
	while (s && n < MAXL) {
		char *c = strchr(s, ',');
		if (c)
			*c = '\0';
		items[n++] = s;
		s = c ? c + 1 : NULL;
	}
	return n;
}

/* Adds a revision: downs/labels/deps are comma lists ("" or NULL for none). */
static void add_full(struct graph *g, const char *rev, const char *downs, const char *labels, const char *deps,
                     const char *path, unsigned line)
{
	char b1[256], b2[256], b3[256];
	const char *d[MAXL], *l[MAXL], *p[MAXL];
	struct graph_entry e = {
		.revision = rev,
		.down_revisions = d,
		.ndown = split(downs, b1, sizeof(b1), d),
		.branch_labels = l,
		.nlabels = split(labels, b2, sizeof(b2), l),
		.depends_on = p,
		.ndeps = split(deps, b3, sizeof(b3), p),
		.path = path,
		.line = line,
		.down_line = line ? line + 1 : 0,
	};
	ck_assert_int_eq(graph_add(g, &e), GRAPH_OK);
}

/* path defaults to "v/<rev>.py" */
static void add(struct graph *g, const char *rev, const char *downs)
{
	char path[128];
	snprintf(path, sizeof(path), "v/%s.py", rev);
	add_full(g, rev, downs, NULL, NULL, path, 14);
}

static void add_l(struct graph *g, const char *rev, const char *downs, const char *labels)
{
	char path[128];
	snprintf(path, sizeof(path), "v/%s.py", rev);
	add_full(g, rev, downs, labels, NULL, path, 14);
}

static struct graph *build(struct graph *g)
{
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	return g;
}

/* "a b c" of an index list */
static const char *ids(const struct graph *g, const size_t *idx, size_t n)
{
	static char buf[4096];
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? " " : "", g->nodes[idx[i]].revision);
	return buf;
}

static const struct graph_node *node(const struct graph *g, const char *rev)
{
	size_t i = graph_find(g, rev);
	ck_assert_msg(i != GRAPH_NONE, "no node %s", rev);
	return &g->nodes[i];
}

static size_t count_kind(const struct graph *g, enum graph_problem_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nproblems; i++)
		n += g->problems[i].kind == k;
	return n;
}

static const struct graph_problem *problem(const struct graph *g, enum graph_problem_kind k)
{
	for (size_t i = 0; i < g->nproblems; i++)
		if (g->problems[i].kind == k)
			return &g->problems[i];
	ck_abort_msg("no problem of kind %s", graph_problem_kind_name(k));
	return NULL;
}

/* ---- shapes -------------------------------------------------------------------------------------------------- */

START_TEST(test_linear)
{
	struct graph *g = graph_create();
	add(g, "c3", "b2");
	add(g, "a1", NULL);
	add(g, "b2", "a1");
	build(g);
	ck_assert_uint_eq(g->nnodes, 3);
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "c3");
	ck_assert_str_eq(ids(g, g->bases, g->nbases), "a1");
	ck_assert_str_eq(ids(g, g->order, g->norder), "a1 b2 c3");
	ck_assert_uint_eq(g->nproblems, 0);
	const struct graph_node *b = node(g, "b2");
	ck_assert_uint_eq(b->nparents, 1);
	ck_assert_str_eq(g->nodes[b->parents[0]].revision, "a1");
	ck_assert_uint_eq(b->nchildren, 1);
	ck_assert_str_eq(g->nodes[b->children[0]].revision, "c3");
	ck_assert(!b->is_head && !b->is_base && !b->is_merge && !b->is_branch_point);
	ck_assert(node(g, "a1")->is_base);
	ck_assert(node(g, "c3")->is_head);
	ck_assert_uint_eq(node(g, "c3")->order_pos, 2);
	ck_assert_str_eq(b->path, "v/b2.py");
	ck_assert_uint_eq(b->line, 14);
	ck_assert_uint_eq(b->down_line, 15);
	ck_assert(graph_is_ancestor(g, graph_find(g, "a1"), graph_find(g, "c3")));
	ck_assert(!graph_is_ancestor(g, graph_find(g, "c3"), graph_find(g, "a1")));
	graph_destroy(g);
}
END_TEST

START_TEST(test_branched_and_merged)
{
	struct graph *g = graph_create();
	add(g, "a", NULL);
	add(g, "b", "a");
	add(g, "c", "a");
	add(g, "m", "b,c");
	add(g, "n", "m");
	build(g);
	ck_assert_uint_eq(g->nproblems, 0); /* merged: healthy */
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "n");
	const struct graph_node *a = node(g, "a"), *m = node(g, "m");
	ck_assert(a->is_branch_point);
	ck_assert_str_eq(ids(g, a->children, a->nchildren), "b c");
	ck_assert(m->is_merge && !m->is_branch_point);
	ck_assert_str_eq(ids(g, m->parents, m->nparents), "b c");
	ck_assert_str_eq(ids(g, g->order, g->norder), "a b c m n");
	graph_destroy(g);
}
END_TEST

START_TEST(test_branched_unmerged_two_heads)
{
	struct graph *g = graph_create();
	add(g, "a", NULL);
	add(g, "b", "a");
	add(g, "c", "a");
	build(g);
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "b c");
	ck_assert_uint_eq(g->nproblems, 1);
	const struct graph_problem *p = problem(g, GRAPH_MULTIPLE_HEADS);
	ck_assert_msg(strstr(p->message, "2 heads: b (v/b.py), c (v/c.py)") != NULL, "%s", p->message);
	ck_assert_msg(strstr(p->message, "alembic merge heads") != NULL, "%s", p->message);
	ck_assert_str_eq(p->path, "v/b.py");
	ck_assert_str_eq(p->revision, "b");
	graph_destroy(g);
}
END_TEST

START_TEST(test_two_heads_distinct_labels)
{
	/* two bases, each its own labelled branch (labels on the bases, inherited by the heads) */
	struct graph *g = graph_create();
	add_l(g, "c1", NULL, "core");
	add(g, "c2", "c1");
	add_l(g, "b1", NULL, "billing");
	add(g, "b2", "b1");
	build(g);
	ck_assert_uint_eq(g->nheads, 2);
	ck_assert_uint_eq(g->nbases, 2);
	ck_assert_uint_eq(g->nproblems, 0);
	graph_destroy(g);

	/* branching off a shared trunk, each branch labelled at its first revision */
	g = graph_create();
	add_l(g, "t", NULL, "trunk");
	add_l(g, "x", "t", "feature_x");
	add_l(g, "y", "t", "feature_y");
	add(g, "y2", "y");
	build(g);
	ck_assert_uint_eq(g->nheads, 2);
	ck_assert_uint_eq(g->nproblems, 0);
	graph_destroy(g);

	/* only one of the heads has a label of its own: problem */
	g = graph_create();
	add_l(g, "t", NULL, "trunk");
	add_l(g, "x", "t", "feature_x");
	add(g, "y", "t");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_MULTIPLE_HEADS), 1);
	graph_destroy(g);

	/* both heads inherit the same label only: problem */
	g = graph_create();
	add_l(g, "t", NULL, "main");
	add(g, "x", "t");
	add(g, "y", "t");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_MULTIPLE_HEADS), 1);
	graph_destroy(g);
}
END_TEST

START_TEST(test_cycle)
{
	struct graph *g = graph_create();
	add(g, "r", NULL);
	add(g, "a", "c,r");
	add(g, "b", "a");
	add(g, "c", "b");
	add(g, "after", "c");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_CYCLE), 1);
	const struct graph_problem *p = problem(g, GRAPH_CYCLE);
	ck_assert_msg(strstr(p->message, "a -> b -> c -> a") != NULL, "%s", p->message);
	ck_assert(node(g, "a")->on_cycle && node(g, "b")->on_cycle && node(g, "c")->on_cycle);
	ck_assert(!node(g, "after")->on_cycle && !node(g, "r")->on_cycle);
	/* every node once in the order; the ordered part first */
	ck_assert_uint_eq(g->norder, 5);
	ck_assert_str_eq(ids(g, g->order, g->norder), "r a after b c");
	graph_destroy(g);

	/* self loop */
	g = graph_create();
	add(g, "s", "s");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_CYCLE), 1);
	ck_assert_msg(strstr(g->problems[0].message, "s -> s") != NULL, "%s", g->problems[0].message);
	ck_assert_uint_eq(g->nheads, 0);
	graph_destroy(g);

	/* two separate cycles, one downstream of the other */
	g = graph_create();
	add(g, "p", "q");
	add(g, "q", "p");
	add(g, "x", "y,q");
	add(g, "y", "x");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_CYCLE), 2);
	graph_destroy(g);
}
END_TEST

START_TEST(test_dangling_parent)
{
	struct graph *g = graph_create();
	add(g, "a", NULL);
	add_full(g, "b", "zzz", NULL, NULL, "versions/b_x.py", 7);
	build(g);
	/* a and b are both heads now: reported too */
	ck_assert_uint_eq(g->nproblems, 2);
	ck_assert_uint_eq(count_kind(g, GRAPH_MULTIPLE_HEADS), 1);
	const struct graph_problem *p = problem(g, GRAPH_DANGLING_PARENT);
	ck_assert_str_eq(p->message, "versions/b_x.py:8: revision 'b' has down_revision 'zzz', which no migration file "
	                             "defines; restore the missing file or point down_revision at an existing revision");
	ck_assert_str_eq(p->path, "versions/b_x.py");
	ck_assert_uint_eq(p->line, 8);
	ck_assert_str_eq(p->revision, "b");
	ck_assert(!node(g, "b")->is_base);
	ck_assert_uint_eq(node(g, "b")->nparents, 0);
	ck_assert_str_eq(ids(g, g->bases, g->nbases), "a");
	graph_destroy(g);
}
END_TEST

START_TEST(test_duplicate_ids)
{
	struct graph *g = graph_create();
	add(g, "a", NULL);
	add_full(g, "b", "a", NULL, NULL, "v/z_copy.py", 3);
	add_full(g, "b", "a", NULL, NULL, "v/b.py", 5);
	build(g);
	ck_assert_uint_eq(g->nnodes, 2);
	ck_assert_uint_eq(count_kind(g, GRAPH_DUPLICATE_ID), 1);
	const struct graph_problem *p = problem(g, GRAPH_DUPLICATE_ID);
	ck_assert_msg(strstr(p->message, "revision 'b' is defined twice: v/b.py:5 and v/z_copy.py:3") != NULL, "%s",
	              p->message);
	ck_assert_str_eq(p->path, "v/z_copy.py");
	ck_assert_str_eq(node(g, "b")->path, "v/b.py"); /* first by path wins */
	ck_assert_uint_eq(g->nheads, 1);
	graph_destroy(g);
}
END_TEST

START_TEST(test_missing_revision_id)
{
	struct graph *g = graph_create();
	struct graph_entry e = {.revision = NULL, .path = "v/helpers.py", .line = 0};
	ck_assert_int_eq(graph_add(g, &e), GRAPH_OK);
	struct graph_entry e2 = {.revision = "", .path = "v/empty.py", .line = 9};
	ck_assert_int_eq(graph_add(g, &e2), GRAPH_OK);
	build(g);
	ck_assert_uint_eq(g->nnodes, 0);
	ck_assert_uint_eq(count_kind(g, GRAPH_MISSING_REVISION_ID), 2);
	ck_assert_msg(strncmp(g->problems[0].message, "v/helpers.py: no revision id", 28) == 0, "%s",
	              g->problems[0].message);
	ck_assert_msg(strncmp(g->problems[1].message, "v/empty.py:9: no revision id", 28) == 0, "%s",
	              g->problems[1].message);
	graph_destroy(g);
}
END_TEST

START_TEST(test_duplicate_label)
{
	struct graph *g = graph_create();
	add_l(g, "a", NULL, "x");
	add_l(g, "b", "a", "x");
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_DUPLICATE_LABEL), 1);
	ck_assert_uint_eq(graph_find_label(g, "x"), graph_find(g, "a"));
	graph_destroy(g);
}
END_TEST

START_TEST(test_depends_on)
{
	struct graph *g = graph_create();
	/* core branch; billing branch whose second revision depends on core's c2 (by id) and on the label "core" */
	add_full(g, "c1", NULL, "core", NULL, "v/z1.py", 1);
	add_full(g, "c2", "c1", NULL, NULL, "v/z2.py", 1);
	add_full(g, "b1", NULL, "billing", NULL, "v/a1.py", 1);
	add_full(g, "b2", "b1", NULL, "c2,core", "v/a2.py", 1);
	add_full(g, "b3", "b2", NULL, "nothing", "v/a3.py", 1);
	build(g);
	const struct graph_node *b2 = node(g, "b2");
	ck_assert_uint_eq(b2->ndeps, 2);
	ck_assert_str_eq(ids(g, b2->deps, b2->ndeps_resolved), "c2 c1");
	ck_assert_str_eq(ids(g, node(g, "c2")->dependents, node(g, "c2")->ndependents), "b2");
	/* depends_on does not make c2 a non-head (as in Alembic) */
	ck_assert(node(g, "c2")->is_head);
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "b3 c2");
	/* order: by path a* first, but b2 must wait for c2 */
	ck_assert_str_eq(ids(g, g->order, g->norder), "b1 c1 c2 b2 b3");
	ck_assert_uint_eq(count_kind(g, GRAPH_DANGLING_DEPENDS_ON), 1);
	const struct graph_problem *p = problem(g, GRAPH_DANGLING_DEPENDS_ON);
	ck_assert_msg(strstr(p->message, "depends_on 'nothing'") != NULL, "%s", p->message);
	ck_assert_str_eq(p->revision, "b3");
	ck_assert_uint_eq(count_kind(g, GRAPH_MULTIPLE_HEADS), 0); /* core / billing: labelled branches */
	graph_destroy(g);
}
END_TEST

START_TEST(test_diamond_order)
{
	struct graph *g = graph_create();
	add_full(g, "d", "b,c", NULL, NULL, "v/4.py", 1);
	add_full(g, "b", "a", NULL, NULL, "v/3.py", 1);
	add_full(g, "c", "a", NULL, NULL, "v/2.py", 1);
	add_full(g, "a", NULL, NULL, NULL, "v/1.py", 1);
	build(g);
	/* ties broken by path: c (v/2.py) before b (v/3.py) */
	ck_assert_str_eq(ids(g, g->order, g->norder), "a c b d");
	ck_assert_uint_eq(g->nproblems, 0);
	graph_destroy(g);

	/* without paths: ties by revision id */
	g = graph_create();
	add_full(g, "d", "b,c", NULL, NULL, NULL, 0);
	add_full(g, "c", "a", NULL, NULL, NULL, 0);
	add_full(g, "b", "a", NULL, NULL, NULL, 0);
	add_full(g, "a", NULL, NULL, NULL, NULL, 0);
	build(g);
	ck_assert_str_eq(ids(g, g->order, g->norder), "a b c d");
	graph_destroy(g);
}
END_TEST

/* ---- lookup -------------------------------------------------------------------------------------------------- */

START_TEST(test_lookup)
{
	struct graph *g = graph_create();
	add_l(g, "ae1027a6acf0", NULL, "core");
	add(g, "ae1f00000000", "ae1027a6acf0");
	add(g, "1975ea83b712", "ae1f00000000");
	add_l(g, "27c6a30d7c24", NULL, "billing");
	add(g, "27c6a30d7c25", "27c6a30d7c24");
	build(g);
	size_t i;
	char err[512];
	ck_assert_int_eq(graph_lookup(g, "1975ea83b712", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "1975ea83b712");
	ck_assert_int_eq(graph_lookup(g, "19", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "1975ea83b712");
	ck_assert_int_eq(graph_lookup(g, "ae1027", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "ae1027a6acf0");
	ck_assert_int_eq(graph_lookup(g, "ae1", &i, err, sizeof(err)), GRAPH_EAMBIGUOUS);
	ck_assert_uint_eq(i, GRAPH_NONE);
	ck_assert_str_eq(err, "revision prefix 'ae1' is ambiguous: 2 revisions start with it: ae1027a6acf0 "
	                      "(v/ae1027a6acf0.py), ae1f00000000 (v/ae1f00000000.py)");
	ck_assert_int_eq(graph_lookup(g, "ffff", &i, err, sizeof(err)), GRAPH_ENOTFOUND);
	ck_assert_str_eq(err, "no revision, branch label or revision prefix 'ffff' (5 revisions known)");
	ck_assert_int_eq(graph_lookup(g, "", &i, err, sizeof(err)), GRAPH_ENOTFOUND);
	/* a prefix longer than any id */
	ck_assert_int_eq(graph_lookup(g, "1975ea83b7120", &i, err, sizeof(err)), GRAPH_ENOTFOUND);
	/* labels */
	ck_assert_int_eq(graph_lookup(g, "billing", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "27c6a30d7c24");
	ck_assert_uint_eq(graph_find_label(g, "core"), graph_find(g, "ae1027a6acf0"));
	ck_assert_uint_eq(graph_find_label(g, "nope"), GRAPH_NONE);
	ck_assert_int_eq(graph_lookup(g, "billing@head", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "27c6a30d7c25");
	ck_assert_int_eq(graph_lookup(g, "core@head", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "1975ea83b712");
	ck_assert_int_eq(graph_lookup(g, "ae1f@head", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "1975ea83b712");
	ck_assert_int_eq(graph_lookup(g, "core@-1", &i, err, sizeof(err)), GRAPH_EUSAGE);
	/* symbolic names */
	ck_assert_int_eq(graph_lookup(g, "head", &i, err, sizeof(err)), GRAPH_EMULTIPLE_HEADS);
	ck_assert_msg(strstr(err, "'head' is ambiguous: 2 heads: 1975ea83b712") != NULL, "%s", err);
	ck_assert_int_eq(graph_lookup(g, "heads", &i, err, sizeof(err)), GRAPH_EUSAGE);
	size_t *list, n;
	ck_assert_int_eq(graph_resolve(g, "heads", &list, &n, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(ids(g, list, n), "1975ea83b712 27c6a30d7c25");
	free(list);
	ck_assert_int_eq(graph_resolve(g, "base", &list, &n, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(ids(g, list, n), "27c6a30d7c24 ae1027a6acf0");
	free(list);
	ck_assert_int_eq(graph_resolve(g, "ae1f", &list, &n, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(ids(g, list, n), "ae1f00000000");
	free(list);
	ck_assert_int_eq(graph_resolve(g, "ae1", &list, &n, err, sizeof(err)), GRAPH_EAMBIGUOUS);
	ck_assert_ptr_null(list);
	graph_destroy(g);

	/* one head: "head" resolves */
	g = graph_create();
	add(g, "a", NULL);
	add(g, "b", "a");
	build(g);
	ck_assert_int_eq(graph_lookup(g, "head", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "b");
	ck_assert_int_eq(graph_lookup(g, "a@head", &i, err, sizeof(err)), GRAPH_OK);
	ck_assert_str_eq(g->nodes[i].revision, "b");
	graph_destroy(g);
}
END_TEST

START_TEST(test_misuse_and_empty)
{
	struct graph *g = graph_create();
	size_t i;
	char err[128];
	ck_assert_int_eq(graph_lookup(g, "a", &i, err, sizeof(err)), GRAPH_EUSAGE);
	ck_assert_uint_eq(graph_find(g, "a"), GRAPH_NONE);
	json_t *j = NULL;
	ck_assert_int_eq(graph_to_json(g, &j), GRAPH_EUSAGE);
	build(g);
	ck_assert_int_eq(graph_build(g), GRAPH_EUSAGE);
	struct graph_entry e = {.revision = "x"};
	ck_assert_int_eq(graph_add(g, &e), GRAPH_EUSAGE);
	ck_assert_uint_eq(g->nnodes, 0);
	ck_assert_uint_eq(g->nproblems, 0);
	ck_assert_int_eq(graph_resolve(g, "heads", &(size_t *){NULL}, &i, err, sizeof(err)), GRAPH_ENOTFOUND);
	ck_assert_int_eq(graph_to_json(g, &j), GRAPH_OK);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	ck_assert_str_eq(s, "{\"bases\":[],\"heads\":[],\"order\":[],\"problems\":[],\"revisions\":[]}");
	free(s);
	json_decref(j);
	graph_destroy(g);
	graph_destroy(NULL);
}
END_TEST

START_TEST(test_add_migration)
{
	struct graph *g = graph_create();
	const char *downs[] = {"a1", "b1"};
	const char *labels[] = {"core"};
	struct migration m = {.path = "v/m.py", .revision = "m1", .revision_line = 12,
	                      .down_revisions = {.items = downs, .count = 2}, .down_revision_set = true,
	                      .down_revision_line = 13, .branch_labels = {.items = labels, .count = 1},
	                      .message = "merge"};
	ck_assert_int_eq(graph_add_migration(g, &m), GRAPH_OK);
	struct migration helper = {.path = "v/helpers.py"}; /* no revision, no down_revision: not a migration */
	ck_assert_int_eq(graph_add_migration(g, &helper), GRAPH_OK);
	struct migration noid = {.path = "v/noid.py", .down_revision_set = true, .down_revision_line = 4};
	ck_assert_int_eq(graph_add_migration(g, &noid), GRAPH_OK);
	add(g, "a1", NULL);
	add(g, "b1", NULL);
	build(g);
	ck_assert_uint_eq(g->nnodes, 3);
	const struct graph_node *n = node(g, "m1");
	ck_assert_str_eq(n->path, "v/m.py");
	ck_assert_uint_eq(n->line, 12);
	ck_assert_uint_eq(n->down_line, 13);
	ck_assert_str_eq(n->message, "merge");
	ck_assert(n->is_merge);
	ck_assert_str_eq(n->branch_labels[0], "core");
	ck_assert_uint_eq(g->nproblems, 1);
	ck_assert_int_eq(g->problems[0].kind, GRAPH_MISSING_REVISION_ID);
	ck_assert_str_eq(g->problems[0].path, "v/noid.py");
	ck_assert_uint_eq(g->problems[0].line, 4);
	graph_destroy(g);
}
END_TEST

/* ---- output -------------------------------------------------------------------------------------------------- */

START_TEST(test_json)
{
	struct graph *g = graph_create();
	add_full(g, "a", NULL, "core", NULL, "v/1.py", 5);
	add(g, "b", "a");
	add(g, "c", "a");
	struct graph_entry e = {.revision = "m", .down_revisions = (const char *[]){"b", "c"}, .ndown = 2,
	                        .path = "v/m.py", .line = 9, .message = "merge heads"};
	ck_assert_int_eq(graph_add(g, &e), GRAPH_OK);
	add(g, "x", "gone");
	build(g);
	json_t *j = NULL;
	ck_assert_int_eq(graph_to_json(g, &j), GRAPH_OK);
	char *s = json_dumps(json_object_get(j, "order"), JSON_COMPACT);
	ck_assert_str_eq(s, "[\"a\",\"b\",\"c\",\"m\",\"x\"]");
	free(s);
	s = json_dumps(json_object_get(j, "heads"), JSON_COMPACT);
	ck_assert_str_eq(s, "[\"m\",\"x\"]");
	free(s);
	s = json_dumps(json_object_get(j, "bases"), JSON_COMPACT);
	ck_assert_str_eq(s, "[\"a\"]");
	free(s);
	json_t *revs = json_object_get(j, "revisions");
	ck_assert_uint_eq(json_array_size(revs), 5);
	s = json_dumps(json_array_get(revs, 0), JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_str_eq(s, "{\"branch_labels\":[\"core\"],\"children\":[\"b\",\"c\"],\"depends_on\":[],"
	                    "\"down_revisions\":[],\"is_base\":true,\"is_branch_point\":true,\"is_head\":false,"
	                    "\"is_merge\":false,\"line\":5,\"message\":null,\"path\":\"v/1.py\",\"revision\":\"a\"}");
	free(s);
	s = json_dumps(json_array_get(revs, 3), JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_str_eq(s, "{\"branch_labels\":[],\"children\":[],\"depends_on\":[],\"down_revisions\":[\"b\",\"c\"],"
	                    "\"is_base\":false,\"is_branch_point\":false,\"is_head\":true,\"is_merge\":true,\"line\":9,"
	                    "\"message\":\"merge heads\",\"path\":\"v/m.py\",\"revision\":\"m\"}");
	free(s);
	json_t *probs = json_object_get(j, "problems");
	ck_assert_uint_eq(json_array_size(probs), 2);
	json_t *p0 = json_array_get(probs, 0);
	ck_assert_str_eq(json_string_value(json_object_get(p0, "kind")), "dangling_parent");
	ck_assert_str_eq(json_string_value(json_object_get(p0, "path")), "v/x.py");
	ck_assert_int_eq(json_integer_value(json_object_get(p0, "line")), 15);
	ck_assert_str_eq(json_string_value(json_object_get(p0, "revision")), "x");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(probs, 1), "kind")), "multiple_heads");
	json_decref(j);
	graph_destroy(g);
}
END_TEST

START_TEST(test_print_text)
{
	struct graph *g = graph_create();
	add_full(g, "a", NULL, "core", NULL, "v/1.py", 5);
	add(g, "b", "a");
	add(g, "c", "a");
	struct graph_entry e = {.revision = "m", .down_revisions = (const char *[]){"b", "c"}, .ndown = 2,
	                        .path = "v/m.py", .line = 9, .message = "merge heads"};
	ck_assert_int_eq(graph_add(g, &e), GRAPH_OK);
	build(g);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(graph_print_text(g, f), 0);
	fclose(f);
	ck_assert_str_eq(buf, "<base> -> a (core) (base) (branchpoint)  [v/1.py]\n"
	                      "a -> b  [v/b.py]\n"
	                      "a -> c  [v/c.py]\n"
	                      "(b, c) -> m (head) (mergepoint), merge heads  [v/m.py]\n"
	                      "4 revisions, 1 head, 1 base (head: m)\n"
	                      "no problems\n");
	free(buf);
	graph_destroy(g);

	g = graph_create();
	add(g, "a", NULL);
	add(g, "b", "a");
	add(g, "c", "a");
	build(g);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(graph_print_text(g, f), 0);
	fclose(f);
	ck_assert_msg(strstr(buf, "a -> b (head)  [v/b.py]\n") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "3 revisions, 2 heads, 1 base (head: b c)\n1 problem:\n  multiple_heads: 2 heads: b") !=
	                  NULL,
	              "%s", buf);
	free(buf);
	graph_destroy(g);
}
END_TEST

/* ---- scale --------------------------------------------------------------------------------------------------- */

START_TEST(test_chain_3000)
{
	enum { N = 3000 };
	struct graph *g = graph_create();
	clock_t t0 = clock();
	/* added newest first, ids not in path order: r<i> with paths p<reverse> */
	for (int i = N - 1; i >= 0; i--) {
		char rev[32], down[32], path[64];
		snprintf(rev, sizeof(rev), "r%05d", i);
		snprintf(down, sizeof(down), "r%05d", i - 1);
		snprintf(path, sizeof(path), "v/%05d.py", N - i);
		add_full(g, rev, i ? down : NULL, NULL, NULL, path, 1);
	}
	build(g);
	ck_assert_uint_eq(g->nnodes, N);
	ck_assert_uint_eq(g->nproblems, 0);
	ck_assert_uint_eq(g->nheads, 1);
	ck_assert_str_eq(g->nodes[g->heads[0]].revision, "r02999");
	for (size_t k = 0; k < N; k++) {
		char want[32];
		snprintf(want, sizeof(want), "r%05zu", k);
		ck_assert_str_eq(g->nodes[g->order[k]].revision, want);
	}
	size_t i;
	ck_assert_int_eq(graph_lookup(g, "r0299", &i, NULL, 0), GRAPH_EAMBIGUOUS);
	ck_assert_int_eq(graph_lookup(g, "r02998", &i, NULL, 0), GRAPH_OK);
	ck_assert(graph_is_ancestor(g, graph_find(g, "r00000"), graph_find(g, "r02999")));
	json_t *j;
	ck_assert_int_eq(graph_to_json(g, &j), GRAPH_OK);
	json_decref(j);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 2.0, "3000-revision chain took %.3f s", secs);
	graph_destroy(g);
}
END_TEST

START_TEST(test_big_cycle_and_many_heads)
{
	enum { N = 3000 };
	/* one 3000-long cycle: iterative Tarjan, no recursion */
	struct graph *g = graph_create();
	for (int i = 0; i < N; i++) {
		char rev[32], down[32];
		snprintf(rev, sizeof(rev), "c%05d", i);
		snprintf(down, sizeof(down), "c%05d", (i + N - 1) % N);
		add_full(g, rev, down, NULL, NULL, NULL, 0);
	}
	clock_t t0 = clock();
	build(g);
	ck_assert_uint_eq(count_kind(g, GRAPH_CYCLE), 1);
	ck_assert_uint_eq(g->norder, N);
	ck_assert_msg(strncmp(problem(g, GRAPH_CYCLE)->message, "cycle in down_revision/depends_on: c00000 -> c00001 -> ",
	                      55) == 0,
	              "%s", problem(g, GRAPH_CYCLE)->message);
	graph_destroy(g);

	/* a 3000-long trunk with a labelled side branch off every 3rd revision: 1001 heads, each with a label of its
	 * own (the trunk's head carries its own; "trunk" on the base is shared by all, so it does not count) */
	g = graph_create();
	for (int i = 0; i < N; i++) {
		char rev[32], down[32], lab[32];
		snprintf(rev, sizeof(rev), "t%05d", i);
		snprintf(down, sizeof(down), "t%05d", i - 1);
		add_full(g, rev, i ? down : NULL, i == 0 ? "trunk" : i == N - 1 ? "trunk_tip" : NULL, NULL, NULL, 0);
		if (i % 3 == 0) {
			snprintf(rev, sizeof(rev), "s%05d", i);
			snprintf(down, sizeof(down), "t%05d", i);
			snprintf(lab, sizeof(lab), "side%d", i);
			add_full(g, rev, down, lab, NULL, NULL, 0);
		}
	}
	build(g);
	ck_assert_uint_eq(g->nheads, N / 3 + 1);
	ck_assert_msg(g->nproblems == 0, "%s", g->nproblems ? g->problems[0].message : "");
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 5.0, "took %.3f s", secs);
	graph_destroy(g);
}
END_TEST

/* ---- fixture projects (tests/data/projects): discovery + a minimal reader of the revision assignments ---------- */

/* Collects the quoted strings of `name = ...` / `name: T = ...` at the start of a line into items (copied into
 * store). Returns the line of the assignment, 0 when absent. */
static unsigned scan_assign(const char *text, const char *name, char store[][64], size_t *n)
{
	*n = 0;
	size_t nl = strlen(name);
	unsigned line = 1;
	for (const char *p = text; *p; line++) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (strncmp(p, name, nl) == 0 && (p[nl] == ' ' || p[nl] == ':' || p[nl] == '=')) {
			const char *eq = memchr(p, '=', (size_t)(eol - p));
			for (const char *c = eq ? eq + 1 : eol; c < eol && *n < MAXL; c++) {
				if (*c != '\'' && *c != '"')
					continue;
				const char *e = memchr(c + 1, *c, (size_t)(eol - c - 1));
				if (!e)
					break;
				snprintf(store[*n], 64, "%.*s", (int)(e - c - 1), c + 1);
				(*n)++;
				c = e;
			}
			return line;
		}
		p = *eol ? eol + 1 : eol;
	}
	return 0;
}

static struct graph *fixture_graph(const char *project)
{
	char ini[512], err[512] = "";
	snprintf(ini, sizeof(ini), "%s/projects/%s/alembic.ini", MRT_TEST_DATA, project);
	struct discovery d;
	ck_assert_msg(discover_from_ini(ini, &d, err, sizeof(err)) == DISCOVER_OK, "%s", err);
	struct graph *g = graph_create();
	for (size_t i = 0; i < d.nfiles; i++) {
		FILE *f = fopen(d.files[i], "r");
		ck_assert_ptr_nonnull(f);
		static char text[65536];
		size_t len = fread(text, 1, sizeof(text) - 1, f);
		text[len] = '\0';
		fclose(f);
		char rs[MAXL][64], ds[MAXL][64], ls[MAXL][64], ps[MAXL][64];
		size_t nr, nd, nlab, np;
		unsigned rline = scan_assign(text, "revision", rs, &nr);
		unsigned dline = scan_assign(text, "down_revision", ds, &nd);
		scan_assign(text, "branch_labels", ls, &nlab);
		scan_assign(text, "depends_on", ps, &np);
		const char *dv[MAXL], *lv[MAXL], *pv[MAXL];
		for (size_t k = 0; k < MAXL; k++) {
			dv[k] = ds[k];
			lv[k] = ls[k];
			pv[k] = ps[k];
		}
		struct graph_entry e = {.revision = nr ? rs[0] : NULL, .down_revisions = dv, .ndown = nd,
		                        .branch_labels = lv, .nlabels = nlab, .depends_on = pv, .ndeps = np,
		                        .path = d.files[i], .line = rline, .down_line = dline};
		ck_assert_int_eq(graph_add(g, &e), GRAPH_OK);
	}
	discovery_release(&d);
	return build(g);
}

START_TEST(test_fixture_projects)
{
	struct graph *g = fixture_graph("linear");
	ck_assert_str_eq(ids(g, g->order, g->norder), "1a2b3c4d5e6f 2b3c4d5e6f7a 3c4d5e6f7a8b");
	ck_assert_uint_eq(g->nproblems, 0);
	ck_assert_uint_eq(node(g, "2b3c4d5e6f7a")->line, 13);
	graph_destroy(g);

	g = fixture_graph("branched_merged");
	ck_assert_str_eq(ids(g, g->order, g->norder), "a1000000000a b2000000000b c3000000000c d4000000000d e5000000000e");
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "e5000000000e");
	ck_assert(node(g, "d4000000000d")->is_merge);
	ck_assert(node(g, "a1000000000a")->is_branch_point);
	ck_assert_uint_eq(g->nproblems, 0);
	graph_destroy(g);

	g = fixture_graph("two_heads");
	ck_assert_str_eq(ids(g, g->heads, g->nheads), "1e1e1e1e1e02 2d2d2d2d2d03");
	ck_assert_uint_eq(g->nproblems, 1);
	ck_assert_int_eq(g->problems[0].kind, GRAPH_MULTIPLE_HEADS);
	graph_destroy(g);

	g = fixture_graph("broken");
	ck_assert_uint_eq(count_kind(g, GRAPH_DUPLICATE_ID), 1);
	ck_assert_uint_eq(count_kind(g, GRAPH_DANGLING_PARENT), 1);
	const struct graph_problem *p = problem(g, GRAPH_DANGLING_PARENT);
	ck_assert_msg(strstr(p->message, "cccc00000003_add_owner.py:16: revision 'cccc00000003' has down_revision "
	                                 "'deadbeef0000'") != NULL,
	              "%s", p->message);
	p = problem(g, GRAPH_DUPLICATE_ID);
	ck_assert_msg(strstr(p->message, "bbbb00000002_add_balance.py:15 and ") != NULL &&
	                  strstr(p->message, "bbbb00000002_add_balance_copy.py:15;") != NULL,
	              "%s", p->message);
	graph_destroy(g);

	g = fixture_graph("multi_location");
	ck_assert_uint_eq(g->nheads, 2);
	ck_assert_uint_eq(g->nproblems, 0);
	const struct graph_node *inv = node(g, "b111000000a2");
	ck_assert_str_eq(ids(g, inv->deps, inv->ndeps_resolved), "c0de00000001");
	ck_assert_uint_eq(graph_find_label(g, "billing"), graph_find(g, "b111000000a1"));
	graph_destroy(g);
}
END_TEST

static Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("shapes");
	tcase_add_test(tc, test_linear);
	tcase_add_test(tc, test_branched_and_merged);
	tcase_add_test(tc, test_branched_unmerged_two_heads);
	tcase_add_test(tc, test_two_heads_distinct_labels);
	tcase_add_test(tc, test_cycle);
	tcase_add_test(tc, test_dangling_parent);
	tcase_add_test(tc, test_duplicate_ids);
	tcase_add_test(tc, test_missing_revision_id);
	tcase_add_test(tc, test_duplicate_label);
	tcase_add_test(tc, test_depends_on);
	tcase_add_test(tc, test_diamond_order);
	tcase_add_test(tc, test_add_migration);
	suite_add_tcase(s, tc);
	TCase *lk = tcase_create("lookup");
	tcase_add_test(lk, test_lookup);
	tcase_add_test(lk, test_misuse_and_empty);
	suite_add_tcase(s, lk);
	TCase *out = tcase_create("output");
	tcase_add_test(out, test_json);
	tcase_add_test(out, test_print_text);
	suite_add_tcase(s, out);
	TCase *fx = tcase_create("fixtures");
	tcase_add_test(fx, test_fixture_projects);
	suite_add_tcase(s, fx);
	TCase *big = tcase_create("scale");
	tcase_set_timeout(big, 60);
	tcase_add_test(big, test_chain_3000);
	tcase_add_test(big, test_big_cycle_and_many_heads);
	suite_add_tcase(s, big);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(graph_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
