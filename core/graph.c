/* graph.c — see graph.h. */
#include "graph.h"
#include "model.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- open-addressing string hash map (keys borrowed from the arena, values are indices) ----------------------- */

struct graph_strmap {
	const char **keys; /* arena; NULL = empty slot */
	size_t *vals;      /* arena */
	size_t cap;        /* power of two */
	size_t n;
};

static uint64_t graph_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	return h;
}

/* A map for up to `expected` keys (it never grows: load factor stays <= 1/2). NULL on out-of-memory. */
static struct graph_strmap *graph_strmap_new(struct arena *a, size_t expected)
{
	struct graph_strmap *m = arena_alloc(a, sizeof(*m));
	if (!m)
		return NULL;
	size_t cap = 16;
	while (cap < expected * 2 + 1)
		cap *= 2;
	m->keys = arena_alloc(a, cap * sizeof(*m->keys));
	m->vals = arena_alloc(a, cap * sizeof(*m->vals));
	if (!m->keys || !m->vals)
		return NULL;
	m->cap = cap;
	return m;
}

static size_t graph_strmap_get(const struct graph_strmap *m, const char *key)
{
	if (!m || !key)
		return GRAPH_NONE;
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)graph_hash(key) & mask;; i = (i + 1) & mask) {
		if (!m->keys[i])
			return GRAPH_NONE;
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

/* Inserts key → val unless present. Returns GRAPH_NONE when inserted, else the existing value. */
static size_t graph_strmap_put(struct graph_strmap *m, const char *key, size_t val)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)graph_hash(key) & mask;; i = (i + 1) & mask) {
		if (!m->keys[i]) {
			m->keys[i] = key;
			m->vals[i] = val;
			m->n++;
			return GRAPH_NONE;
		}
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

/* ---- small helpers --------------------------------------------------------------------------------------------- */

const char *graph_problem_kind_name(enum graph_problem_kind k)
{
	switch (k) {
	case GRAPH_MULTIPLE_HEADS: return "multiple_heads";
	case GRAPH_DANGLING_PARENT: return "dangling_parent";
	case GRAPH_DANGLING_DEPENDS_ON: return "dangling_depends_on";
	case GRAPH_DUPLICATE_ID: return "duplicate_id";
	case GRAPH_CYCLE: return "cycle";
	case GRAPH_MISSING_REVISION_ID: return "missing_revision_id";
	case GRAPH_DUPLICATE_LABEL: return "duplicate_label";
	}
	return "unknown";
}

const char *graph_strerror(int code)
{
	switch (code) {
	case GRAPH_OK: return "ok";
	case GRAPH_ENOTFOUND: return "no such revision";
	case GRAPH_EAMBIGUOUS: return "ambiguous revision prefix";
	case GRAPH_EMULTIPLE_HEADS: return "multiple heads";
	case GRAPH_EUSAGE: return "invalid use";
	case GRAPH_ENOMEM: return "out of memory";
	default: return "unknown error";
	}
}

static void graph_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void graph_errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* "path:line" / "path" / "(no file)" in a caller buffer. */
struct graph_loc {
	char s[300];
};

static struct graph_loc graph_loc(const char *path, unsigned line)
{
	struct graph_loc l;
	if (!path)
		snprintf(l.s, sizeof(l.s), "(no file)");
	else if (line)
		snprintf(l.s, sizeof(l.s), "%s:%u", path, line);
	else
		snprintf(l.s, sizeof(l.s), "%s", path);
	return l;
}

static const char *graph_path_or(const char *path)
{
	return path ? path : "(no file)";
}

/* "rev (path)", or "rev" when the node has no file, appended at buf+*off (never past n). */
static void graph_put_rev(char *buf, size_t n, size_t *off, const char *sep, const struct graph_node *nd)
{
	if (*off >= n)
		return;
	int w = nd->path ? snprintf(buf + *off, n - *off, "%s%s (%s)", sep, nd->revision, nd->path)
	                 : snprintf(buf + *off, n - *off, "%s%s", sep, nd->revision);
	*off += w > 0 ? (size_t)w : 0;
}

/* Appends a problem. Returns 0 or -1 on out-of-memory. */
static int graph_problem_add(struct graph *g, enum graph_problem_kind kind, const char *path, unsigned line,
                             const char *revision, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int graph_problem_add(struct graph *g, enum graph_problem_kind kind, const char *path, unsigned line,
                             const char *revision, const char *fmt, ...)
{
	struct graph_problem p = {.kind = kind, .path = path, .line = line, .revision = revision};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p.message, sizeof(p.message), fmt, ap);
	va_end(ap);
	return ARENA_PUSH(&g->arena, g->problems, g->nproblems, g->pcap, p);
}

/* Copies a list of strings into the arena, dropping NULL/empty items and repeats. */
static int graph_copy_list(struct arena *a, const char *const *src, size_t n, const char ***dst, size_t *dn)
{
	*dst = NULL;
	*dn = 0;
	if (n == 0 || !src)
		return 0;
	const char **v = arena_alloc(a, n * sizeof(*v));
	if (!v)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!src[i] || !src[i][0])
			continue;
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++) /* lists are short (a merge names 2-3 parents) */
			seen = strcmp(v[j], src[i]) == 0;
		if (seen)
			continue;
		v[k] = arena_strdup(a, src[i]);
		if (!v[k])
			return -1;
		k++;
	}
	*dst = v;
	*dn = k;
	return 0;
}

/* ---- create / add / destroy ---------------------------------------------------------------------------------- */

struct graph *graph_create(void)
{
	struct graph *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	arena_init(&g->arena);
	return g;
}

void graph_destroy(struct graph *g)
{
	if (!g)
		return;
	arena_release(&g->arena);
	free(g);
}

int graph_add(struct graph *g, const struct graph_entry *e)
{
	if (!g || !e || g->built)
		return GRAPH_EUSAGE;
	struct arena *a = &g->arena;
	const char *path = e->path ? arena_strdup(a, e->path) : NULL;
	if (e->path && !path)
		return GRAPH_ENOMEM;
	if (!e->revision || !e->revision[0]) {
		if (graph_problem_add(g, GRAPH_MISSING_REVISION_ID, path, e->line, NULL,
		                      "%s: no revision id (`revision = \"...\"` is missing or empty); a migration needs "
		                      "one, or move the file out of the versions directory",
		                      graph_loc(path, e->line).s) != 0)
			return GRAPH_ENOMEM;
		return GRAPH_OK;
	}
	struct graph_node n = {0};
	n.revision = arena_strdup(a, e->revision);
	n.path = path;
	n.line = e->line;
	n.down_line = e->down_line ? e->down_line : e->line;
	n.message = e->message ? arena_strdup(a, e->message) : NULL;
	if (!n.revision || (e->message && !n.message))
		return GRAPH_ENOMEM;
	if (graph_copy_list(a, e->down_revisions, e->ndown, &n.down_revisions, &n.ndown) != 0 ||
	    graph_copy_list(a, e->branch_labels, e->nlabels, &n.branch_labels, &n.nlabels) != 0 ||
	    graph_copy_list(a, e->depends_on, e->ndeps, &n.depends_on, &n.ndeps) != 0)
		return GRAPH_ENOMEM;
	if (ARENA_PUSH(a, g->nodes, g->nnodes, g->cap, n) != 0)
		return GRAPH_ENOMEM;
	return GRAPH_OK;
}

int graph_add_migration(struct graph *g, const struct migration *m)
{
	if (!g || !m)
		return GRAPH_EUSAGE;
	if (!m->revision && !m->down_revision_set)
		return GRAPH_OK; /* not a migration (a helper module in the versions directory) */
	struct graph_entry e = {
		.revision = m->revision,
		.down_revisions = m->down_revisions.items,
		.ndown = m->down_revisions.count,
		.branch_labels = m->branch_labels.items,
		.nlabels = m->branch_labels.count,
		.depends_on = m->depends_on.items,
		.ndeps = m->depends_on.count,
		.path = m->path,
		.line = m->revision ? m->revision_line : m->down_revision_line,
		.down_line = m->down_revision_line,
		.message = m->message,
	};
	return graph_add(g, &e);
}

/* ---- build --------------------------------------------------------------------------------------------------- */

static int graph_cmp_str_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* node order: path, line, revision */
static int graph_cmp_node(const void *pa, const void *pb)
{
	const struct graph_node *a = pa, *b = pb;
	int c = graph_cmp_str_null(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->revision, b->revision);
}

/* duplicate detection order: revision, then node order */
static int graph_cmp_node_by_rev(const void *pa, const void *pb)
{
	const struct graph_node *a = pa, *b = pb;
	int c = strcmp(a->revision, b->revision);
	return c ? c : graph_cmp_node(pa, pb);
}

/* sorted_ids comparison needs the nodes: qsort has no context, so sort (revision pointer, index) pairs */
struct graph_idpair {
	const char *rev;
	size_t idx;
};

static int graph_cmp_idpair(const void *pa, const void *pb)
{
	const struct graph_idpair *a = pa, *b = pb;
	return strcmp(a->rev, b->rev);
}

/* binary min-heap of node indices */
struct graph_heap {
	size_t *v;
	size_t n;
};

static void graph_heap_push(struct graph_heap *h, size_t x)
{
	size_t i = h->n++;
	h->v[i] = x;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->v[p] <= h->v[i])
			break;
		size_t t = h->v[p];
		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t graph_heap_pop(struct graph_heap *h)
{
	size_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->v[l] < h->v[m])
			m = l;
		if (r < h->n && h->v[r] < h->v[m])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

/* compressed adjacency (preds/succs: down_revision and depends_on edges together, no repeats) */
struct graph_adj {
	size_t *start; /* n + 1 offsets into items (malloc'd) */
	size_t *items; /* malloc'd */
};

static void graph_adj_free(struct graph_adj *a)
{
	free(a->start);
	free(a->items);
	a->start = a->items = NULL;
}

/* Removes duplicate nodes (reported) and sorts the rest into node order. */
static int graph_dedupe(struct graph *g)
{
	if (g->nnodes == 0)
		return 0;
	qsort(g->nodes, g->nnodes, sizeof(g->nodes[0]), graph_cmp_node_by_rev);
	size_t w = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		if (w > 0 && strcmp(g->nodes[w - 1].revision, g->nodes[i].revision) == 0) {
			const struct graph_node *keep = &g->nodes[w - 1], *dup = &g->nodes[i];
			/* dup's strings stay in the arena: the problem points at them */
			if (graph_problem_add(g, GRAPH_DUPLICATE_ID, dup->path, dup->line, dup->revision,
			                      "revision '%s' is defined twice: %s and %s; give one of them a new id (and "
			                      "point the down_revision that meant it at the new id)",
			                      dup->revision, graph_loc(keep->path, keep->line).s,
			                      graph_loc(dup->path, dup->line).s) != 0)
				return -1;
			continue;
		}
		if (w != i)
			g->nodes[w] = g->nodes[i];
		w++;
	}
	g->nnodes = w;
	qsort(g->nodes, g->nnodes, sizeof(g->nodes[0]), graph_cmp_node);
	return 0;
}

/* Allocates an index array of n elements in the arena (NULL for n == 0 is fine). */
static size_t *graph_idx_alloc(struct graph *g, size_t n, bool *oom)
{
	if (n == 0)
		return NULL;
	size_t *p = arena_alloc(&g->arena, n * sizeof(*p));
	if (!p)
		*oom = true;
	return p;
}

/* Resolves parents, depends_on, children, dependents; reports dangling names and duplicate labels. */
static int graph_resolve_edges(struct graph *g)
{
	size_t n = g->nnodes;
	bool oom = false;
	size_t nlabels = 0;
	for (size_t i = 0; i < n; i++)
		nlabels += g->nodes[i].nlabels;
	g->by_id = graph_strmap_new(&g->arena, n);
	g->by_label = graph_strmap_new(&g->arena, nlabels);
	if (!g->by_id || !g->by_label)
		return -1;
	for (size_t i = 0; i < n; i++)
		graph_strmap_put(g->by_id, g->nodes[i].revision, i);
	for (size_t i = 0; i < n; i++) {
		struct graph_node *nd = &g->nodes[i];
		for (size_t k = 0; k < nd->nlabels; k++) {
			size_t prev = graph_strmap_put(g->by_label, nd->branch_labels[k], i);
			if (prev != GRAPH_NONE && prev != i &&
			    graph_problem_add(g, GRAPH_DUPLICATE_LABEL, nd->path, nd->line, nd->revision,
			                      "branch label '%s' is declared by both %s (%s) and %s (%s); branch labels must be "
			                      "unique",
			                      nd->branch_labels[k], g->nodes[prev].revision, graph_path_or(g->nodes[prev].path),
			                      nd->revision, graph_path_or(nd->path)) != 0)
				return -1;
		}
	}
	size_t *nchild = calloc(n ? n : 1, sizeof(*nchild));
	size_t *ndep = calloc(n ? n : 1, sizeof(*ndep));
	if (!nchild || !ndep) {
		free(nchild);
		free(ndep);
		return -1;
	}
	for (size_t i = 0; i < n && !oom; i++) {
		struct graph_node *nd = &g->nodes[i];
		nd->parents = graph_idx_alloc(g, nd->ndown, &oom);
		nd->deps = graph_idx_alloc(g, nd->ndeps, &oom);
		if (oom)
			break;
		for (size_t k = 0; k < nd->ndown; k++) {
			size_t p = graph_strmap_get(g->by_id, nd->down_revisions[k]);
			if (p == GRAPH_NONE) {
				if (graph_problem_add(g, GRAPH_DANGLING_PARENT, nd->path, nd->down_line, nd->revision,
				                      "%s: revision '%s' has down_revision '%s', which no migration file defines; "
				                      "restore the missing file or point down_revision at an existing revision",
				                      graph_loc(nd->path, nd->down_line).s, nd->revision,
				                      nd->down_revisions[k]) != 0)
					oom = true;
				continue;
			}
			nd->parents[nd->nparents++] = p;
			nchild[p]++;
		}
		for (size_t k = 0; k < nd->ndeps; k++) {
			size_t p = graph_strmap_get(g->by_id, nd->depends_on[k]);
			if (p == GRAPH_NONE)
				p = graph_strmap_get(g->by_label, nd->depends_on[k]);
			if (p == GRAPH_NONE) {
				if (graph_problem_add(g, GRAPH_DANGLING_DEPENDS_ON, nd->path, nd->line, nd->revision,
				                      "%s: revision '%s' has depends_on '%s', which is neither a revision nor a "
				                      "branch label; fix or remove it",
				                      graph_loc(nd->path, nd->line).s, nd->revision, nd->depends_on[k]) != 0)
					oom = true;
				continue;
			}
			bool seen = false;
			for (size_t j = 0; j < nd->ndeps_resolved && !seen; j++)
				seen = nd->deps[j] == p;
			if (seen)
				continue;
			nd->deps[nd->ndeps_resolved++] = p;
			ndep[p]++;
		}
	}
	for (size_t i = 0; i < n && !oom; i++) {
		g->nodes[i].children = graph_idx_alloc(g, nchild[i], &oom);
		g->nodes[i].dependents = graph_idx_alloc(g, ndep[i], &oom);
	}
	free(nchild);
	free(ndep);
	if (oom)
		return -1;
	for (size_t i = 0; i < n; i++) { /* ascending fill: children come out sorted */
		struct graph_node *nd = &g->nodes[i];
		for (size_t k = 0; k < nd->nparents; k++) {
			struct graph_node *p = &g->nodes[nd->parents[k]];
			p->children[p->nchildren++] = i;
		}
		for (size_t k = 0; k < nd->ndeps_resolved; k++) {
			struct graph_node *p = &g->nodes[nd->deps[k]];
			p->dependents[p->ndependents++] = i;
		}
	}
	return 0;
}

/* preds/succs over both kinds of edges, without repeats. mark is scratch (n entries). */
static int graph_build_adj(const struct graph *g, struct graph_adj *pred, struct graph_adj *succ, size_t *mark)
{
	size_t n = g->nnodes, np = 0, ns = 0;
	for (size_t i = 0; i < n; i++) {
		np += g->nodes[i].nparents + g->nodes[i].ndeps_resolved;
		ns += g->nodes[i].nchildren + g->nodes[i].ndependents;
	}
	pred->start = malloc((n + 1) * sizeof(size_t));
	succ->start = malloc((n + 1) * sizeof(size_t));
	pred->items = malloc((np ? np : 1) * sizeof(size_t));
	succ->items = malloc((ns ? ns : 1) * sizeof(size_t));
	if (!pred->start || !succ->start || !pred->items || !succ->items)
		return -1;
	for (size_t i = 0; i < n; i++)
		mark[i] = GRAPH_NONE;
	size_t pk = 0, sk = 0;
	for (size_t i = 0; i < n; i++) {
		const struct graph_node *nd = &g->nodes[i];
		pred->start[i] = pk;
		for (size_t k = 0; k < nd->nparents + nd->ndeps_resolved; k++) {
			size_t p = k < nd->nparents ? nd->parents[k] : nd->deps[k - nd->nparents];
			if (mark[p] == i)
				continue;
			mark[p] = i;
			pred->items[pk++] = p;
		}
	}
	pred->start[n] = pk;
	for (size_t i = 0; i < n; i++)
		mark[i] = GRAPH_NONE;
	for (size_t i = 0; i < n; i++) {
		const struct graph_node *nd = &g->nodes[i];
		succ->start[i] = sk;
		for (size_t k = 0; k < nd->nchildren + nd->ndependents; k++) {
			size_t c = k < nd->nchildren ? nd->children[k] : nd->dependents[k - nd->nchildren];
			if (mark[c] == i)
				continue;
			mark[c] = i;
			succ->items[sk++] = c;
		}
	}
	succ->start[n] = sk;
	return 0;
}

/* Reports one strongly connected component as a cycle (members in scc[0..m)); marks on_cycle. */
static int graph_report_cycle(struct graph *g, const struct graph_adj *pred, const size_t *scc, size_t m,
                              size_t *comp, size_t comp_id)
{
	/* smallest member starts the walk; following preds inside the component must come back to a visited node */
	size_t start = scc[0];
	for (size_t i = 1; i < m; i++)
		if (scc[i] < start)
			start = scc[i];
	size_t *walk = malloc((m + 1) * sizeof(*walk));
	size_t *pos = malloc(m * sizeof(*pos)); /* unused slots: GRAPH_NONE */
	if (!walk || !pos) {
		free(walk);
		free(pos);
		return -1;
	}
	for (size_t i = 0; i < m; i++) {
		g->nodes[scc[i]].on_cycle = true;
		pos[i] = GRAPH_NONE;
	}
	/* position lookup: members are few; map node → slot by linear search in scc (m is the cycle size) */
	size_t len = 0, cur = start, loop_from = 0;
	for (;;) {
		size_t slot = 0;
		while (scc[slot] != cur)
			slot++;
		if (pos[slot] != GRAPH_NONE) {
			loop_from = pos[slot];
			break;
		}
		pos[slot] = len;
		walk[len++] = cur;
		size_t next = GRAPH_NONE;
		for (size_t k = pred->start[cur]; k < pred->start[cur + 1]; k++) {
			size_t p = pred->items[k];
			if (comp[p] == comp_id && (next == GRAPH_NONE || p < next))
				next = p;
		}
		if (next == GRAPH_NONE) /* cannot happen in a cycle; stay safe */
			break;
		cur = next;
	}
	/* walk[loop_from..len) is the cycle in child → parent direction (walk[k + 1] is a parent of walk[k]); print it
	 * parent → child starting and ending at walk[loop_from]: walk[loop_from] → walk[len-1] → ... → walk[loop_from] */
	char msg[GRAPH_MESSAGE_MAX];
	size_t off = 0;
	int w = snprintf(msg, sizeof(msg), "cycle in down_revision/depends_on: %s", g->nodes[walk[loop_from]].revision);
	off = w > 0 ? (size_t)w : 0;
	for (size_t i = len; i > loop_from + 1 && off < sizeof(msg); i--) {
		w = snprintf(msg + off, sizeof(msg) - off, " -> %s", g->nodes[walk[i - 1]].revision);
		off += w > 0 ? (size_t)w : 0;
	}
	if (off < sizeof(msg))
		snprintf(msg + off, sizeof(msg) - off, " -> %s; each is the down_revision of the next, so none can be "
		         "applied first: break the loop", g->nodes[walk[loop_from]].revision);
	const struct graph_node *first = &g->nodes[walk[loop_from]];
	free(walk);
	free(pos);
	return graph_problem_add(g, GRAPH_CYCLE, first->path, first->line, first->revision, "%s", msg);
}

/* Finds cycles among the nodes Kahn could not order (left[i] true), iteratively (Tarjan). */
static int graph_find_cycles(struct graph *g, const struct graph_adj *pred, const struct graph_adj *succ,
                             const bool *left)
{
	size_t n = g->nnodes;
	size_t *index = malloc(n * sizeof(size_t));
	size_t *low = malloc(n * sizeof(size_t));
	size_t *comp = malloc(n * sizeof(size_t));
	bool *onstack = calloc(n, sizeof(bool));
	size_t *stack = malloc(n * sizeof(size_t));
	size_t *fv = malloc(n * sizeof(size_t)); /* call frames: node and next edge */
	size_t *fe = malloc(n * sizeof(size_t));
	int rc = -1;
	if (!index || !low || !comp || !onstack || !stack || !fv || !fe)
		goto out;
	for (size_t i = 0; i < n; i++)
		index[i] = comp[i] = GRAPH_NONE;
	size_t next_index = 0, sp = 0, ncomp = 0;
	for (size_t root = 0; root < n; root++) {
		if (!left[root] || index[root] != GRAPH_NONE)
			continue;
		size_t fp = 0;
		fv[fp] = root;
		fe[fp] = succ->start[root];
		fp++;
		index[root] = low[root] = next_index++;
		stack[sp++] = root;
		onstack[root] = true;
		while (fp > 0) {
			size_t v = fv[fp - 1];
			if (fe[fp - 1] < succ->start[v + 1]) {
				size_t w = succ->items[fe[fp - 1]++];
				if (!left[w])
					continue;
				if (index[w] == GRAPH_NONE) {
					index[w] = low[w] = next_index++;
					stack[sp++] = w;
					onstack[w] = true;
					fv[fp] = w;
					fe[fp] = succ->start[w];
					fp++;
				} else if (onstack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			fp--;
			if (low[v] == index[v]) {
				size_t top = sp;
				do {
					sp--;
					onstack[stack[sp]] = false;
					comp[stack[sp]] = ncomp;
				} while (stack[sp] != v);
				size_t m = top - sp;
				bool self_loop = false;
				if (m == 1)
					for (size_t k = pred->start[v]; k < pred->start[v + 1]; k++)
						self_loop = self_loop || pred->items[k] == v;
				if ((m > 1 || self_loop) && graph_report_cycle(g, pred, stack + sp, m, comp, ncomp) != 0)
					goto out;
				ncomp++;
			}
			if (fp > 0) {
				size_t u = fv[fp - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	rc = 0;
out:
	free(index);
	free(low);
	free(comp);
	free(onstack);
	free(stack);
	free(fv);
	free(fe);
	return rc;
}

/* Kahn's algorithm with a min-heap: parents and depends_on targets first, ties by node index. */
static int graph_order(struct graph *g, const struct graph_adj *pred, const struct graph_adj *succ)
{
	size_t n = g->nnodes;
	bool oom = false;
	g->order = graph_idx_alloc(g, n, &oom);
	size_t *indeg = malloc((n ? n : 1) * sizeof(size_t));
	struct graph_heap h = {.v = malloc((n ? n : 1) * sizeof(size_t))};
	bool *left = malloc((n ? n : 1) * sizeof(bool));
	int rc = -1;
	if (oom || !indeg || !h.v || !left)
		goto out;
	for (size_t i = 0; i < n; i++) {
		indeg[i] = pred->start[i + 1] - pred->start[i];
		left[i] = true;
		if (indeg[i] == 0)
			graph_heap_push(&h, i);
	}
	g->norder = 0;
	while (h.n > 0) {
		size_t v = graph_heap_pop(&h);
		left[v] = false;
		g->nodes[v].order_pos = g->norder;
		g->order[g->norder++] = v;
		for (size_t k = succ->start[v]; k < succ->start[v + 1]; k++)
			if (--indeg[succ->items[k]] == 0)
				graph_heap_push(&h, succ->items[k]);
	}
	if (g->norder < n) {
		if (graph_find_cycles(g, pred, succ, left) != 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			if (left[i]) {
				g->nodes[i].order_pos = g->norder;
				g->order[g->norder++] = i;
			}
		}
	}
	rc = 0;
out:
	free(indeg);
	free(h.v);
	free(left);
	return rc;
}

/*
 * Several heads are fine when each is a separate branch by design: it has a branch label (its own or inherited from
 * an ancestor, as Alembic propagates labels) that no other head has. Otherwise: one GRAPH_MULTIPLE_HEADS problem.
 */
static int graph_check_heads(struct graph *g)
{
	if (g->nheads < 2)
		return 0;
	size_t n = g->nnodes;
	size_t nl = g->by_label->n;
	size_t *stamp = malloc((n ? n : 1) * sizeof(size_t));       /* last head whose walk visited the node */
	size_t *lstamp = malloc((nl ? nl : 1) * sizeof(size_t));     /* last head that counted the label */
	size_t *lcount = calloc(nl ? nl : 1, sizeof(size_t));        /* heads having the label */
	size_t *queue = malloc((n ? n : 1) * sizeof(size_t));
	/* labels get dense ids: the declaring node's first label position; use a local map label → id */
	struct arena tmp;
	arena_init(&tmp);
	struct graph_strmap *lid = graph_strmap_new(&tmp, nl);
	/* per head: list of its label ids (flattened) */
	size_t *hl_start = malloc((g->nheads + 1) * sizeof(size_t));
	size_t *hl = NULL, hln = 0, hlcap = 0;
	int rc = -1;
	if (!stamp || !lstamp || !lcount || !queue || !lid || !hl_start)
		goto out;
	size_t next_id = 0;
	for (size_t i = 0; i < n; i++)
		stamp[i] = GRAPH_NONE;
	for (size_t i = 0; i < nl; i++)
		lstamp[i] = GRAPH_NONE;
	for (size_t h = 0; h < g->nheads; h++) {
		hl_start[h] = hln;
		size_t qh = 0, qt = 0;
		queue[qt++] = g->heads[h];
		stamp[g->heads[h]] = h;
		while (qh < qt) {
			const struct graph_node *nd = &g->nodes[queue[qh++]];
			for (size_t k = 0; k < nd->nlabels; k++) {
				size_t id = graph_strmap_get(lid, nd->branch_labels[k]);
				if (id == GRAPH_NONE) {
					id = next_id++;
					graph_strmap_put(lid, nd->branch_labels[k], id);
				}
				if (id >= nl || lstamp[id] == h)
					continue;
				lstamp[id] = h;
				lcount[id]++;
				if (hln == hlcap) {
					size_t cap = hlcap ? hlcap * 2 : 16;
					size_t *p = realloc(hl, cap * sizeof(*p));
					if (!p)
						goto out;
					hl = p;
					hlcap = cap;
				}
				hl[hln++] = id;
			}
			for (size_t k = 0; k < nd->nparents; k++) {
				size_t p = nd->parents[k];
				if (stamp[p] != h) {
					stamp[p] = h;
					queue[qt++] = p;
				}
			}
		}
	}
	hl_start[g->nheads] = hln;
	bool separate = true;
	for (size_t h = 0; h < g->nheads && separate; h++) {
		bool own = false;
		for (size_t k = hl_start[h]; k < hl_start[h + 1] && !own; k++)
			own = lcount[hl[k]] == 1;
		separate = own;
	}
	if (!separate) {
		char list[GRAPH_MESSAGE_MAX];
		size_t off = 0;
		list[0] = '\0';
		for (size_t h = 0; h < g->nheads && off < sizeof(list); h++) {
			graph_put_rev(list, sizeof(list), &off, h ? ", " : "", &g->nodes[g->heads[h]]);
		}
		const struct graph_node *first = &g->nodes[g->heads[0]];
		if (graph_problem_add(g, GRAPH_MULTIPLE_HEADS, first->path, first->line, first->revision,
		                      "%zu heads: %s; branches that are never merged — run `alembic merge heads`, or give each "
		                      "branch its own branch_labels if they are meant to stay separate",
		                      g->nheads, list) != 0)
			goto out;
	}
	rc = 0;
out:
	free(stamp);
	free(lstamp);
	free(lcount);
	free(queue);
	free(hl_start);
	free(hl);
	arena_release(&tmp);
	return rc;
}

int graph_build(struct graph *g)
{
	if (!g || g->built)
		return GRAPH_EUSAGE;
	g->built = true;
	size_t n;
	bool oom = false;
	struct graph_adj pred = {0}, succ = {0};
	size_t *mark = NULL;
	if (graph_dedupe(g) != 0 || graph_resolve_edges(g) != 0)
		goto nomem;
	n = g->nnodes;
	size_t nh = 0, nb = 0;
	for (size_t i = 0; i < n; i++) {
		struct graph_node *nd = &g->nodes[i];
		nd->is_head = nd->nchildren == 0;
		nd->is_base = nd->ndown == 0;
		nd->is_merge = nd->ndown > 1;
		nd->is_branch_point = nd->nchildren > 1;
		nh += nd->is_head;
		nb += nd->is_base;
	}
	g->heads = graph_idx_alloc(g, nh, &oom);
	g->bases = graph_idx_alloc(g, nb, &oom);
	if (oom)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		if (g->nodes[i].is_head)
			g->heads[g->nheads++] = i;
		if (g->nodes[i].is_base)
			g->bases[g->nbases++] = i;
	}
	mark = malloc((n ? n : 1) * sizeof(*mark));
	if (!mark || graph_build_adj(g, &pred, &succ, mark) != 0)
		goto nomem;
	if (graph_order(g, &pred, &succ) != 0)
		goto nomem;
	if (graph_check_heads(g) != 0)
		goto nomem;
	/* ids sorted for prefix lookup */
	if (n) {
		struct graph_idpair *pairs = malloc(n * sizeof(*pairs));
		g->sorted_ids = graph_idx_alloc(g, n, &oom);
		if (!pairs || oom) {
			free(pairs);
			goto nomem;
		}
		for (size_t i = 0; i < n; i++)
			pairs[i] = (struct graph_idpair){g->nodes[i].revision, i};
		qsort(pairs, n, sizeof(*pairs), graph_cmp_idpair);
		for (size_t i = 0; i < n; i++)
			g->sorted_ids[i] = pairs[i].idx;
		free(pairs);
	}
	free(mark);
	graph_adj_free(&pred);
	graph_adj_free(&succ);
	return GRAPH_OK;
nomem:
	free(mark);
	graph_adj_free(&pred);
	graph_adj_free(&succ);
	return GRAPH_ENOMEM;
}

/* ---- lookup -------------------------------------------------------------------------------------------------- */

size_t graph_find(const struct graph *g, const char *revision)
{
	if (!g || !g->built)
		return GRAPH_NONE;
	return graph_strmap_get(g->by_id, revision);
}

size_t graph_find_label(const struct graph *g, const char *label)
{
	if (!g || !g->built)
		return GRAPH_NONE;
	return graph_strmap_get(g->by_label, label);
}

bool graph_is_ancestor(const struct graph *g, size_t anc, size_t desc)
{
	if (!g || !g->built || anc >= g->nnodes || desc >= g->nnodes)
		return false;
	if (anc == desc)
		return true;
	size_t n = g->nnodes;
	bool *seen = calloc(n, sizeof(bool));
	size_t *queue = malloc(n * sizeof(size_t));
	bool found = false;
	if (seen && queue) {
		size_t qh = 0, qt = 0;
		queue[qt++] = desc;
		seen[desc] = true;
		while (qh < qt && !found) {
			const struct graph_node *nd = &g->nodes[queue[qh++]];
			for (size_t k = 0; k < nd->nparents; k++) {
				size_t p = nd->parents[k];
				if (p == anc) {
					found = true;
					break;
				}
				if (!seen[p]) {
					seen[p] = true;
					queue[qt++] = p;
				}
			}
		}
	}
	free(seen);
	free(queue);
	return found;
}

/* Appends "a (path), b (path), ..." of idx[0..n) to err after its current text. */
static void graph_err_list(const struct graph *g, const size_t *idx, size_t n, char *err, size_t errlen)
{
	if (!err || errlen == 0)
		return;
	size_t off = strlen(err);
	for (size_t i = 0; i < n && off + 1 < errlen; i++)
		graph_put_rev(err, errlen, &off, i ? ", " : "", &g->nodes[idx[i]]);
}

/* Heads reachable from node `from` through children (itself when a head). malloc'd list in *out. */
static int graph_heads_from(const struct graph *g, size_t from, size_t **out, size_t *nout)
{
	size_t n = g->nnodes;
	bool *seen = calloc(n, sizeof(bool));
	size_t *queue = malloc(n * sizeof(size_t));
	size_t *res = malloc(n * sizeof(size_t));
	if (!seen || !queue || !res) {
		free(seen);
		free(queue);
		free(res);
		return GRAPH_ENOMEM;
	}
	size_t qh = 0, qt = 0, rn = 0;
	queue[qt++] = from;
	seen[from] = true;
	while (qh < qt) {
		const struct graph_node *nd = &g->nodes[queue[qh++]];
		if (nd->is_head)
			res[rn++] = queue[qh - 1];
		for (size_t k = 0; k < nd->nchildren; k++) {
			size_t c = nd->children[k];
			if (!seen[c]) {
				seen[c] = true;
				queue[qt++] = c;
			}
		}
	}
	free(seen);
	free(queue);
	/* ascending */
	for (size_t i = 1; i < rn; i++) {
		size_t x = res[i], j = i;
		while (j > 0 && res[j - 1] > x) {
			res[j] = res[j - 1];
			j--;
		}
		res[j] = x;
	}
	*out = res;
	*nout = rn;
	return GRAPH_OK;
}

/* full id, branch label, unique prefix (no symbolic names) */
static int graph_lookup_plain(const struct graph *g, const char *name, size_t *out, char *err, size_t errlen)
{
	size_t i = graph_strmap_get(g->by_id, name);
	if (i == GRAPH_NONE)
		i = graph_strmap_get(g->by_label, name);
	if (i != GRAPH_NONE) {
		*out = i;
		return GRAPH_OK;
	}
	/* prefix: lower bound in sorted ids */
	size_t lo = 0, hi = g->nnodes, plen = strlen(name);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(g->nodes[g->sorted_ids[mid]].revision, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < g->nnodes && strncmp(g->nodes[g->sorted_ids[end]].revision, name, plen) == 0)
		end++;
	if (end == lo) {
		graph_errf(err, errlen, "no revision, branch label or revision prefix '%s' (%zu revisions known)", name,
		           g->nnodes);
		return GRAPH_ENOTFOUND;
	}
	if (end - lo > 1) {
		graph_errf(err, errlen, "revision prefix '%s' is ambiguous: %zu revisions start with it: ", name, end - lo);
		graph_err_list(g, g->sorted_ids + lo, end - lo > 8 ? 8 : end - lo, err, errlen);
		if (end - lo > 8 && err && errlen && strlen(err) + 6 < errlen)
			memcpy(err + strlen(err), ", ...", 6);
		return GRAPH_EAMBIGUOUS;
	}
	*out = g->sorted_ids[lo];
	return GRAPH_OK;
}

int graph_resolve(const struct graph *g, const char *name, size_t **out, size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!g || !g->built || !name) {
		graph_errf(err, errlen, "revision graph not built");
		return GRAPH_EUSAGE;
	}
	if (!name[0]) {
		graph_errf(err, errlen, "empty revision name");
		return GRAPH_ENOTFOUND;
	}
	const size_t *src = NULL;
	size_t sn = 0;
	if (strcmp(name, "heads") == 0 || strcmp(name, "head") == 0) {
		src = g->heads;
		sn = g->nheads;
		if (sn == 0) {
			graph_errf(err, errlen, "the revision graph has no head%s", g->nnodes ? " (every revision is on a cycle)"
			                                                                        : " (no migrations)");
			return GRAPH_ENOTFOUND;
		}
	} else if (strcmp(name, "base") == 0 || strcmp(name, "bases") == 0) {
		src = g->bases;
		sn = g->nbases;
		if (sn == 0) {
			graph_errf(err, errlen, "the revision graph has no base revision (down_revision = None)");
			return GRAPH_ENOTFOUND;
		}
	}
	if (src) {
		*out = malloc(sn * sizeof(size_t));
		if (!*out)
			return GRAPH_ENOMEM;
		memcpy(*out, src, sn * sizeof(size_t));
		*n = sn;
		return GRAPH_OK;
	}
	const char *at = strrchr(name, '@');
	if (at) {
		if (strcmp(at + 1, "head") != 0 && strcmp(at + 1, "heads") != 0) {
			graph_errf(err, errlen, "'%s': only '<branch or revision>@head' is understood here (relative steps like "
			           "@-1 are not revisions)", name);
			return GRAPH_EUSAGE;
		}
		size_t blen = (size_t)(at - name);
		char *branch = malloc(blen + 1);
		if (!branch)
			return GRAPH_ENOMEM;
		memcpy(branch, name, blen);
		branch[blen] = '\0';
		size_t from;
		int rc = graph_lookup_plain(g, branch, &from, err, errlen);
		free(branch);
		if (rc != GRAPH_OK)
			return rc;
		return graph_heads_from(g, from, out, n);
	}
	size_t one;
	int rc = graph_lookup_plain(g, name, &one, err, errlen);
	if (rc != GRAPH_OK)
		return rc;
	*out = malloc(sizeof(size_t));
	if (!*out)
		return GRAPH_ENOMEM;
	(*out)[0] = one;
	*n = 1;
	return GRAPH_OK;
}

int graph_lookup(const struct graph *g, const char *name, size_t *out, char *err, size_t errlen)
{
	*out = GRAPH_NONE;
	if (err && errlen)
		err[0] = '\0';
	if (!g || !g->built || !name) {
		graph_errf(err, errlen, "revision graph not built");
		return GRAPH_EUSAGE;
	}
	if (strcmp(name, "heads") == 0 || strcmp(name, "base") == 0 || strcmp(name, "bases") == 0) {
		/* an exact id or label of that name still wins */
		size_t i = graph_strmap_get(g->by_id, name);
		if (i == GRAPH_NONE)
			i = graph_strmap_get(g->by_label, name);
		if (i != GRAPH_NONE) {
			*out = i;
			return GRAPH_OK;
		}
		graph_errf(err, errlen, "'%s' names a set of revisions, not one revision", name);
		return GRAPH_EUSAGE;
	}
	bool want_head = strcmp(name, "head") == 0 || (strrchr(name, '@') && strcmp(strrchr(name, '@'), "@head") == 0);
	if (want_head && strcmp(name, "head") == 0) {
		size_t i = graph_strmap_get(g->by_id, name);
		if (i == GRAPH_NONE)
			i = graph_strmap_get(g->by_label, name);
		if (i != GRAPH_NONE) {
			*out = i;
			return GRAPH_OK;
		}
	}
	size_t *list = NULL, n = 0;
	int rc = graph_resolve(g, name, &list, &n, err, errlen);
	if (rc != GRAPH_OK)
		return rc;
	if (n == 0) {
		free(list);
		graph_errf(err, errlen, "'%s' matches no revision", name);
		return GRAPH_ENOTFOUND;
	}
	if (n > 1) {
		graph_errf(err, errlen, "'%s' is ambiguous: %zu heads: ", name, n);
		graph_err_list(g, list, n > 8 ? 8 : n, err, errlen);
		if (err && errlen && strlen(err) + 60 < errlen) {
			size_t off = strlen(err);
			snprintf(err + off, errlen - off, "; name one of them (or merge them)");
		}
		free(list);
		return GRAPH_EMULTIPLE_HEADS;
	}
	*out = list[0];
	free(list);
	return GRAPH_OK;
}

/* ---- output -------------------------------------------------------------------------------------------------- */

static json_t *graph_json_strs(const char *const *v, size_t n)
{
	json_t *a = json_array();
	if (!a)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *graph_json_ids(const struct graph *g, const size_t *idx, size_t n)
{
	json_t *a = json_array();
	if (!a)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, json_string(g->nodes[idx[i]].revision)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *graph_json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int graph_to_json(const struct graph *g, json_t **out)
{
	*out = NULL;
	if (!g || !g->built)
		return GRAPH_EUSAGE;
	json_t *root = json_object();
	json_t *revs = json_array();
	json_t *probs = json_array();
	int bad = !root || !revs || !probs;
	for (size_t k = 0; k < g->norder && !bad; k++) {
		const struct graph_node *nd = &g->nodes[g->order[k]];
		json_t *o = json_object();
		if (!o) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(o, "revision", json_string(nd->revision));
		bad |= json_object_set_new(o, "down_revisions", graph_json_strs(nd->down_revisions, nd->ndown));
		bad |= json_object_set_new(o, "children", graph_json_ids(g, nd->children, nd->nchildren));
		bad |= json_object_set_new(o, "branch_labels", graph_json_strs(nd->branch_labels, nd->nlabels));
		bad |= json_object_set_new(o, "depends_on", graph_json_strs(nd->depends_on, nd->ndeps));
		bad |= json_object_set_new(o, "path", graph_json_str_or_null(nd->path));
		bad |= json_object_set_new(o, "line", json_integer((json_int_t)nd->line));
		bad |= json_object_set_new(o, "message", graph_json_str_or_null(nd->message));
		bad |= json_object_set_new(o, "is_head", json_boolean(nd->is_head));
		bad |= json_object_set_new(o, "is_base", json_boolean(nd->is_base));
		bad |= json_object_set_new(o, "is_merge", json_boolean(nd->is_merge));
		bad |= json_object_set_new(o, "is_branch_point", json_boolean(nd->is_branch_point));
		bad |= json_array_append_new(revs, o);
	}
	for (size_t k = 0; k < g->nproblems && !bad; k++) {
		const struct graph_problem *p = &g->problems[k];
		json_t *o = json_object();
		if (!o) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(o, "kind", json_string(graph_problem_kind_name(p->kind)));
		bad |= json_object_set_new(o, "message", json_string(p->message));
		bad |= json_object_set_new(o, "path", graph_json_str_or_null(p->path));
		bad |= json_object_set_new(o, "line", json_integer((json_int_t)p->line));
		bad |= json_object_set_new(o, "revision", graph_json_str_or_null(p->revision));
		bad |= json_array_append_new(probs, o);
	}
	if (!bad) {
		bad |= json_object_set_new(root, "revisions", revs);
		revs = NULL;
		bad |= json_object_set_new(root, "heads", graph_json_ids(g, g->heads, g->nheads));
		bad |= json_object_set_new(root, "bases", graph_json_ids(g, g->bases, g->nbases));
		bad |= json_object_set_new(root, "order", graph_json_ids(g, g->order, g->norder));
		bad |= json_object_set_new(root, "problems", probs);
		probs = NULL;
	}
	json_decref(revs);
	json_decref(probs);
	if (bad) {
		json_decref(root);
		return GRAPH_ENOMEM;
	}
	*out = root;
	return GRAPH_OK;
}

int graph_print_text(const struct graph *g, FILE *out)
{
	if (!g || !g->built || !out)
		return -1;
	for (size_t k = 0; k < g->norder; k++) {
		const struct graph_node *nd = &g->nodes[g->order[k]];
		if (nd->ndown == 0)
			fputs("<base>", out);
		else if (nd->ndown == 1)
			fputs(nd->down_revisions[0], out);
		else {
			fputc('(', out);
			for (size_t i = 0; i < nd->ndown; i++)
				fprintf(out, "%s%s", i ? ", " : "", nd->down_revisions[i]);
			fputc(')', out);
		}
		fprintf(out, " -> %s", nd->revision);
		if (nd->nlabels) {
			fputs(" (", out);
			for (size_t i = 0; i < nd->nlabels; i++)
				fprintf(out, "%s%s", i ? ", " : "", nd->branch_labels[i]);
			fputc(')', out);
		}
		if (nd->is_head)
			fputs(" (head)", out);
		if (nd->is_base)
			fputs(" (base)", out);
		if (nd->is_branch_point)
			fputs(" (branchpoint)", out);
		if (nd->is_merge)
			fputs(" (mergepoint)", out);
		if (nd->on_cycle)
			fputs(" (cycle)", out);
		if (nd->ndeps) {
			fputs(" depends on ", out);
			for (size_t i = 0; i < nd->ndeps; i++)
				fprintf(out, "%s%s", i ? ", " : "", nd->depends_on[i]);
		}
		if (nd->message)
			fprintf(out, ", %s", nd->message);
		if (nd->path)
			fprintf(out, "  [%s]", nd->path);
		fputc('\n', out);
	}
	fprintf(out, "%zu revision%s, %zu head%s, %zu base%s", g->nnodes, g->nnodes == 1 ? "" : "s", g->nheads,
	        g->nheads == 1 ? "" : "s", g->nbases, g->nbases == 1 ? "" : "s");
	if (g->nheads > 0) {
		fputs(" (head:", out);
		for (size_t i = 0; i < g->nheads; i++)
			fprintf(out, " %s", g->nodes[g->heads[i]].revision);
		fputc(')', out);
	}
	fputc('\n', out);
	if (g->nproblems == 0) {
		fputs("no problems\n", out);
	} else {
		fprintf(out, "%zu problem%s:\n", g->nproblems, g->nproblems == 1 ? "" : "s");
		for (size_t i = 0; i < g->nproblems; i++)
			fprintf(out, "  %s: %s\n", graph_problem_kind_name(g->problems[i].kind), g->problems[i].message);
	}
	return ferror(out) ? -1 : 0;
}
