/*
 * sqlite_batch_cascade.c — MRT015 sqlite-batch-cascade (SQLite): batch_alter_table on a table that foreign keys
 * reference with ON DELETE CASCADE.
 *
 * On SQLite, batch_alter_table rebuilds the table: create a copy, copy the rows, DROP the original, rename the copy.
 * With foreign keys enforced, dropping the original deletes its rows first, and every ON DELETE CASCADE foreign key
 * pointing at it deletes the referencing rows of the child tables: the migration "succeeds" and the children are
 * empty.
 *
 * What the rule knows about the schema comes from the history: every foreign key with ondelete="CASCADE" that a
 * migration's upgrade() creates (sa.ForeignKey(..., ondelete="CASCADE") in create_table/add_column,
 * sa.ForeignKeyConstraint(..., ondelete="CASCADE"), create_foreign_key(..., ondelete="CASCADE"), and SQL REFERENCES
 * ... ON DELETE CASCADE). A batch block of revision R is reported when such a key targets its table and was created
 * by an ancestor of R, or earlier in R itself (before the block in upgrade(); anywhere in upgrade() or earlier in
 * downgrade() for a block in downgrade()). Foreign keys dropped later are not tracked.
 *
 * How: check_migration() records every migration's revision and parents, its CASCADE keys and its batch blocks (a
 * block = consecutive batch_op calls on one table in one function; one finding per block, at its first call). When
 * the key's revision is already known to be an ancestor (same file, or a chain of files seen so far), the finding is
 * reported at once, so `# mrt: ignore[MRT015]` on the line works. The rest waits for check_graph(), which decides
 * ancestry on the real revision graph and reports with report_at() (suppress those in mrt.yaml).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

/* A foreign key with ON DELETE CASCADE created by some migration's upgrade(). */
struct sbc_fk {
	char *target;   /* referenced table, bare name (owned) */
	char *source;   /* referencing table or NULL (owned) */
	char *revision; /* revision whose upgrade() creates it, or NULL (owned) */
	uint64_t thash; /* sbc_name_hash(target) */
};

/* A batch block not reported yet (only blocks of migrations with a revision: the others can never be). */
struct sbc_block {
	char *table;    /* owned: one block holding table, path, revision and how, one after the other */
	char *path;     /* into the table block */
	char *revision; /* into the table block */
	char *how;      /* into the table block: "batch_alter_table('t') in upgrade()" + notes */
	uint64_t thash; /* sbc_name_hash(table) */
	unsigned line, col;
};

/* The CASCADE keys of one function's ops, in scan order: op index, target (offset into text) and source (borrowed
 * from the model: valid during one check_migration call). Scratch reused between calls. */
struct sbc_key {
	size_t op;
	size_t target; /* offset into text */
	const char *source;
};
struct sbc_keys {
	struct sbc_key *v; /* owned */
	size_t n, cap;
	char *text;        /* owned: NUL-terminated targets */
	size_t tlen, tcap;
	size_t cur_op;     /* op being scanned */
};

/* One migration seen: its revision and parents. */
struct sbc_mig {
	char **downs;   /* owned: one block holding this array of ndowns pointers, then the revision and the parents'
	                   strings they point to */
	char *revision; /* into the downs block */
	size_t ndowns;
};

struct sbc_state {
	const mrt_host_api *api; /* borrowed until fini() */
	struct sbc_fk *fks;
	size_t nfks, capfks;
	struct sbc_block *pending;
	size_t npending, cappending;
	struct sbc_mig *migs;
	size_t nmigs, capmigs;
	size_t *mig_slots; /* owned: open-addressing hash of revision -> index + 1 into migs (0 = empty) */
	struct sbc_keys fn_keys, up_keys; /* scratch of sbc_check_func, reused from call to call */
	size_t nslots;     /* power of two, 0 before the first migration */
};

static char *sbc_dup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

/* Grows *items (of size elem) to hold one more; returns 0 or -1 on out-of-memory. */
static int sbc_grow(void **items, size_t *cap, size_t count, size_t elem)
{
	if (count < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = realloc(*items, ncap * elem);
	if (!p)
		return -1;
	*items = p;
	*cap = ncap;
	return 0;
}

/* Hash (FNV-1a) of name's bare part as mrk_same_bare() compares it: no schema, one pair of quotes off, lower-cased.
 * Names mrk_same_bare() finds equal hash the same, so a different hash rules a match out without comparing. */
static uint64_t sbc_name_hash(const char *name)
{
	uint64_t h = 1469598103934665603u;
	if (!name)
		return h;
	const char *b;
	size_t n;
	mrk_bare(name, MRK_NAME_QUOTES, &b, &n);
	for (size_t i = 0; i < n; i++)
		h = (h ^ mrk_lower((unsigned char)b[i])) * 1099511628211u;
	return h;
}

/* mrk_same_bare(a, b). The ops of one batch block usually share their table's text: one string is equal to itself
 * unless its bare name is empty, which needs no case-insensitive compare. */
static bool sbc_same_table(const char *a, const char *b)
{
	if (a != b || !a)
		return mrk_same_bare(a, b);
	const char *bare;
	size_t n;
	mrk_bare(a, MRK_NAME_QUOTES, &bare, &n);
	return n > 0;
}

static int sbc_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct sbc_state *s = mrk_alloc_state(api, sizeof(*s), diag);
	if (!s)
		return MRT_ENOMEM;
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void sbc_fini(void *state)
{
	struct sbc_state *s = state;
	if (!s)
		return;
	for (size_t i = 0; i < s->nfks; i++) {
		free(s->fks[i].target);
		free(s->fks[i].source);
		free(s->fks[i].revision);
	}
	free(s->fks);
	for (size_t i = 0; i < s->npending; i++)
		free(s->pending[i].table); /* the block of its four strings */
	free(s->pending);
	for (size_t i = 0; i < s->nmigs; i++)
		free(s->migs[i].downs); /* the block of the array and its strings */
	free(s->migs);
	free(s->mig_slots);
	free(s->fn_keys.v);
	free(s->fn_keys.text);
	free(s->up_keys.v);
	free(s->up_keys.text);
	s->api->free(s);
}

static bool sbc_is_cascade(const mrt_host_api *api, const mrt_value *v)
{
	const char *t = mrk_lit(api, v);
	return t && !strcasecmp(t, "CASCADE");
}

/* Table of a column spec "parent.id" / "schema.parent.id" into buf; false when there is no table part. */
static bool sbc_colspec_table(const char *spec, char *buf, size_t size)
{
	if (!spec)
		return false;
	const char *last = strrchr(spec, '.');
	if (!last || last == spec)
		return false;
	const char *start = last;
	while (start > spec && start[-1] != '.')
		start--;
	size_t n = (size_t)(last - start);
	if (n == 0 || n >= size)
		return false;
	memcpy(buf, start, n);
	buf[n] = '\0';
	return true;
}

/* ---- collecting CASCADE foreign keys ----------------------------------------------------------------------------- */

/* A found key: target and source (borrowed). */
typedef int (*sbc_fk_fn)(void *ud, const char *target, const char *source);

/* sa.Column(..., sa.ForeignKey("p.id", ondelete="CASCADE")) and sa.ForeignKeyConstraint([...], ["p.id"],
 * ondelete="CASCADE"), as items of a create_table / add_column call. */
static int sbc_scan_value(const mrt_host_api *api, const mrt_value *v, const char *source, sbc_fk_fn fn, void *ud)
{
	char target[256];
	if (mrk_is_call(api, v, "Column")) {
		size_t n = api->value_item_count(v);
		for (size_t i = 0; i < n; i++) {
			const mrt_value *it = api->value_item(v, i);
			if (!mrk_is_call(api, it, "ForeignKey"))
				continue;
			if (!sbc_is_cascade(api, api->value_call_arg(it, "ondelete", -1)))
				continue;
			const mrt_value *spec = api->value_call_arg(it, "column", 0);
			if (spec && api->value_kind(spec) == MRT_VAL_STR &&
			    sbc_colspec_table(api->value_text(spec, NULL), target, sizeof(target))) {
				int rc = fn(ud, target, source);
				if (rc)
					return rc;
			}
		}
	} else if (mrk_is_call(api, v, "ForeignKeyConstraint")) {
		if (!sbc_is_cascade(api, api->value_call_arg(v, "ondelete", -1)))
			return MRT_OK;
		const mrt_value *refs = api->value_call_arg(v, "refcolumns", 1);
		const mrt_value *first = refs ? api->value_item(refs, 0) : NULL;
		if (first && api->value_kind(first) == MRT_VAL_STR &&
		    sbc_colspec_table(api->value_text(first, NULL), target, sizeof(target)))
			return fn(ud, target, source);
	}
	return MRT_OK;
}

static bool sbc_word_eq(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/* REFERENCES <table> ... ON DELETE CASCADE in a SQL statement's text. */
static int sbc_scan_sql(const char *text, size_t len, const char *source, sbc_fk_fn fn, void *ud)
{
	size_t i = 0;
	char target[256];
	bool have = false;       /* inside a REFERENCES clause */
	int on_delete = 0;       /* 1 after ON, 2 after ON DELETE */
	while (i < len) {
		char c = text[i];
		if (c == '\'') { /* skip string literals */
			i++;
			while (i < len && text[i] != '\'')
				i++;
			i++;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) {
			i++;
			continue;
		}
		size_t st = i;
		while (i < len && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z') ||
		                   (text[i] >= '0' && text[i] <= '9') || text[i] == '_' || text[i] == '$'))
			i++;
		const char *w = text + st;
		size_t n = i - st;
		if (sbc_word_eq(w, n, "REFERENCES")) {
			/* the referenced table: [schema.]name, maybe quoted */
			while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
				i++;
			size_t ts = i;
			while (i < len && text[i] != '(' && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
			       text[i] != '\r' && text[i] != ',' && text[i] != ')')
				i++;
			const char *name = text + ts;
			size_t nl = i - ts;
			const char *dot = NULL;
			for (size_t k = 0; k < nl; k++)
				if (name[k] == '.')
					dot = name + k;
			if (dot) {
				nl -= (size_t)(dot + 1 - name);
				name = dot + 1;
			}
			if (nl >= 2 && (name[0] == '"' || name[0] == '`')) {
				name++;
				nl -= 2;
			}
			have = nl > 0 && nl < sizeof(target);
			if (have) {
				memcpy(target, name, nl);
				target[nl] = '\0';
			}
			on_delete = 0;
			continue;
		}
		if (!have)
			continue;
		if (sbc_word_eq(w, n, "ON")) {
			on_delete = 1;
		} else if (on_delete == 1 && sbc_word_eq(w, n, "DELETE")) {
			on_delete = 2;
		} else if (on_delete == 2 && sbc_word_eq(w, n, "CASCADE")) {
			int rc = fn(ud, target, source);
			if (rc)
				return rc;
			have = false;
			on_delete = 0;
		} else {
			on_delete = 0;
		}
	}
	return MRT_OK;
}

/* Every CASCADE key op o creates. */
static int sbc_scan_op(const mrt_host_api *api, const mrt_op *o, sbc_fk_fn fn, void *ud)
{
	const char *name = api->op_name(o);
	int rc = MRT_OK;
	/* name[0] first: most ops are none of the three, and need neither their flags nor their table */
	char c0 = name ? name[0] : '\0';
	if (c0 == 'c' && !strcmp(name, "create_table")) {
		const char *source = api->op_table(o);
		size_t n = api->op_arg_count(o);
		for (size_t i = 1; i < n && !rc; i++)
			if (!api->op_arg_name(o, i))
				rc = sbc_scan_value(api, api->op_arg_value(o, i), source, fn, ud);
	} else if (c0 == 'a' && !strcmp(name, "add_column")) {
		bool batch = mrk_batch(api, o);
		rc = sbc_scan_value(api, api->op_arg(o, "column", batch ? 0 : 1), api->op_table(o), fn, ud);
	} else if (c0 == 'c' && !strcmp(name, "create_foreign_key")) {
		if (sbc_is_cascade(api, api->op_arg(o, "ondelete", -1))) {
			const mrt_value *rv = api->op_arg(o, "referent_table", mrk_batch(api, o) ? 1 : 2);
			if (rv && api->value_kind(rv) == MRT_VAL_STR)
				rc = fn(ud, api->value_text(rv, NULL), api->op_table(o));
		}
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql && !rc; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (!(api->sql_flags(q) & MRT_SQL_ON_DELETE_CASCADE))
			continue;
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		if (text)
			rc = sbc_scan_sql(text, len, api->sql_table(q), fn, ud);
	}
	return rc;
}

/* ---- recording ------------------------------------------------------------------------------------------------ */

/* Where sbc_add_fk records: the state and the revision of the migration being scanned (borrowed). */
struct sbc_adding {
	struct sbc_state *s;
	const char *revision;
};

static int sbc_add_fk(void *ud, const char *target, const char *source)
{
	struct sbc_state *s = ((struct sbc_adding *)ud)->s;
	const char *revision = ((struct sbc_adding *)ud)->revision;
	if (mrk_same_bare(target, source))
		return MRT_OK; /* self-reference: the rows it would delete are the old copy's own */
	if (sbc_grow((void **)&s->fks, &s->capfks, s->nfks, sizeof(*s->fks)))
		return MRT_ENOMEM;
	struct sbc_fk *f = &s->fks[s->nfks];
	f->target = sbc_dup(target);
	f->source = sbc_dup(source);
	f->revision = sbc_dup(revision);
	f->thash = sbc_name_hash(target);
	if (!f->target || (source && !f->source) || (revision && !f->revision)) {
		free(f->target);
		free(f->source);
		free(f->revision);
		return MRT_ENOMEM;
	}
	s->nfks++;
	return MRT_OK;
}

/* Finding a key to one table among keys of ops [from, to) of a function. */
struct sbc_find {
	const char *table; /* borrowed */
	char source[256];  /* referencing table of the first match, or "" */
	bool found;
};

static int sbc_find_fk(void *ud, const char *target, const char *source)
{
	struct sbc_find *f = ud;
	if (!f->found && mrk_same_bare(target, f->table) && !mrk_same_bare(target, source)) {
		f->found = true;
		snprintf(f->source, sizeof(f->source), "%s", source ? source : "");
	}
	return MRT_OK;
}

/* sbc_fk_fn that appends a key to a struct sbc_keys. */
static int sbc_keep_fk(void *ud, const char *target, const char *source)
{
	struct sbc_keys *k = ud;
	size_t tl = strlen(target) + 1;
	if (sbc_grow((void **)&k->v, &k->cap, k->n, sizeof(*k->v)))
		return MRT_ENOMEM;
	while (k->tlen + tl > k->tcap) {
		size_t ncap = k->tcap ? k->tcap * 2 : 1024;
		char *t = realloc(k->text, ncap);
		if (!t)
			return MRT_ENOMEM;
		k->text = t;
		k->tcap = ncap;
	}
	memcpy(k->text + k->tlen, target, tl);
	k->v[k->n++] = (struct sbc_key){.op = k->cur_op, .target = k->tlen, .source = source};
	k->tlen += tl;
	return MRT_OK;
}

/* Every CASCADE key of fn's ops, in op order, into k (emptied first). */
static int sbc_collect_keys(const mrt_host_api *api, const mrt_func *fn, struct sbc_keys *k)
{
	k->n = k->tlen = 0;
	size_t n = api->func_op_count(fn);
	for (size_t i = 0; i < n; i++) {
		k->cur_op = i;
		int rc = sbc_scan_op(api, api->func_op(fn, i), sbc_keep_fk, k);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

/* The first key of ops [0, to) to f->table, as sbc_find_fk would see it scanning those ops in order. */
static void sbc_find_in_keys(const struct sbc_keys *k, size_t to, struct sbc_find *f)
{
	for (size_t j = 0; j < k->n && !f->found && k->v[j].op < to; j++)
		sbc_find_fk(f, k->text + k->v[j].target, k->v[j].source);
}

static size_t sbc_hash(const char *str)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)str; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

static const struct sbc_mig *sbc_mig_find(const struct sbc_state *s, const char *revision)
{
	if (!revision || !s->nslots)
		return NULL;
	size_t mask = s->nslots - 1;
	for (size_t i = sbc_hash(revision) & mask;; i = (i + 1) & mask) {
		size_t v = s->mig_slots[i];
		if (!v)
			return NULL;
		if (!strcmp(s->migs[v - 1].revision, revision))
			return &s->migs[v - 1];
	}
}

/* Puts migs[idx] (revision not NULL, not yet in the table) into the hash; grows it at half load. 0 or -1. */
static int sbc_mig_index(struct sbc_state *s, size_t idx)
{
	if (2 * (s->nmigs + 1) > s->nslots) {
		size_t n = s->nslots ? s->nslots * 2 : 64;
		size_t *slots = calloc(n, sizeof(*slots));
		if (!slots)
			return -1;
		free(s->mig_slots);
		s->mig_slots = slots;
		s->nslots = n;
		for (size_t k = 0; k < s->nmigs; k++) /* every recorded migration has a revision */
			if (k != idx)
				for (size_t i = sbc_hash(s->migs[k].revision) & (n - 1);; i = (i + 1) & (n - 1))
					if (!slots[i]) {
						slots[i] = k + 1;
						break;
					}
	}
	size_t mask = s->nslots - 1;
	for (size_t i = sbc_hash(s->migs[idx].revision) & mask;; i = (i + 1) & mask)
		if (!s->mig_slots[i]) {
			s->mig_slots[i] = idx + 1;
			return 0;
		}
}

/* Whether anc is a proper ancestor of rev through the parents recorded so far (bounded walk). */
static bool sbc_known_ancestor(const struct sbc_state *s, const char *anc, const char *rev)
{
	const char *stack[256];
	size_t top = 0, steps = 0;
	const struct sbc_mig *m = sbc_mig_find(s, rev);
	if (!m || !anc)
		return false;
	for (size_t k = 0; k < m->ndowns && top < 256; k++)
		stack[top++] = m->downs[k];
	while (top && steps++ < 4 * s->nmigs + 16) {
		const char *r = stack[--top];
		if (!strcmp(r, anc))
			return true;
		const struct sbc_mig *p = sbc_mig_find(s, r);
		for (size_t k = 0; p && k < p->ndowns && top < 256; k++)
			stack[top++] = p->downs[k];
	}
	return false;
}

static const char *sbc_hint = "recreate the batch without the cascade firing: run `PRAGMA foreign_keys=OFF` before "
                              "the batch (outside the transaction, e.g. in env.py for this revision) and ON after, or "
                              "use a plain op that SQLite can apply in place; if the child tables hold nothing to "
                              "lose, say so: `# mrt: ignore[MRT015] <reason>`";

static int sbc_report_now(const struct sbc_state *s, mrt_ctx *ctx, const mrt_op *o, const char *how,
                          const char *table, const char *source)
{
	char from[300] = "";
	if (source && source[0])
		snprintf(from, sizeof(from), " ('%s' among them)", source);
	return s->api->report(ctx, MRT_SEV_DEFAULT, s->api->op_line(o), s->api->op_col(o), sbc_hint,
	                      "%s recreates table '%s' (copy, DROP, rename) while foreign keys%s reference it with ON "
	                      "DELETE CASCADE: dropping the old copy deletes the referencing rows in the child tables",
	                      how, table, from);
}

/* Records a batch block for check_graph(): its four strings in one allocation. MRT_OK or MRT_ENOMEM. */
static int sbc_add_pending(struct sbc_state *s, const char *table, const char *path, const char *revision,
                           const char *how, uint64_t thash, unsigned line, unsigned col)
{
	if (sbc_grow((void **)&s->pending, &s->cappending, s->npending, sizeof(*s->pending)))
		return MRT_ENOMEM;
	size_t lt = strlen(table) + 1, lp = strlen(path) + 1, lr = strlen(revision) + 1, lh = strlen(how) + 1;
	char *block = malloc(lt + lp + lr + lh);
	if (!block)
		return MRT_ENOMEM;
	struct sbc_block *p = &s->pending[s->npending++];
	p->table = memcpy(block, table, lt);
	p->path = memcpy(block + lt, path, lp);
	p->revision = memcpy(block + lt + lp, revision, lr);
	p->how = memcpy(block + lt + lp + lr, how, lh);
	p->thash = thash;
	p->line = line;
	p->col = col;
	return MRT_OK;
}

static int sbc_check_func(struct sbc_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn,
                          const mrt_func *up)
{
	const mrt_host_api *api = s->api;
	const char *revision = api->migration_revision(m);
	bool is_up = api->func_role(fn) == MRT_FN_UPGRADE;
	size_t n = api->func_op_count(fn);
	const char *prev_table = NULL;
	bool prev_batch = false;
	/* s->up_keys holds the keys of up (sbc_check collected them); s->fn_keys those of fn once have_keys */
	const struct sbc_keys *fk = fn == up ? &s->up_keys : &s->fn_keys;
	bool have_keys = fn == up;
	for (size_t i = 0; i < n; i++) {
		const mrt_op *o = api->func_op(fn, i);
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const char *table = batch ? api->op_table(o) : NULL; /* prev_table only counts after a batch op */
		bool start = batch && table && !(prev_batch && sbc_same_table(prev_table, table));
		prev_batch = batch;
		prev_table = table;
		if (!start)
			continue;
		/* same revision: earlier in this function; for a downgrade, all of upgrade() too */
		struct sbc_find f = {.table = table};
		uint64_t thash = sbc_name_hash(table);
		int rc = MRT_OK;
		if (!have_keys) {
			if ((rc = sbc_collect_keys(api, fn, &s->fn_keys)))
				return rc;
			have_keys = true;
		}
		sbc_find_in_keys(fk, i, &f);
		if (!f.found && !is_up && up)
			sbc_find_in_keys(&s->up_keys, (size_t)-1, &f);
		for (size_t k = 0; k < s->nfks && !f.found; k++) {
			if (s->fks[k].thash == thash && mrk_same_bare(s->fks[k].target, table) &&
			    sbc_known_ancestor(s, s->fks[k].revision, revision)) {
				f.found = true;
				snprintf(f.source, sizeof(f.source), "%s", s->fks[k].source ? s->fks[k].source : "");
			}
		}
		const char *path = api->migration_path(m);
		if (!f.found && !path)
			return MRT_ENOMEM; /* as when the path was copied with the rest */
		if (!f.found && !revision)
			continue; /* check_graph() cannot place it: it would skip it */
		/* snprintf(how, sizeof(how), "batch_alter_table('%s') in %s()%s", ...) without the format engine */
		const char *fname = api->func_name(fn);
		char how[400], notes[200];
		mrk_notes(api, o, notes, sizeof(notes));
		size_t hl = 0;
		mrk_cat(how, sizeof(how), &hl, "batch_alter_table('");
		mrk_cat(how, sizeof(how), &hl, table);
		mrk_cat(how, sizeof(how), &hl, "') in ");
		mrk_cat(how, sizeof(how), &hl, fname ? fname : "(null)");
		mrk_cat(how, sizeof(how), &hl, "()");
		mrk_cat(how, sizeof(how), &hl, notes);
		if (f.found) {
			rc = sbc_report_now(s, ctx, o, how, table, f.source);
			if (rc)
				return rc;
			continue;
		}
		rc = sbc_add_pending(s, table, path, revision, how, thash, api->op_line(o), api->op_col(o));
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int sbc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	struct sbc_state *s = state;
	const mrt_host_api *api = s->api;
	const char *revision = api->migration_revision(m);
	/* the migration and its parents */
	if (revision && !sbc_mig_find(s, revision)) {
		if (sbc_grow((void **)&s->migs, &s->capmigs, s->nmigs, sizeof(*s->migs)))
			return MRT_ENOMEM;
		/* one allocation: the parents' pointer array, then the revision and the parents' strings */
		size_t nd = api->migration_down_revision_count(m);
		size_t size = nd * sizeof(char *) + strlen(revision) + 1;
		for (size_t k = 0; k < nd; k++) {
			const char *d = api->migration_down_revision(m, k);
			if (d)
				size += strlen(d) + 1;
		}
		char *block = malloc(size);
		if (!block)
			return MRT_ENOMEM;
		struct sbc_mig *g = &s->migs[s->nmigs];
		g->downs = (char **)(void *)block;
		char *text = block + nd * sizeof(char *);
		size_t n = strlen(revision) + 1;
		g->revision = memcpy(text, revision, n);
		text += n;
		g->ndowns = 0;
		for (size_t k = 0; k < nd; k++) {
			const char *d = api->migration_down_revision(m, k);
			if (!d)
				continue;
			n = strlen(d) + 1;
			g->downs[g->ndowns++] = memcpy(text, d, n);
			text += n;
		}
		s->nmigs++;
		if (sbc_mig_index(s, s->nmigs - 1))
			return MRT_ENOMEM;
	}
	/* the CASCADE keys its upgrade() creates */
	size_t nf = api->migration_func_count(m);
	struct sbc_adding ud = {.s = s, .revision = revision};
	const mrt_func *up = NULL;
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		if (!up)
			up = fn;
		/* the first upgrade's keys stay in s->up_keys for sbc_check_func */
		struct sbc_keys *k = fn == up ? &s->up_keys : &s->fn_keys;
		int rc = sbc_collect_keys(api, fn, k);
		for (size_t j = 0; j < k->n && !rc; j++)
			rc = sbc_add_fk(&ud, k->text + k->v[j].target, k->v[j].source);
		if (rc)
			return rc;
	}
	/* its batch blocks */
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) == MRT_FN_HELPER)
			continue; /* helper ops are expanded at their call sites */
		int rc = sbc_check_func(s, ctx, m, fn, up);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

/* Whether node anc is a proper ancestor of node rev in the graph (bounded walk over parents). */
static bool sbc_graph_ancestor(const mrt_host_api *api, const mrt_graph *g, size_t anc, size_t rev)
{
	size_t count = api->graph_count(g);
	if (anc == MRT_NO_INDEX || rev == MRT_NO_INDEX || anc == rev || count == 0)
		return false;
	unsigned char *seen = calloc(count, 1);
	size_t *stack = calloc(count + 1, sizeof(*stack));
	bool found = false;
	if (!seen || !stack) {
		free(seen);
		free(stack);
		return false;
	}
	size_t top = 0;
	stack[top++] = rev;
	while (top && !found) {
		size_t cur = stack[--top];
		size_t np = api->graph_parent_count(g, cur);
		for (size_t k = 0; k < np; k++) {
			size_t p = api->graph_parent(g, cur, k);
			if (p == MRT_NO_INDEX || p >= count || seen[p])
				continue;
			if (p == anc) {
				found = true;
				break;
			}
			seen[p] = 1;
			if (top < count)
				stack[top++] = p;
		}
	}
	free(seen);
	free(stack);
	return found;
}

static int sbc_check_graph(void *state, mrt_ctx *ctx, const mrt_graph *g)
{
	struct sbc_state *s = state;
	const mrt_host_api *api = s->api;
	int rc = MRT_OK;
	for (size_t i = 0; i < s->npending && !rc; i++) {
		struct sbc_block *b = &s->pending[i];
		size_t node = MRT_NO_INDEX;
		bool looked = false; /* node looked up: only once a key to the table turns up, most blocks have none */
		for (size_t k = 0; k < s->nfks; k++) {
			const struct sbc_fk *f = &s->fks[k];
			if (!f->revision || f->thash != b->thash || !mrk_same_bare(f->target, b->table))
				continue;
			if (!looked) {
				node = api->graph_find(g, b->revision);
				looked = true;
			}
			if (node == MRT_NO_INDEX)
				break;
			if (!sbc_graph_ancestor(api, g, api->graph_find(g, f->revision), node))
				continue;
			char from[300] = "";
			if (f->source)
				snprintf(from, sizeof(from), " ('%s' among them)", f->source);
			rc = api->report_at(ctx, b->path, b->revision, MRT_SEV_DEFAULT, b->line, b->col, sbc_hint,
			                    "%s recreates table '%s' (copy, DROP, rename) while foreign keys%s reference it "
			                    "with ON DELETE CASCADE: dropping the old copy deletes the referencing rows in the "
			                    "child tables",
			                    b->how, b->table, from);
			break;
		}
	}
	/* the run is over: forget the pending blocks so a second graph check cannot report them twice */
	for (size_t i = 0; i < s->npending; i++)
		free(s->pending[i].table); /* the block of its four strings */
	s->npending = 0;
	return rc;
}

static const mrt_option_spec sbc_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "sqlite-batch-cascade", .version = "1.0.0",
                  .description = "batch_alter_table on a table referenced by ON DELETE CASCADE keys (SQLite): the "
                                 "table copy deletes the child rows",
                  .init = sbc_init, .check_migration = sbc_check, .check_graph = sbc_check_graph, .fini = sbc_fini,
                  .options = sbc_options)
