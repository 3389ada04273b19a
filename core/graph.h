/*
 * graph.h — the Alembic revision graph: heads, bases, branches, merges, cycles, missing or duplicate revisions,
 * topological order, and revision lookup (full id, unique prefix, branch label, head/heads/base, label@head).
 *
 * Use: g = graph_create(); graph_add(g, &entry) for every migration file (strings are copied: the graph owns its
 * copies); graph_build(g) once; then read g->nodes / g->heads / g->bases / g->order / g->problems (read-only) or call
 * the lookup functions; graph_destroy(g).
 *
 * After graph_build() every node is one distinct revision id; nodes are sorted by (path, line, revision), and node
 * indices (size_t) are what every index array below holds. A revision defined in two files keeps the first by path;
 * the other is only reported (GRAPH_DUPLICATE_ID), it is not a node.
 *
 * Edges: a node's parents are its down_revisions that exist (versioned edges, as Alembic's heads use them); depends_on
 * names resolve to a revision id, else a branch label. The topological order puts parents AND depends_on targets
 * before a revision; ties are broken by node index (path, then line, then id), so the order is deterministic.
 * Revisions caught in a cycle (and those after one) come last in `order`, in index order, and are reported.
 *
 * Every algorithm is iterative and O(n log n) or better in the number of revisions and edges, except the check that
 * several heads are separate labelled branches, which is O(heads * n).
 *
 * Ownership: struct graph owns everything reachable from it (one arena); pointers stay valid until graph_destroy().
 * Errors: GRAPH_OK (0) or a positive enum graph_error, with one line of text in err[0..errlen) where a buffer is given.
 */
#ifndef MRT_GRAPH_H
#define MRT_GRAPH_H

#include <stddef.h>
#include <stdio.h>
#include <stdbool.h>
#include <jansson.h>
#include "arena.h"

#define GRAPH_NONE ((size_t)-1)
#define GRAPH_MESSAGE_MAX 512

enum graph_error {
	GRAPH_OK = 0,
	GRAPH_ENOTFOUND = 1,      /* no revision, prefix or label matches */
	GRAPH_EAMBIGUOUS = 2,     /* a prefix matches several revisions (err lists them) */
	GRAPH_EMULTIPLE_HEADS = 3,/* "head" (or label@head) asked for one revision, there are several */
	GRAPH_EUSAGE = 4,         /* API misuse: graph_add after graph_build, lookup before it, bad argument */
	GRAPH_ENOMEM = 5,
};

enum graph_problem_kind {
	GRAPH_MULTIPLE_HEADS = 0,  /* several heads that are not separate labelled branches: merge them */
	GRAPH_DANGLING_PARENT,     /* down_revision names a revision no file defines */
	GRAPH_DANGLING_DEPENDS_ON, /* depends_on names no revision and no branch label */
	GRAPH_DUPLICATE_ID,        /* two files define the same revision id */
	GRAPH_CYCLE,               /* revisions that are their own ancestors */
	GRAPH_MISSING_REVISION_ID, /* an entry without a revision id */
	GRAPH_DUPLICATE_LABEL,     /* two revisions declare the same branch label */
};

struct graph_problem {
	enum graph_problem_kind kind;
	char message[GRAPH_MESSAGE_MAX]; /* one sentence, names the files and what to do */
	const char *path;     /* borrowed from the graph: the file the problem is reported at, or NULL */
	unsigned line;        /* 0 when unknown */
	const char *revision; /* borrowed from the graph, or NULL */
};

/* Input of graph_add(): every string is copied; arrays may be NULL when their count is 0. */
struct graph_entry {
	const char *revision;              /* NULL or "" → GRAPH_MISSING_REVISION_ID, not a node */
	const char *const *down_revisions; /* empty for a base (down_revision = None) */
	size_t ndown;
	const char *const *branch_labels;
	size_t nlabels;
	const char *const *depends_on;
	size_t ndeps;
	const char *path;                  /* file, or NULL */
	unsigned line;                     /* line of `revision = ...` (0 unknown) */
	unsigned down_line;                /* line of `down_revision = ...` (0: use line) */
	const char *message;               /* first docstring line, or NULL */
};

struct graph_node {
	/* as added (owned by the graph); duplicate names inside one list are removed */
	const char *revision;
	const char **down_revisions;
	size_t ndown;
	const char **branch_labels;
	size_t nlabels;
	const char **depends_on;
	size_t ndeps;
	const char *path;       /* or NULL */
	unsigned line, down_line;
	const char *message;    /* or NULL */
	/* resolved by graph_build(): node indices */
	size_t *parents;        /* down_revisions that exist, in declared order */
	size_t nparents;
	size_t *children;       /* nodes naming this one in down_revision, ascending */
	size_t nchildren;
	size_t *deps;           /* resolved depends_on targets */
	size_t ndeps_resolved;
	size_t *dependents;     /* nodes whose depends_on names this one, ascending */
	size_t ndependents;
	bool is_head;           /* no children (depends_on does not count, as in Alembic) */
	bool is_base;           /* down_revision = None */
	bool is_merge;          /* more than one down_revision */
	bool is_branch_point;   /* more than one child */
	bool on_cycle;
	size_t order_pos;       /* position in g->order */
};

struct graph_strmap; /* private hash map */

struct graph {
	struct arena arena;            /* owns everything below */
	struct graph_node *nodes;      /* read-only after graph_build() */
	size_t nnodes;
	size_t *heads;                 /* ascending node indices */
	size_t nheads;
	size_t *bases;                 /* nodes with down_revision = None, ascending */
	size_t nbases;
	size_t *order;                 /* topological: every node exactly once */
	size_t norder;
	struct graph_problem *problems;
	size_t nproblems;
	bool built;
	/* private */
	size_t cap, pcap;
	struct graph_strmap *by_id, *by_label;
	size_t *sorted_ids;            /* node indices sorted by revision id (prefix lookup) */
};

/* Returns a new empty graph (caller owns; graph_destroy()), or NULL on out-of-memory. */
struct graph *graph_create(void);
/* Frees the graph and everything in it. NULL is fine. */
void graph_destroy(struct graph *g);

/* Copies e into the graph. GRAPH_OK, GRAPH_EUSAGE (after graph_build), GRAPH_ENOMEM. */
int graph_add(struct graph *g, const struct graph_entry *e);
struct migration;
/*
 * Adds a parsed migration (model.h): revision, down_revisions, branch_labels, depends_on, path, lines, message.
 * A file with neither `revision` nor `down_revision` is not a migration: nothing is added (GRAPH_OK). A file with
 * down_revision but no revision id is reported as GRAPH_MISSING_REVISION_ID.
 */
int graph_add_migration(struct graph *g, const struct migration *m);
/* Resolves edges, finds heads, bases, problems and the order. Once. GRAPH_OK, GRAPH_EUSAGE, GRAPH_ENOMEM. */
int graph_build(struct graph *g);

/* Exact revision id → node index, or GRAPH_NONE. */
size_t graph_find(const struct graph *g, const char *revision);
/* Branch label → the node that declares it, or GRAPH_NONE. */
size_t graph_find_label(const struct graph *g, const char *label);

/*
 * One revision by name: full id, branch label, unique id prefix, "head" (when there is one head), "label@head" /
 * "rev@head" (the one head descending from it). *out = node index. Errors: GRAPH_ENOTFOUND, GRAPH_EAMBIGUOUS (err lists
 * the candidates), GRAPH_EMULTIPLE_HEADS, GRAPH_EUSAGE (before graph_build, or "heads"/"base" which name sets: use
 * graph_resolve()).
 */
int graph_lookup(const struct graph *g, const char *name, size_t *out, char *err, size_t errlen);

/*
 * A set of revisions by name: everything graph_lookup() takes, plus "heads", "base"/"bases", and "head" / "x@head"
 * with several heads (all of them). *out is malloc'd (caller frees), ascending node indices; *n its length.
 */
int graph_resolve(const struct graph *g, const char *name, size_t **out, size_t *n, char *err, size_t errlen);

/* True when anc is an ancestor of (or equal to) desc through down_revision edges. O(ancestors of desc). */
bool graph_is_ancestor(const struct graph *g, size_t anc, size_t desc);

/* "multiple_heads", "dangling_parent", "dangling_depends_on", "duplicate_id", "cycle", "missing_revision_id",
 * "duplicate_label". */
const char *graph_problem_kind_name(enum graph_problem_kind k);
const char *graph_strerror(int code);

/*
 * {"revisions":[{"revision","down_revisions","children","branch_labels","depends_on","path","line","message",
 *  "is_head","is_base","is_merge","is_branch_point"}...] (in topological order), "heads":[ids], "bases":[ids],
 *  "order":[ids], "problems":[{"kind","message","path","line","revision"}]}.
 * *out is a new reference (caller json_decref()s). GRAPH_OK, GRAPH_EUSAGE, GRAPH_ENOMEM.
 */
int graph_to_json(const struct graph *g, json_t **out);

/* Oldest first, one line per revision (like `alembic history` reversed), then a summary and the problems.
 * Returns 0, or -1 on a write error. */
int graph_print_text(const struct graph *g, FILE *out);

#endif
