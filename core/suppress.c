/* suppress.c — see suppress.h. Parsing is by hand on purpose: comment text is tiny and not YAML. */
#include "suppress.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- helpers --------------------------------------------------------------------------------------------------- */

static char *sup_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *sup_strdup(const char *s)
{
	return s ? sup_strndup(s, strlen(s)) : NULL;
}

static bool sup_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool sup_idchar(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

int suppress_finding_decorate(struct findings *f, struct finding *x)
{
	x->severity = SEV_WARNING;
	if (findings_set(f, &x->pattern, SUPPRESS_RULE_PATTERN) || findings_set(f, &x->name, SUPPRESS_RULE_NAME))
		return -1;
	return 0;
}

static int sup_problem(struct findings *out, const char *file, const char *revision, unsigned line, unsigned col,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Appends an MRT900 warning. */
static int sup_problem(struct findings *out, const char *file, const char *revision, unsigned line, unsigned col,
                       const char *fmt, ...)
{
	if (!out)
		return 0;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct finding *x = findings_add(out, SUPPRESS_RULE_ID, SEV_WARNING, file, revision, line, col, msg);
	if (!x)
		return -1;
	return suppress_finding_decorate(out, x);
}

void suppress_set_init(struct suppress_set *s)
{
	memset(s, 0, sizeof(*s));
}

static void sup_release_one(struct suppression *x)
{
	for (size_t i = 0; i < x->nids; i++) {
		free(x->ids[i].written);
		free(x->ids[i].id);
	}
	free(x->ids);
	free(x->reason);
}

void suppress_set_release(struct suppress_set *s)
{
	for (size_t i = 0; i < s->count; i++)
		sup_release_one(&s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->nloss; i++) {
		free(s->loss[i].target);
		free(s->loss[i].reason);
	}
	free(s->loss);
	free(s->file);
	free(s->revision);
	suppress_set_init(s);
}

/* Where a comment's text after a directive stops: the next '#' that starts another directive, or the end. */
static size_t sup_text_end(const char *t, size_t from, size_t len)
{
	static const char *const tails[] = {"noqa", "mrt:", "type:", "pylint:", "pragma", "fmt:", "nosec", "isort:"};
	for (size_t i = from; i < len; i++) {
		if (t[i] != '#')
			continue;
		size_t j = i + 1;
		while (j < len && sup_space(t[j]))
			j++;
		for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
			size_t n = strlen(tails[k]);
			if (len - j >= n && !strncasecmp(t + j, tails[k], n))
				return i;
		}
	}
	return len;
}

/* Reason text of t[from..end): trimmed, leading separators (':', '-', '—') dropped; NULL (not an error) when empty. */
static int sup_reason(const char *t, size_t from, size_t end, char **out)
{
	*out = NULL;
	while (from < end && (sup_space(t[from]) || t[from] == ':' || t[from] == '-'))
		from++;
	/* an em dash or en dash as separator (UTF-8 E2 80 94 / E2 80 93) */
	if (end - from >= 3 && (unsigned char)t[from] == 0xE2 && (unsigned char)t[from + 1] == 0x80 &&
	    ((unsigned char)t[from + 2] == 0x94 || (unsigned char)t[from + 2] == 0x93)) {
		from += 3;
		while (from < end && sup_space(t[from]))
			from++;
	}
	while (end > from && (sup_space(t[end - 1]) || t[end - 1] == '\r'))
		end--;
	if (end == from)
		return 0;
	*out = sup_strndup(t + from, end - from);
	return *out ? 0 : -1;
}

struct sup_ctx {
	struct suppress_set *set;
	const struct migration *m;
	const struct rule_config_set *rules;
	struct findings *problems;
	const struct comment_ref *c;
};

static int sup_push(struct suppress_set *s, const struct suppression *x)
{
	struct suppression *items = realloc(s->items, (s->count + 1) * sizeof(*items));
	if (!items)
		return -1;
	s->items = items;
	s->items[s->count++] = *x;
	return 0;
}

/* Resolves one written id; NULL when unknown. */
static const char *sup_resolve(const struct rule_config_set *rules, const char *w)
{
	if (rules)
		return rule_config_resolve(rules, w);
	return config_is_rule_id(w) ? w : NULL;
}

/* Adds written id w (length n) to x; reports unknown ids. */
static int sup_add_id(struct sup_ctx *c, struct suppression *x, const char *w, size_t n, const char *form)
{
	char buf[64];
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, w, n);
	buf[n] = '\0';
	const char *id = sup_resolve(c->rules, buf);
	if (!id)
		return sup_problem(c->problems, c->set->file, c->set->revision, c->c->line, c->c->col,
		                   "unknown rule id '%s' in %s: use an id, old code or name from `mrt rules`", buf, form);
	for (size_t i = 0; i < x->nids; i++)
		if (!strcmp(x->ids[i].id, id))
			return 0; /* the same rule twice (id and its alias): once is enough */
	struct suppress_id *ids = realloc(x->ids, (x->nids + 1) * sizeof(*ids));
	if (!ids)
		return -1;
	x->ids = ids;
	struct suppress_id *e = &x->ids[x->nids];
	e->written = sup_strdup(buf);
	e->id = sup_strdup(id);
	e->used = false;
	if (!e->written || !e->id) {
		free(e->written);
		free(e->id);
		return -1;
	}
	x->nids++;
	return 0;
}

/* `# mrt: ignore[...]` / `ignore-file[...]`: t[i] is just after the directive word. */
static int sup_parse_ignore(struct sup_ctx *c, const char *t, size_t len, size_t i, enum suppress_kind kind)
{
	const char *form = kind == SUPPRESS_IGNORE ? "mrt: ignore" : "mrt: ignore-file";
	const struct comment_ref *cm = c->c;
	while (i < len && sup_space(t[i]))
		i++;
	if (i >= len || t[i] != '[')
		return sup_problem(c->problems, c->set->file, c->set->revision, cm->line, cm->col,
		                   "malformed suppression: `# %s` needs rule ids in brackets, e.g. `# %s[MRT004] reason`", form,
		                   form);
	size_t close = i + 1;
	while (close < len && t[close] != ']')
		close++;
	if (close >= len)
		return sup_problem(c->problems, c->set->file, c->set->revision, cm->line, cm->col,
		                   "malformed suppression: missing ']' in `# %s[...]`", form);
	struct suppression x;
	memset(&x, 0, sizeof(x));
	x.kind = kind;
	x.line = cm->line;
	x.col = cm->col;
	x.own_line = cm->own_line;
	size_t written = 0;
	int rc = 0;
	for (size_t p = i + 1; p < close && !rc;) {
		while (p < close && (sup_space(t[p]) || t[p] == ','))
			p++;
		size_t q = p;
		while (q < close && t[q] != ',' && !sup_space(t[q]))
			q++;
		if (q > p) {
			written++;
			rc = sup_add_id(c, &x, t + p, q - p, form);
		}
		p = q;
	}
	if (!rc && written == 0)
		rc = sup_problem(c->problems, c->set->file, c->set->revision, cm->line, cm->col,
		                 "malformed suppression: empty rule list in `# %s[]`", form);
	if (!rc)
		rc = sup_reason(t, close + 1, sup_text_end(t, close + 1, len), &x.reason);
	if (!rc && x.nids && !x.reason)
		rc = sup_problem(c->problems, c->set->file, c->set->revision, cm->line, cm->col,
		                 "suppression without a reason: write why after the brackets, e.g. `# %s[%s] column unused "
		                 "since v2.3`",
		                 form, x.ids[0].written);
	if (!rc && x.nids)
		rc = sup_push(c->set, &x);
	else
		sup_release_one(&x);
	return rc;
}

/* `# noqa: MRT201, MRT202 [reason]`: t[i] is just after "noqa". Codes that are not MRTnnn are not ours. */
static int sup_parse_noqa(struct sup_ctx *c, const char *t, size_t len, size_t i)
{
	while (i < len && sup_space(t[i]))
		i++;
	if (i >= len || t[i] != ':')
		return 0; /* bare `# noqa`: flake8's, not ours */
	i++;
	struct suppression x;
	memset(&x, 0, sizeof(x));
	x.kind = SUPPRESS_NOQA;
	x.line = c->c->line;
	x.col = c->c->col;
	x.own_line = c->c->own_line;
	size_t ours = 0, end = sup_text_end(t, i, len);
	int rc = 0;
	size_t p = i;
	for (;;) {
		size_t q = p;
		while (q < end && (sup_space(t[q]) || t[q] == ','))
			q++;
		/* a code: letters then digits */
		size_t r = q;
		while (r < end && isalpha((unsigned char)t[r]))
			r++;
		size_t d = r;
		while (d < end && isdigit((unsigned char)t[d]))
			d++;
		if (r == q || d == r || (d < end && sup_idchar(t[d])))
			break; /* not a code: the rest is a reason */
		if (d - q >= 3 && !strncmp(t + q, "MRT", 3)) {
			ours++;
			if ((rc = sup_add_id(c, &x, t + q, d - q, "noqa")))
				break;
		}
		p = d;
	}
	if (!rc && ours && x.nids)
		rc = sup_reason(t, p, end, &x.reason);
	if (!rc && x.nids)
		rc = sup_push(c->set, &x);
	else
		sup_release_one(&x);
	return rc;
}

/* `# mrt: expect-data-loss users.phone, users.email [reason]` */
static int sup_parse_loss(struct sup_ctx *c, const char *t, size_t len, size_t i)
{
	size_t end = sup_text_end(t, i, len), ntargets = 0;
	for (;;) {
		while (i < end && sup_space(t[i]))
			i++;
		size_t q = i;
		while (q < end && (sup_idchar(t[q]) || t[q] == '.'))
			q++;
		if (q == i)
			break;
		struct expected_loss *l = realloc(c->set->loss, (c->set->nloss + 1) * sizeof(*l));
		if (!l)
			return -1;
		c->set->loss = l;
		l = &c->set->loss[c->set->nloss];
		memset(l, 0, sizeof(*l));
		l->line = c->c->line;
		if (!(l->target = sup_strndup(t + i, q - i)))
			return -1;
		c->set->nloss++;
		ntargets++;
		i = q;
		size_t k = i;
		while (k < end && sup_space(t[k]))
			k++;
		if (k < end && t[k] == ',') {
			i = k + 1;
			continue;
		}
		break;
	}
	if (!ntargets)
		return sup_problem(c->problems, c->set->file, c->set->revision, c->c->line, c->c->col,
		                   "malformed suppression: `# mrt: expect-data-loss` needs a table or table.column, e.g. "
		                   "`# mrt: expect-data-loss users.phone`");
	char *reason = NULL;
	if (sup_reason(t, i, end, &reason))
		return -1;
	if (reason) {
		/* The reason belongs to every target of this comment. */
		for (size_t k = c->set->nloss - ntargets; k < c->set->nloss; k++) {
			if (!(c->set->loss[k].reason = sup_strdup(reason))) {
				free(reason);
				return -1;
			}
		}
		free(reason);
	}
	return 0;
}

static int sup_parse_comment(struct sup_ctx *c)
{
	const char *t = c->c->text;
	size_t len = strlen(t);
	for (size_t h = 0; h < len; h++) {
		if (t[h] != '#')
			continue;
		size_t i = h + 1;
		while (i < len && sup_space(t[i]))
			i++;
		int rc = 0;
		if (len - i >= 4 && !strncmp(t + i, "mrt:", 4)) {
			i += 4;
			while (i < len && sup_space(t[i]))
				i++;
			size_t w = i;
			while (w < len && (isalpha((unsigned char)t[w]) || t[w] == '-' || t[w] == '_'))
				w++;
			size_t n = w - i;
			if (n == 6 && !strncmp(t + i, "ignore", 6))
				rc = sup_parse_ignore(c, t, len, w, SUPPRESS_IGNORE);
			else if (n == 11 && !strncmp(t + i, "ignore-file", 11))
				rc = sup_parse_ignore(c, t, len, w, SUPPRESS_IGNORE_FILE);
			else if (n == 16 && !strncmp(t + i, "expect-data-loss", 16))
				rc = sup_parse_loss(c, t, len, w);
			else
				rc = sup_problem(c->problems, c->set->file, c->set->revision, c->c->line, c->c->col,
				                 "malformed suppression: unknown directive `mrt: %.*s` (use ignore[...], "
				                 "ignore-file[...] or expect-data-loss)",
				                 (int)(n > 40 ? 40 : n), t + i);
			h = w;
		} else if (len - i >= 4 && !strncasecmp(t + i, "noqa", 4) && (len - i == 4 || !sup_idchar(t[i + 4]))) {
			rc = sup_parse_noqa(c, t, len, i + 4);
			h = i + 4;
		}
		if (rc)
			return rc;
	}
	return 0;
}

int suppress_collect(struct suppress_set *out, const struct migration *m, const struct rule_config_set *rules,
                     struct findings *problems)
{
	suppress_set_init(out);
	if ((m->path && !(out->file = sup_strdup(m->path))) || (m->revision && !(out->revision = sup_strdup(m->revision))))
		return -1;
	struct sup_ctx c = {.set = out, .m = m, .rules = rules, .problems = problems, .c = NULL};
	for (size_t i = 0; i < m->ncomments; i++) {
		c.c = &m->comments[i];
		if (!c.c->text)
			continue;
		if (sup_parse_comment(&c))
			return -1;
	}
	return 0;
}

/* ---- matching -------------------------------------------------------------------------------------------------- */

static const struct comment_ref *sup_comment_at(const struct migration *m, unsigned line)
{
	for (size_t i = 0; i < m->ncomments; i++)
		if (m->comments[i].line == line)
			return &m->comments[i];
	return NULL;
}

/* Whether line `l` is in the own-line comment block directly above `first`. */
static bool sup_in_block_above(const struct migration *m, unsigned first, unsigned l)
{
	if (l >= first)
		return false;
	for (unsigned k = first - 1; k >= 1 && k >= l; k--) {
		const struct comment_ref *cm = sup_comment_at(m, k);
		if (!cm || !cm->own_line)
			return false;
		if (k == l)
			return true;
	}
	return false;
}

/* Innermost op containing line, or NULL. */
static const struct op *sup_op_at(const struct migration *m, unsigned line)
{
	const struct op *best = NULL;
	unsigned bestw = 0;
	for (size_t f = 0; f < m->nfuncs; f++) {
		const struct func *fn = &m->funcs[f];
		for (size_t k = 0; k < fn->nops; k++) {
			const struct op *o = &fn->ops[k];
			unsigned end = o->end_line >= o->line ? o->end_line : o->line;
			if (o->line <= line && line <= end && (!best || end - o->line < bestw)) {
				best = o;
				bestw = end - o->line;
			}
		}
	}
	return best;
}

/* Whether a comment at line `cl` covers a finding at `line`. */
static bool sup_covers(const struct migration *m, const struct op *o, unsigned line, unsigned cl)
{
	if (!line)
		return false;
	unsigned first = line, last = line;
	if (o) {
		first = o->line;
		last = o->end_line >= o->line ? o->end_line : o->line;
	}
	if (cl >= first && cl <= last)
		return true;
	if (sup_in_block_above(m, first, cl))
		return true;
	if (o && o->helper && o->call_line)
		return cl == o->call_line || sup_in_block_above(m, o->call_line, cl);
	return false;
}

bool suppress_match(struct suppress_set *s, const struct migration *m, const char *rule_id, unsigned line)
{
	bool hit = false;
	const struct op *o = line ? sup_op_at(m, line) : NULL;
	for (size_t i = 0; i < s->count; i++) {
		struct suppression *x = &s->items[i];
		if (x->kind != SUPPRESS_IGNORE_FILE && !sup_covers(m, o, line, x->line))
			continue;
		for (size_t k = 0; k < x->nids; k++) {
			if (!strcmp(x->ids[k].id, rule_id)) {
				x->ids[k].used = true;
				hit = true;
			}
		}
	}
	return hit;
}

static bool sup_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

size_t suppress_apply(struct suppress_set *s, const struct migration *m, struct findings *f, size_t first)
{
	size_t n = 0;
	for (size_t i = first; i < f->count; i++) {
		struct finding *x = &f->items[i];
		if (x->suppressed || !x->rule || !strcmp(x->rule, SUPPRESS_RULE_ID) || !sup_same(x->file, s->file))
			continue;
		if (suppress_match(s, m, x->rule, x->line)) {
			x->suppressed = true;
			n++;
		}
	}
	return n;
}

int suppress_report_unused(const struct suppress_set *s, suppress_active_fn active, void *user, struct findings *out)
{
	for (size_t i = 0; i < s->count; i++) {
		const struct suppression *x = &s->items[i];
		for (size_t k = 0; k < x->nids; k++) {
			const struct suppress_id *e = &x->ids[k];
			if (e->used || (active && !active(e->id, user)))
				continue;
			const char *alias_note = strcmp(e->written, e->id) ? " (" : "";
			int rc;
			if (x->kind == SUPPRESS_IGNORE_FILE)
				rc = sup_problem(out, s->file, s->revision, x->line, x->col,
				                 "unused suppression: ignore-file[%s%s%s%s] matched no finding in this file; remove it",
				                 e->written, alias_note, *alias_note ? e->id : "", *alias_note ? ")" : "");
			else
				rc = sup_problem(out, s->file, s->revision, x->line, x->col,
				                 "unused suppression: %s %s%s%s%s matched no finding on this line or the op below; "
				                 "remove it",
				                 x->kind == SUPPRESS_NOQA ? "noqa" : "ignore", e->written, alias_note,
				                 *alias_note ? e->id : "", *alias_note ? ")" : "");
			if (rc)
				return -1;
		}
	}
	return 0;
}

/* ---- mrt.yaml suppress: ---------------------------------------------------------------------------------------- */

static const char *sup_entry_id(const struct config_suppress *e)
{
	return e->rule.id ? e->rule.id : e->rule.written;
}

size_t suppress_apply_project(const struct project_config *p, bool *used, struct findings *f, size_t first)
{
	size_t n = 0;
	for (size_t i = first; i < f->count; i++) {
		struct finding *x = &f->items[i];
		if (!x->rule || !x->revision || !strcmp(x->rule, SUPPRESS_RULE_ID))
			continue;
		for (size_t k = 0; k < p->nsuppress; k++) {
			const struct config_suppress *e = &p->suppress[k];
			if (!strcmp(sup_entry_id(e), x->rule) && !strcmp(e->revision, x->revision)) {
				if (used)
					used[k] = true;
				if (!x->suppressed) {
					x->suppressed = true;
					n++;
				}
			}
		}
	}
	return n;
}

int suppress_report_unused_project(const struct project_config *p, const bool *used, suppress_active_fn active,
                                   void *user, struct findings *out)
{
	for (size_t k = 0; k < p->nsuppress; k++) {
		const struct config_suppress *e = &p->suppress[k];
		if ((used && used[k]) || (active && !active(sup_entry_id(e), user)))
			continue;
		if (sup_problem(out, p->file, NULL, e->line, e->col,
		                "unused suppression: no %s finding in revision %s; remove the entry", e->rule.written,
		                e->revision))
			return -1;
	}
	return 0;
}
