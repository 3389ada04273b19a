/* config.c — see config.h. YAML through libyaml's document API; every node is visited at most once. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define CFG_MAX_DEPTH 32
#define CFG_MAX_FILE (16u * 1024u * 1024u)

#define BUILTIN_SUPPRESS_ID "MRT900"
#define BUILTIN_SUPPRESS_NAME "bad-suppression"

/* One document being read: the parsed tree, the name for messages, the error sink. */
struct ycx {
	yaml_document_t doc;
	const char *file;          /* borrowed: name used in messages */
	const char *owned_file;    /* borrowed: the string config_value.file points at */
	struct config_error *err;  /* borrowed */
	unsigned char *seen;       /* owned: one flag per node, to refuse aliases (and their cycles) */
	size_t nnodes;
};

/* ---- errors ---------------------------------------------------------------------------------------------------- */

static void err_clear(struct config_error *e)
{
	if (!e)
		return;
	e->status = CONFIG_OK;
	e->file[0] = '\0';
	e->line = e->col = 0;
	e->message[0] = '\0';
}

static int err_vset(struct config_error *e, enum config_status st, const char *file, unsigned line, unsigned col,
                    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static int err_vset(struct config_error *e, enum config_status st, const char *file, unsigned line, unsigned col,
                    const char *fmt, va_list ap)
{
	if (!e)
		return st;
	e->status = st;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	int off = 0;
	if (file && line)
		off = snprintf(e->message, sizeof(e->message), "%.400s:%u:%u: ", file, line, col);
	else if (file)
		off = snprintf(e->message, sizeof(e->message), "%.400s: ", file);
	if (off < 0)
		off = 0;
	vsnprintf(e->message + off, sizeof(e->message) - (size_t)off, fmt, ap);
	return st;
}

static int err_set(struct config_error *e, enum config_status st, const char *file, unsigned line, unsigned col,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int err_set(struct config_error *e, enum config_status st, const char *file, unsigned line, unsigned col,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = err_vset(e, st, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

static int fail_at(struct ycx *c, const yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Error at node n (libyaml marks are 0-based; messages are 1-based). Always returns CONFIG_EINVAL. */
static int fail_at(struct ycx *c, const yaml_node_t *n, const char *fmt, ...)
{
	unsigned line = n ? (unsigned)n->start_mark.line + 1 : 0;
	unsigned col = n ? (unsigned)n->start_mark.column + 1 : 0;
	va_list ap;
	va_start(ap, fmt);
	int rc = err_vset(c->err, CONFIG_EINVAL, c->file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

static int fail_oom(struct ycx *c)
{
	return err_set(c->err, CONFIG_ENOMEM, c->file, 0, 0, "out of memory");
}

/* ---- small string helpers -------------------------------------------------------------------------------------- */

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

/* Edit distance for "did you mean"; strings longer than 63 bytes get a large distance. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 99;
	size_t prev[64], cur[64];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

/* Closest candidate within a distance of max(1, len/3) (at most 3), or NULL. */
static const char *closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = 99, len = strlen(word);
	size_t limit = len / 3 < 1 ? 1 : (len / 3 > 3 ? 3 : len / 3);
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);
		if (d <= limit && d < bestd) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}

bool config_is_rule_id(const char *s)
{
	/* 2-8 capital letters, then 3 or 4 digits: MRT004, and out-of-tree prefixes such as ACME001 */
	size_t letters = 0, digits = 0;
	while (s[letters] >= 'A' && s[letters] <= 'Z')
		letters++;
	while (s[letters + digits] >= '0' && s[letters + digits] <= '9')
		digits++;
	return letters >= 2 && letters <= 8 && digits >= 3 && digits <= 4 && s[letters + digits] == '\0';
}

static bool is_rule_id(const char *s)
{
	return config_is_rule_id(s);
}

static bool is_slug(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static bool is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* ---- node access ----------------------------------------------------------------------------------------------- */

/* The node with this index, refusing a second visit: a node reached twice is an alias (which may also be a cycle). */
static yaml_node_t *node_get(struct ycx *c, int idx, const yaml_node_t *from, int *rc)
{
	yaml_node_t *n = yaml_document_get_node(&c->doc, idx);
	if (!n) {
		*rc = fail_at(c, from, "internal YAML error: missing node");
		return NULL;
	}
	size_t k = (size_t)(idx - 1);
	if (k < c->nnodes) {
		if (c->seen[k]) {
			*rc = fail_at(c, from, "YAML aliases (*name) are not supported here: write the value out");
			return NULL;
		}
		c->seen[k] = 1;
	}
	*rc = CONFIG_OK;
	return n;
}

static const char *node_kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a scalar";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

/* Scalar text as a NUL-terminated string (libyaml terminates scalars); refuses embedded NUL bytes. */
static int scalar_text(struct ycx *c, const yaml_node_t *n, const char *what, const char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(c, n, "%s must be a string, not %s", what, node_kind_name(n));
	const char *s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length)
		return fail_at(c, n, "%s contains a NUL byte", what);
	*out = s;
	return CONFIG_OK;
}

static bool scalar_plain(const yaml_node_t *n)
{
	/* libyaml's document API gives untagged plain scalars the default str tag, so explicit tags cannot be told
	 * apart: typing goes by style only (quote a value to make it a string). */
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool text_is_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int text_bool(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return 0;
	return -1;
}

/* YAML 1.2 core-schema integer: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+. */
static bool text_int(const char *s, int64_t *out)
{
	int base = 10;
	const char *p = s;
	if (!strncmp(s, "0x", 2)) {
		base = 16;
		p = s + 2;
	} else if (!strncmp(s, "0o", 2)) {
		base = 8;
		p = s + 2;
	} else if (*p == '-' || *p == '+') {
		p++;
	}
	if (!*p)
		return false;
	for (const char *q = p; *q; q++) {
		bool ok = base == 16 ? ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F'))
		                     : (*q >= '0' && *q <= (base == 8 ? '7' : '9'));
		if (!ok)
			return false;
	}
	errno = 0;
	char *end = NULL;
	long long v = strtoll(base == 10 ? s : p, &end, base);
	if (errno == ERANGE || !end || *end)
		return false;
	*out = (int64_t)v;
	return true;
}

/* YAML 1.2 core-schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? and .inf/.nan. */
static bool text_float(const char *s, double *out)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF")) {
		*out = *s == '-' ? -HUGE_VAL : HUGE_VAL;
		return true;
	}
	if (p == s && (!strcmp(p, ".nan") || !strcmp(p, ".NaN") || !strcmp(p, ".NAN"))) {
		*out = NAN;
		return true;
	}
	size_t digits = 0;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return false;
	char *end = NULL;
	*out = strtod(s, &end);
	return end && !*end;
}

/* ---- typed values ---------------------------------------------------------------------------------------------- */

static void value_release(struct config_value *v)
{
	free(v->text);
	for (size_t i = 0; v->items && i < v->count; i++)
		value_release(&v->items[i]);
	free(v->items);
	for (size_t i = 0; v->entries && i < v->count; i++) {
		free(v->entries[i].key);
		value_release(&v->entries[i].value);
	}
	free(v->entries);
	memset(v, 0, sizeof(*v));
}

static void value_empty_map(struct config_value *v, const char *file)
{
	memset(v, 0, sizeof(*v));
	v->kind = CFG_VAL_MAP;
	v->file = file;
}

static int check_map_keys(struct ycx *c, yaml_node_t *map, const char *const *known, size_t nknown, const char *what);
static const yaml_node_t *pair_key_node(struct ycx *c, const yaml_node_pair_t *p);

/* Converts node n (already marked as visited) into *v. */
static int value_from_node(struct ycx *c, yaml_node_t *n, struct config_value *v, int depth)
{
	int rc = CONFIG_OK;
	memset(v, 0, sizeof(*v));
	v->file = c->owned_file;
	v->line = (unsigned)n->start_mark.line + 1;
	v->col = (unsigned)n->start_mark.column + 1;
	if (depth > CFG_MAX_DEPTH)
		return fail_at(c, n, "value nested too deeply (more than %d levels)", CFG_MAX_DEPTH);
	if (n->type == YAML_SCALAR_NODE) {
		const char *s = NULL;
		if ((rc = scalar_text(c, n, "value", &s)))
			return rc;
		v->text = xstrdup(s);
		if (!v->text)
			return fail_oom(c);
		v->kind = CFG_VAL_STR;
		if (scalar_plain(n)) {
			int b;
			if (text_is_null(s)) {
				v->kind = CFG_VAL_NULL;
			} else if ((b = text_bool(s)) >= 0) {
				v->kind = CFG_VAL_BOOL;
				v->b = b == 1;
			} else if (text_int(s, &v->i)) {
				v->kind = CFG_VAL_INT;
				v->f = (double)v->i;
			} else if (text_float(s, &v->f)) {
				v->kind = CFG_VAL_FLOAT;
			}
		}
		return CONFIG_OK;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		v->kind = CFG_VAL_LIST;
		size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		if (cnt) {
			v->items = calloc(cnt, sizeof(*v->items));
			if (!v->items)
				return fail_oom(c);
		}
		for (size_t i = 0; i < cnt; i++) {
			yaml_node_t *it = node_get(c, n->data.sequence.items.start[i], n, &rc);
			if (!it)
				return rc;
			v->count = i + 1;
			if ((rc = value_from_node(c, it, &v->items[i], depth + 1)))
				return rc;
		}
		return CONFIG_OK;
	}
	if (n->type == YAML_MAPPING_NODE) {
		v->kind = CFG_VAL_MAP;
		if ((rc = check_map_keys(c, n, NULL, 0, NULL)))
			return rc;
		size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
		if (cnt) {
			v->entries = calloc(cnt, sizeof(*v->entries));
			if (!v->entries)
				return fail_oom(c);
		}
		for (size_t i = 0; i < cnt; i++) {
			yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
			yaml_node_t *k = yaml_document_get_node(&c->doc, p->key);
			yaml_node_t *val = node_get(c, p->value, pair_key_node(c, p), &rc);
			if (!val)
				return rc;
			struct config_entry *e = &v->entries[i];
			v->count = i + 1;
			e->key = xstrdup((const char *)k->data.scalar.value);
			if (!e->key)
				return fail_oom(c);
			e->line = (unsigned)k->start_mark.line + 1;
			e->col = (unsigned)k->start_mark.column + 1;
			if ((rc = value_from_node(c, val, &e->value, depth + 1)))
				return rc;
		}
		return CONFIG_OK;
	}
	return fail_at(c, n, "unexpected empty YAML node");
}

const struct config_value *config_value_get(const struct config_value *map, const char *key)
{
	if (!map || map->kind != CFG_VAL_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (!strcmp(map->entries[i].key, key))
			return &map->entries[i].value;
	return NULL;
}

const char *config_value_kind_name(enum config_value_kind k)
{
	switch (k) {
	case CFG_VAL_NULL: return "null";
	case CFG_VAL_BOOL: return "bool";
	case CFG_VAL_INT: return "int";
	case CFG_VAL_FLOAT: return "float";
	case CFG_VAL_STR: return "string";
	case CFG_VAL_LIST: return "list";
	case CFG_VAL_MAP: return "mapping";
	}
	return "?";
}

/* ---- mapping helpers ------------------------------------------------------------------------------------------- */

/*
 * Checks that every key of map is a plain string scalar, appears once, and (when known != NULL) is one of known.
 * Marks the key nodes as visited. what names the mapping in messages ("rule file", "verify").
 */
static int check_map_keys(struct ycx *c, yaml_node_t *map, const char *const *known, size_t nknown, const char *what)
{
	int rc;
	yaml_node_pair_t *start = map->data.mapping.pairs.start, *top = map->data.mapping.pairs.top;
	for (yaml_node_pair_t *p = start; p < top; p++) {
		yaml_node_t *k = node_get(c, p->key, map, &rc);
		if (!k)
			return rc;
		const char *key = NULL;
		if (k->type != YAML_SCALAR_NODE)
			return fail_at(c, k, "keys must be strings, not %s", node_kind_name(k));
		if ((rc = scalar_text(c, k, "key", &key)))
			return rc;
		for (yaml_node_pair_t *q = start; q < p; q++) {
			yaml_node_t *k2 = yaml_document_get_node(&c->doc, q->key);
			if (!strcmp((const char *)k2->data.scalar.value, key))
				return fail_at(c, k, "duplicate key '%s' (first at line %u)", key,
				               (unsigned)k2->start_mark.line + 1);
		}
		if (!known)
			continue;
		bool found = false;
		for (size_t i = 0; i < nknown && !found; i++)
			found = !strcmp(known[i], key);
		if (!found) {
			const char *hint = closest(key, known, nknown);
			if (hint)
				return fail_at(c, k, "unknown key '%s' (did you mean '%s'?)", key, hint);
			char list[512];
			size_t off = 0;
			list[0] = '\0';
			for (size_t i = 0; i < nknown && off < sizeof(list); i++) {
				int w = snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "", known[i]);
				if (w < 0)
					break;
				off += (size_t)w;
			}
			return fail_at(c, k, "unknown key '%s' in %s (known keys: %s)", key, what, list);
		}
	}
	return CONFIG_OK;
}

static const char *pair_key(struct ycx *c, const yaml_node_pair_t *p)
{
	return (const char *)yaml_document_get_node(&c->doc, p->key)->data.scalar.value;
}

static const yaml_node_t *pair_key_node(struct ycx *c, const yaml_node_pair_t *p)
{
	return yaml_document_get_node(&c->doc, p->key);
}

static int want_map(struct ycx *c, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE)
		return fail_at(c, n, "%s must be a mapping, not %s", what, node_kind_name(n));
	return CONFIG_OK;
}

static int want_list(struct ycx *c, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return fail_at(c, n, "%s must be a list, not %s", what, node_kind_name(n));
	return CONFIG_OK;
}

/* A non-empty string value copied into *out (replacing nothing: *out must be NULL). */
static int get_string(struct ycx *c, const yaml_node_t *n, const char *what, bool allow_empty, char **out)
{
	const char *s = NULL;
	int rc = scalar_text(c, n, what, &s);
	if (rc)
		return rc;
	if (!allow_empty && is_blank(s))
		return fail_at(c, n, "%s must not be empty", what);
	*out = xstrdup(s);
	return *out ? CONFIG_OK : fail_oom(c);
}

static int get_bool(struct ycx *c, const yaml_node_t *n, const char *what, bool *out)
{
	int b = n->type == YAML_SCALAR_NODE && scalar_plain(n) ? text_bool((const char *)n->data.scalar.value) : -1;
	if (b < 0)
		return fail_at(c, n, "%s must be true or false", what);
	*out = b == 1;
	return CONFIG_OK;
}

static int get_int(struct ycx *c, const yaml_node_t *n, const char *what, int64_t lo, int64_t hi, int64_t *out)
{
	int64_t v;
	if (!(n->type == YAML_SCALAR_NODE && scalar_plain(n) && text_int((const char *)n->data.scalar.value, &v)))
		return fail_at(c, n, "%s must be an integer", what);
	if (v < lo || v > hi)
		return fail_at(c, n, "%s must be between %lld and %lld", what, (long long)lo, (long long)hi);
	*out = v;
	return CONFIG_OK;
}

/* ---- document loading ------------------------------------------------------------------------------------------ */

static int ycx_open(struct ycx *c, const char *file, const char *owned_file, const char *buf, size_t len,
                    struct config_error *err, yaml_node_t **root)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	c->owned_file = owned_file;
	c->err = err;
	*root = NULL;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return fail_oom(c);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	int rc = CONFIG_OK;
	if (!yaml_parser_load(&parser, &c->doc)) {
		if (parser.error == YAML_MEMORY_ERROR) {
			rc = fail_oom(c);
		} else if (parser.error == YAML_READER_ERROR) {
			rc = err_set(err, CONFIG_EINVAL, file, 0, 0, "invalid YAML input at byte %zu: %s",
			             parser.problem_offset, parser.problem ? parser.problem : "unreadable input");
		} else {
			unsigned line = (unsigned)parser.problem_mark.line + 1, col = (unsigned)parser.problem_mark.column + 1;
			if (parser.context)
				rc = err_set(err, CONFIG_EINVAL, file, line, col, "YAML syntax error: %s (%s at line %u, column %u)",
				             parser.problem ? parser.problem : "invalid YAML", parser.context,
				             (unsigned)parser.context_mark.line + 1, (unsigned)parser.context_mark.column + 1);
			else
				rc = err_set(err, CONFIG_EINVAL, file, line, col, "YAML syntax error: %s",
				             parser.problem ? parser.problem : "invalid YAML");
		}
		yaml_parser_delete(&parser);
		return rc;
	}
	/* Exactly one document. */
	yaml_document_t extra;
	if (yaml_parser_load(&parser, &extra)) {
		yaml_node_t *r2 = yaml_document_get_root_node(&extra);
		if (r2)
			rc = err_set(err, CONFIG_EINVAL, file, (unsigned)r2->start_mark.line + 1,
			             (unsigned)r2->start_mark.column + 1, "only one YAML document is allowed per file");
		yaml_document_delete(&extra);
	} else {
		unsigned line = (unsigned)parser.problem_mark.line + 1, col = (unsigned)parser.problem_mark.column + 1;
		rc = parser.error == YAML_MEMORY_ERROR
		         ? fail_oom(c)
		         : err_set(err, CONFIG_EINVAL, file, line, col, "YAML syntax error: %s",
		                   parser.problem ? parser.problem : "invalid YAML");
	}
	yaml_parser_delete(&parser);
	if (rc) {
		yaml_document_delete(&c->doc);
		return rc;
	}
	c->nnodes = (size_t)(c->doc.nodes.top - c->doc.nodes.start);
	c->seen = calloc(c->nnodes ? c->nnodes : 1, 1);
	if (!c->seen) {
		yaml_document_delete(&c->doc);
		return fail_oom(c);
	}
	if (yaml_document_get_root_node(&c->doc)) {
		*root = node_get(c, 1, NULL, &rc);
		if (!*root) {
			free(c->seen);
			yaml_document_delete(&c->doc);
			return rc;
		}
	}
	return CONFIG_OK;
}

static void ycx_close(struct ycx *c)
{
	free(c->seen);
	c->seen = NULL;
	yaml_document_delete(&c->doc);
}

static int read_file(const char *path, char **buf, size_t *len, struct config_error *err)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(err, CONFIG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	if (!b) {
		fclose(f);
		return err_set(err, CONFIG_ENOMEM, path, 0, 0, "out of memory");
	}
	for (;;) {
		if (n == cap) {
			if (cap >= CFG_MAX_FILE) {
				free(b);
				fclose(f);
				return err_set(err, CONFIG_EINVAL, path, 0, 0, "file larger than %u bytes", CFG_MAX_FILE);
			}
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				fclose(f);
				return err_set(err, CONFIG_ENOMEM, path, 0, 0, "out of memory");
			}
			b = nb;
			cap *= 2;
		}
		size_t got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				int e = errno;
				free(b);
				fclose(f);
				return err_set(err, CONFIG_EIO, path, 0, 0, "cannot read: %s", strerror(e));
			}
			break;
		}
	}
	fclose(f);
	*buf = b;
	*len = n;
	return CONFIG_OK;
}

/* ---- dialects -------------------------------------------------------------------------------------------------- */

const char *config_dialect_name(unsigned bit)
{
	switch (bit) {
	case CFG_DIALECT_POSTGRESQL: return "postgresql";
	case CFG_DIALECT_SQLITE: return "sqlite";
	case CFG_DIALECT_MYSQL: return "mysql";
	}
	return "?";
}

unsigned config_dialect_parse(const char *s)
{
	if (!strcmp(s, "postgresql") || !strcmp(s, "postgres"))
		return CFG_DIALECT_POSTGRESQL;
	if (!strcmp(s, "sqlite"))
		return CFG_DIALECT_SQLITE;
	if (!strcmp(s, "mysql") || !strcmp(s, "mariadb"))
		return CFG_DIALECT_MYSQL;
	return 0;
}

/* ---- rule files ------------------------------------------------------------------------------------------------ */

void rule_config_set_init(struct rule_config_set *s)
{
	s->items = NULL;
	s->count = s->cap = 0;
}

static void rule_release(struct rule_config *r)
{
	free(r->file);
	free(r->id);
	free(r->name);
	free(r->plugin);
	for (size_t i = 0; i < r->naliases; i++)
		free(r->aliases[i]);
	free(r->aliases);
	free(r->pattern);
	free(r->summary);
	value_release(&r->options);
	free(r->doc);
	free(r->doc_path);
	memset(r, 0, sizeof(*r));
}

void rule_config_set_release(struct rule_config_set *s)
{
	for (size_t i = 0; i < s->count; i++)
		rule_release(&s->items[i]);
	free(s->items);
	rule_config_set_init(s);
}

const struct rule_config *rule_config_find(const struct rule_config_set *s, const char *key)
{
	if (!s || !key)
		return NULL;
	for (size_t i = 0; i < s->count; i++) {
		const struct rule_config *r = &s->items[i];
		if (!strcmp(r->id, key) || !strcmp(r->name, key))
			return r;
		for (size_t j = 0; j < r->naliases; j++)
			if (!strcmp(r->aliases[j], key))
				return r;
	}
	return NULL;
}

const char *rule_config_resolve(const struct rule_config_set *s, const char *key)
{
	const struct rule_config *r = rule_config_find(s, key);
	if (r)
		return r->id;
	if (key && (!strcmp(key, BUILTIN_SUPPRESS_ID) || !strcmp(key, BUILTIN_SUPPRESS_NAME)))
		return BUILTIN_SUPPRESS_ID;
	return NULL;
}

int config_rule_plugin_path(const struct rule_config *r, const char *plugin_dir, char *buf, size_t size)
{
	int n = r->plugin[0] == '/' ? snprintf(buf, size, "%s", r->plugin)
	                            : snprintf(buf, size, "%s/%s", plugin_dir, r->plugin);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Where an id/alias/name is already used in the set: the rule, or NULL. */
static const struct rule_config *rule_using(const struct rule_config_set *s, const char *key)
{
	return rule_config_find(s, key);
}

static const char *const rule_keys[] = {
	"id", "name", "plugin", "severity", "dialects", "enabled", "aliases", "pattern", "summary", "options", "doc",
	"builtin",
};

static int parse_rule(struct ycx *c, yaml_node_t *root, const struct rule_config_set *set, struct rule_config *r)
{
	int rc;
	if (!root)
		return err_set(c->err, CONFIG_EINVAL, c->file, 0, 0, "empty rule file: expected a mapping with id, name, "
		               "plugin and severity");
	if ((rc = want_map(c, root, "a rule file")))
		return rc;
	if ((rc = check_map_keys(c, root, rule_keys, sizeof(rule_keys) / sizeof(rule_keys[0]), "a rule file")))
		return rc;
	bool have_sev = false;
	bool builtin = false; /* `builtin: true`: a rule the core implements itself (MRT000): no plugin */
	r->enabled = true;
	r->dialects = CFG_DIALECT_ALL;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		const char *key = pair_key(c, p);
		yaml_node_t *v = node_get(c, p->value, pair_key_node(c, p), &rc);
		if (!v)
			return rc;
		if (!strcmp(key, "id")) {
			if ((rc = get_string(c, v, "id", false, &r->id)))
				return rc;
			if (!is_rule_id(r->id))
				return fail_at(c, v, "id must be 2-8 capital letters and 3-4 digits (like MRT004, or ACME001 for a house rule), got '%s'", r->id);
			r->line = (unsigned)v->start_mark.line + 1;
			r->id_col = (unsigned)v->start_mark.column + 1;
		} else if (!strcmp(key, "name")) {
			if ((rc = get_string(c, v, "name", false, &r->name)))
				return rc;
			if (!is_slug(r->name))
				return fail_at(c, v, "name must be a lowercase slug like 'drop-column' (a-z, 0-9, '-'), got '%s'",
				               r->name);
		} else if (!strcmp(key, "plugin")) {
			if ((rc = get_string(c, v, "plugin", false, &r->plugin)))
				return rc;
		} else if (!strcmp(key, "severity")) {
			const char *s = NULL;
			if ((rc = scalar_text(c, v, "severity", &s)))
				return rc;
			if (severity_parse(s, &r->severity))
				return fail_at(c, v, "severity must be one of error, warning, info");
			have_sev = true;
		} else if (!strcmp(key, "dialects")) {
			if ((rc = want_list(c, v, "dialects")))
				return rc;
			if (v->data.sequence.items.top == v->data.sequence.items.start)
				return fail_at(c, v, "dialects must not be empty (leave the key out for every dialect)");
			r->dialects = 0;
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				yaml_node_t *d = node_get(c, *it, v, &rc);
				const char *s = NULL;
				if (!d)
					return rc;
				if ((rc = scalar_text(c, d, "dialect", &s)))
					return rc;
				unsigned bit = config_dialect_parse(s);
				if (!bit)
					return fail_at(c, d, "dialect must be one of postgresql, sqlite, mysql, got '%s'", s);
				r->dialects |= bit;
			}
		} else if (!strcmp(key, "enabled")) {
			if ((rc = get_bool(c, v, "enabled", &r->enabled)))
				return rc;
		} else if (!strcmp(key, "aliases")) {
			if ((rc = want_list(c, v, "aliases")))
				return rc;
			size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
			r->aliases = calloc(cnt ? cnt : 1, sizeof(*r->aliases));
			if (!r->aliases)
				return fail_oom(c);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_t *a = node_get(c, v->data.sequence.items.start[i], v, &rc);
				if (!a)
					return rc;
				if ((rc = get_string(c, a, "alias", false, &r->aliases[i])))
					return rc;
				r->naliases = i + 1;
				if (!is_rule_id(r->aliases[i]))
					return fail_at(c, a, "alias must be a code like MRT201 (2-8 capital letters and 3-4 digits), got '%s'", r->aliases[i]);
				for (size_t j = 0; j < i; j++)
					if (!strcmp(r->aliases[j], r->aliases[i]))
						return fail_at(c, a, "alias '%s' listed twice", r->aliases[i]);
			}
		} else if (!strcmp(key, "pattern")) {
			if ((rc = get_string(c, v, "pattern", false, &r->pattern)))
				return rc;
		} else if (!strcmp(key, "summary")) {
			if ((rc = get_string(c, v, "summary", false, &r->summary)))
				return rc;
		} else if (!strcmp(key, "options")) {
			if (v->type == YAML_SCALAR_NODE && scalar_plain(v) && text_is_null((const char *)v->data.scalar.value))
				continue; /* `options:` with nothing: no options */
			if ((rc = want_map(c, v, "options")))
				return rc;
			if ((rc = value_from_node(c, v, &r->options, 0)))
				return rc;
		} else if (!strcmp(key, "doc")) {
			if ((rc = get_string(c, v, "doc", false, &r->doc)))
				return rc;
		} else if (!strcmp(key, "builtin")) {
			if ((rc = get_bool(c, v, "builtin", &builtin)))
				return rc;
		}
	}
	if (builtin && r->plugin)
		return fail_at(c, root, "a rule with `builtin: true` is implemented by the core: remove the `plugin` key");
	const char *missing = !r->id ? "id" : !r->name ? "name" : !r->plugin && !builtin ? "plugin"
	                      : !have_sev ? "severity" : NULL;
	if (missing)
		return fail_at(c, root, "missing required key '%s'%s", missing,
		               !strcmp(missing, "plugin") ? " (or `builtin: true` for a rule the core implements)" : "");
	for (size_t i = 0; i < r->naliases; i++)
		if (!strcmp(r->aliases[i], r->id))
			return fail_at(c, root, "alias '%s' is the rule's own id", r->id);
	if (!r->pattern && !(r->pattern = xstrdup(r->name)))
		return fail_oom(c);
	if (r->doc) {
		if (r->doc[0] == '/') {
			r->doc_path = xstrdup(r->doc);
		} else {
			const char *slash = strrchr(c->file, '/');
			size_t dl = slash ? (size_t)(slash - c->file) : 1;
			size_t n = dl + 1 + strlen(r->doc) + 1;
			r->doc_path = malloc(n);
			if (r->doc_path)
				snprintf(r->doc_path, n, "%.*s/%s", (int)dl, slash ? c->file : ".", r->doc);
		}
		if (!r->doc_path)
			return fail_oom(c);
	}
	/* Unique across everything loaded: ids, aliases and names. */
	const char *keys[2 + 64];
	size_t nk = 0;
	keys[nk++] = r->id;
	keys[nk++] = r->name;
	for (size_t i = 0; i < r->naliases && nk < sizeof(keys) / sizeof(keys[0]); i++)
		keys[nk++] = r->aliases[i];
	for (size_t i = 0; i < nk; i++) {
		const struct rule_config *o = rule_using(set, keys[i]);
		if (o)
			return err_set(c->err, CONFIG_EINVAL, c->file, r->line, r->id_col,
			               "%s '%s' of rule %s is already used by rule %s in %s:%u", i == 0 ? "id" : i == 1 ? "name" : "alias",
			               keys[i], r->id, o->id, o->file, o->line);
	}
	return CONFIG_OK;
}

int config_load_rule_buffer(const char *name, const char *buf, size_t len, struct rule_config_set *out,
                            struct config_error *err)
{
	err_clear(err);
	struct rule_config r;
	memset(&r, 0, sizeof(r));
	r.file = xstrdup(name);
	if (!r.file)
		return err_set(err, CONFIG_ENOMEM, name, 0, 0, "out of memory");
	value_empty_map(&r.options, r.file);
	struct ycx c;
	yaml_node_t *root;
	int rc = ycx_open(&c, name, r.file, buf, len, err, &root);
	if (rc) {
		rule_release(&r);
		return rc;
	}
	rc = parse_rule(&c, root, out, &r);
	ycx_close(&c);
	if (!rc && out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct rule_config *items = realloc(out->items, cap * sizeof(*items));
		if (!items)
			rc = err_set(err, CONFIG_ENOMEM, name, 0, 0, "out of memory");
		else {
			out->items = items;
			out->cap = cap;
		}
	}
	if (rc) {
		rule_release(&r);
		return rc;
	}
	out->items[out->count++] = r;
	return CONFIG_OK;
}

int config_load_rule_file(const char *path, struct rule_config_set *out, struct config_error *err)
{
	err_clear(err);
	char *buf;
	size_t len;
	int rc = read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	rc = config_load_rule_buffer(path, buf, len, out, err);
	free(buf);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_yaml_ext(const char *n)
{
	size_t l = strlen(n);
	return (l > 5 && !strcmp(n + l - 5, ".yaml")) || (l > 4 && !strcmp(n + l - 4, ".yml"));
}

int config_load_rules_dir(const char *dir, struct rule_config_set *out, struct config_error *err)
{
	err_clear(err);
	DIR *d = opendir(dir);
	if (!d)
		return err_set(err, CONFIG_EIO, dir, 0, 0, "cannot open rules directory: %s", strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = CONFIG_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_yaml_ext(e->d_name))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = realloc(names, nc * sizeof(*nn));
			if (!nn) {
				rc = err_set(err, CONFIG_ENOMEM, dir, 0, 0, "out of memory");
				break;
			}
			names = nn;
			cap = nc;
		}
		if (!(names[n] = xstrdup(e->d_name))) {
			rc = err_set(err, CONFIG_ENOMEM, dir, 0, 0, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (!rc && n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; !rc && i < n; i++) {
		char path[4096];
		int w = snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
		                 names[i]);
		if (w < 0 || (size_t)w >= sizeof(path)) {
			rc = err_set(err, CONFIG_EIO, dir, 0, 0, "path too long: %s", names[i]);
			break;
		}
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = config_load_rule_file(path, out, err);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- mrt.yaml -------------------------------------------------------------------------------------------------- */

void project_config_init(struct project_config *p)
{
	memset(p, 0, sizeof(*p));
}

static void data_loss_release(struct config_data_loss *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].revision);
		for (size_t j = 0; j < d[i].ntargets; j++)
			free(d[i].targets[j]);
		free(d[i].targets);
	}
	free(d);
}

void project_config_release(struct project_config *p)
{
	for (size_t i = 0; i < p->nseverity; i++)
		free(p->severity[i].rule.written);
	free(p->severity);
	for (size_t i = 0; i < p->nselect; i++)
		free(p->select[i].written);
	free(p->select);
	for (size_t i = 0; i < p->nignore; i++)
		free(p->ignore[i].written);
	free(p->ignore);
	for (size_t i = 0; i < p->nexclude; i++)
		free(p->exclude[i]);
	free(p->exclude);
	for (size_t i = 0; i < p->nrules; i++) {
		free(p->rules[i].rule.written);
		value_release(&p->rules[i].options);
	}
	free(p->rules);
	for (size_t i = 0; i < p->nsuppress; i++) {
		free(p->suppress[i].rule.written);
		free(p->suppress[i].revision);
		free(p->suppress[i].reason);
	}
	free(p->suppress);
	data_loss_release(p->expect_data_loss, p->nexpect_data_loss);
	data_loss_release(p->allow_data_loss, p->nallow_data_loss);
	struct config_verify *v = &p->verify;
	for (size_t i = 0; i < v->nskip; i++) {
		free(v->skip[i].revision);
		free(v->skip[i].reason);
	}
	free(v->skip);
	free(v->minimum_downgrade_revision);
	for (size_t i = 0; i < v->nseed_rows; i++) {
		for (size_t j = 0; j < v->seed_rows[i].ntables; j++) {
			free(v->seed_rows[i].tables[j].table);
			value_release(&v->seed_rows[i].tables[j].rows);
		}
		free(v->seed_rows[i].tables);
		free(v->seed_rows[i].revision);
	}
	free(v->seed_rows);
	free(p->file);
	project_config_init(p);
}

struct pcx {
	struct ycx y;
	const struct rule_config_set *rules; /* borrowed, may be NULL */
};

/* Fills a rule reference from a scalar node; checks it against the rule set when there is one. */
static int rule_ref(struct pcx *c, const yaml_node_t *n, const char *what, struct config_rule_ref *ref)
{
	int rc = get_string(&c->y, n, what, false, &ref->written);
	if (rc)
		return rc;
	ref->line = (unsigned)n->start_mark.line + 1;
	ref->col = (unsigned)n->start_mark.column + 1;
	if (!c->rules)
		return CONFIG_OK;
	ref->id = rule_config_resolve(c->rules, ref->written);
	if (ref->id)
		return CONFIG_OK;
	/* Suggest the nearest id or name. */
	size_t nc = c->rules->count * 2;
	const char **cands = calloc(nc ? nc : 1, sizeof(*cands));
	if (!cands)
		return fail_oom(&c->y);
	for (size_t i = 0; i < c->rules->count; i++) {
		cands[2 * i] = c->rules->items[i].id;
		cands[2 * i + 1] = c->rules->items[i].name;
	}
	const char *hint = closest(ref->written, cands, nc);
	rc = hint ? fail_at(&c->y, n, "unknown rule '%s' in %s (did you mean '%s'?)", ref->written, what, hint)
	          : fail_at(&c->y, n, "unknown rule '%s' in %s: use a rule id, alias or name from `mrt rules`",
	                    ref->written, what);
	free(cands);
	return rc;
}

/* A list of rule references (select / ignore). */
static int rule_ref_list(struct pcx *c, yaml_node_t *v, const char *what, struct config_rule_ref **out, size_t *n)
{
	int rc = want_list(&c->y, v, what);
	if (rc)
		return rc;
	size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	*out = calloc(cnt ? cnt : 1, sizeof(**out));
	if (!*out)
		return fail_oom(&c->y);
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *it = node_get(&c->y, v->data.sequence.items.start[i], v, &rc);
		if (!it)
			return rc;
		*n = i + 1;
		if ((rc = rule_ref(c, it, what, &(*out)[i])))
			return rc;
	}
	return CONFIG_OK;
}

static bool valid_loss_target(const char *s)
{
	size_t dots = 0;
	if (!*s || *s == '.')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			dots++;
			if (p[1] == '.' || p[1] == '\0')
				return false;
		} else if (*p == ' ' || *p == '\t' || *p == ',' || *p == '\n' || *p == '\r') {
			return false;
		}
	}
	return dots <= 2;
}

static int parse_data_loss(struct pcx *c, yaml_node_t *v, const char *what, struct config_data_loss **out, size_t *n)
{
	int rc = want_map(&c->y, v, what);
	if (rc || (rc = check_map_keys(&c->y, v, NULL, 0, what)))
		return rc;
	size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	*out = calloc(cnt ? cnt : 1, sizeof(**out));
	if (!*out)
		return fail_oom(&c->y);
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_pair_t *p = &v->data.mapping.pairs.start[i];
		struct config_data_loss *d = &(*out)[i];
		*n = i + 1;
		const yaml_node_t *k = pair_key_node(&c->y, p);
		if (!(d->revision = xstrdup(pair_key(&c->y, p))))
			return fail_oom(&c->y);
		d->line = (unsigned)k->start_mark.line + 1;
		d->col = (unsigned)k->start_mark.column + 1;
		yaml_node_t *val = node_get(&c->y, p->value, pair_key_node(&c->y, p), &rc);
		if (!val)
			return rc;
		if (val->type == YAML_SCALAR_NODE) {
			d->targets = calloc(1, sizeof(*d->targets));
			if (!d->targets)
				return fail_oom(&c->y);
			if ((rc = get_string(&c->y, val, what, false, &d->targets[0])))
				return rc;
			d->ntargets = 1;
			if (!valid_loss_target(d->targets[0]))
				return fail_at(&c->y, val, "%s entries must be 'table' or 'table.column', got '%s'", what,
				               d->targets[0]);
			continue;
		}
		if (val->type != YAML_SEQUENCE_NODE)
			return fail_at(&c->y, val, "%s of revision %s must be a list of 'table' or 'table.column'", what,
			               d->revision);
		size_t tc = (size_t)(val->data.sequence.items.top - val->data.sequence.items.start);
		d->targets = calloc(tc ? tc : 1, sizeof(*d->targets));
		if (!d->targets)
			return fail_oom(&c->y);
		for (size_t j = 0; j < tc; j++) {
			yaml_node_t *t = node_get(&c->y, val->data.sequence.items.start[j], val, &rc);
			if (!t)
				return rc;
			if ((rc = get_string(&c->y, t, what, false, &d->targets[j])))
				return rc;
			d->ntargets = j + 1;
			if (!valid_loss_target(d->targets[j]))
				return fail_at(&c->y, t, "%s entries must be 'table' or 'table.column', got '%s'", what,
				               d->targets[j]);
		}
	}
	return CONFIG_OK;
}

static const char *const verify_keys[] = {
	"rows", "seed", "timeout", "skip", "minimum_downgrade_revision", "seed_rows",
};

static int parse_seed_rows(struct pcx *c, yaml_node_t *v, struct config_verify *out)
{
	int rc = want_map(&c->y, v, "verify.seed_rows");
	if (rc || (rc = check_map_keys(&c->y, v, NULL, 0, "verify.seed_rows")))
		return rc;
	size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	out->seed_rows = calloc(cnt ? cnt : 1, sizeof(*out->seed_rows));
	if (!out->seed_rows)
		return fail_oom(&c->y);
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_pair_t *p = &v->data.mapping.pairs.start[i];
		struct config_seed_rev *sr = &out->seed_rows[i];
		out->nseed_rows = i + 1;
		const yaml_node_t *k = pair_key_node(&c->y, p);
		if (!(sr->revision = xstrdup(pair_key(&c->y, p))))
			return fail_oom(&c->y);
		sr->line = (unsigned)k->start_mark.line + 1;
		sr->col = (unsigned)k->start_mark.column + 1;
		yaml_node_t *tabs = node_get(&c->y, p->value, pair_key_node(&c->y, p), &rc);
		if (!tabs)
			return rc;
		if ((rc = want_map(&c->y, tabs, "seed_rows of a revision (table: [rows])")) ||
		    (rc = check_map_keys(&c->y, tabs, NULL, 0, "seed_rows")))
			return rc;
		size_t tc = (size_t)(tabs->data.mapping.pairs.top - tabs->data.mapping.pairs.start);
		sr->tables = calloc(tc ? tc : 1, sizeof(*sr->tables));
		if (!sr->tables)
			return fail_oom(&c->y);
		for (size_t j = 0; j < tc; j++) {
			yaml_node_pair_t *tp = &tabs->data.mapping.pairs.start[j];
			struct config_seed_table *t = &sr->tables[j];
			sr->ntables = j + 1;
			if (!(t->table = xstrdup(pair_key(&c->y, tp))))
				return fail_oom(&c->y);
			yaml_node_t *rows = node_get(&c->y, tp->value, pair_key_node(&c->y, tp), &rc);
			if (!rows)
				return rc;
			if ((rc = want_list(&c->y, rows, "seed rows of a table")))
				return rc;
			if ((rc = value_from_node(&c->y, rows, &t->rows, 0)))
				return rc;
			for (size_t r = 0; r < t->rows.count; r++) {
				const struct config_value *row = &t->rows.items[r];
				if (row->kind != CFG_VAL_MAP)
					return err_set(c->y.err, CONFIG_EINVAL, c->y.file, row->line, row->col,
					               "each seed row must be a mapping of column: value, not %s",
					               config_value_kind_name(row->kind));
			}
		}
	}
	return CONFIG_OK;
}

static int parse_verify(struct pcx *c, yaml_node_t *v, struct config_verify *out)
{
	int rc = want_map(&c->y, v, "verify");
	if (rc || (rc = check_map_keys(&c->y, v, verify_keys, sizeof(verify_keys) / sizeof(verify_keys[0]), "verify")))
		return rc;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		const char *key = pair_key(&c->y, p);
		yaml_node_t *val = node_get(&c->y, p->value, pair_key_node(&c->y, p), &rc);
		if (!val)
			return rc;
		int64_t i64;
		if (!strcmp(key, "rows")) {
			if ((rc = get_int(&c->y, val, "verify.rows", 1, 1000000, &i64)))
				return rc;
			out->rows = (unsigned)i64;
			out->rows_set = true;
		} else if (!strcmp(key, "seed")) {
			if ((rc = get_int(&c->y, val, "verify.seed", 0, INT64_MAX, &i64)))
				return rc;
			out->seed = (uint64_t)i64;
			out->seed_set = true;
		} else if (!strcmp(key, "timeout")) {
			double f = 0;
			const char *s = val->type == YAML_SCALAR_NODE && scalar_plain(val) ? (const char *)val->data.scalar.value
			                                                                    : NULL;
			if (!s || !(text_int(s, &i64) ? (f = (double)i64, true) : text_float(s, &f)) || !(f > 0) ||
			    f > 86400.0 * 7)
				return fail_at(&c->y, val, "verify.timeout must be a number of seconds greater than 0");
			out->timeout = f;
			out->timeout_set = true;
		} else if (!strcmp(key, "skip")) {
			if ((rc = want_map(&c->y, val, "verify.skip (revision: reason)")) ||
			    (rc = check_map_keys(&c->y, val, NULL, 0, "verify.skip")))
				return rc;
			size_t cnt = (size_t)(val->data.mapping.pairs.top - val->data.mapping.pairs.start);
			out->skip = calloc(cnt ? cnt : 1, sizeof(*out->skip));
			if (!out->skip)
				return fail_oom(&c->y);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_pair_t *sp = &val->data.mapping.pairs.start[i];
				struct config_skip *sk = &out->skip[i];
				out->nskip = i + 1;
				const yaml_node_t *k = pair_key_node(&c->y, sp);
				if (!(sk->revision = xstrdup(pair_key(&c->y, sp))))
					return fail_oom(&c->y);
				sk->line = (unsigned)k->start_mark.line + 1;
				sk->col = (unsigned)k->start_mark.column + 1;
				yaml_node_t *r = node_get(&c->y, sp->value, pair_key_node(&c->y, sp), &rc);
				if (!r)
					return rc;
				if ((rc = get_string(&c->y, r, "skip reason", true, &sk->reason)))
					return rc;
			}
		} else if (!strcmp(key, "minimum_downgrade_revision")) {
			if ((rc = get_string(&c->y, val, "verify.minimum_downgrade_revision", false,
			                     &out->minimum_downgrade_revision)))
				return rc;
		} else if (!strcmp(key, "seed_rows")) {
			if ((rc = parse_seed_rows(c, val, out)))
				return rc;
		}
	}
	return CONFIG_OK;
}

static int parse_rules_overrides(struct pcx *c, yaml_node_t *v, struct project_config *p)
{
	static const char *const keys[] = {"enabled", "options"};
	int rc = want_map(&c->y, v, "rules");
	if (rc || (rc = check_map_keys(&c->y, v, NULL, 0, "rules")))
		return rc;
	size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	p->rules = calloc(cnt ? cnt : 1, sizeof(*p->rules));
	if (!p->rules)
		return fail_oom(&c->y);
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_pair_t *pr = &v->data.mapping.pairs.start[i];
		struct config_rule_override *o = &p->rules[i];
		p->nrules = i + 1;
		value_empty_map(&o->options, p->file);
		if ((rc = rule_ref(c, pair_key_node(&c->y, pr), "rules", &o->rule)))
			return rc;
		for (size_t j = 0; o->rule.id && j < i; j++)
			if (p->rules[j].rule.id && !strcmp(p->rules[j].rule.id, o->rule.id))
				return fail_at(&c->y, pair_key_node(&c->y, pr), "rule %s configured twice in rules (also at line %u)",
				               o->rule.id, p->rules[j].rule.line);
		yaml_node_t *body = node_get(&c->y, pr->value, pair_key_node(&c->y, pr), &rc);
		if (!body)
			return rc;
		if ((rc = want_map(&c->y, body, "a rule's settings (enabled, options)")) ||
		    (rc = check_map_keys(&c->y, body, keys, 2, "a rule's settings")))
			return rc;
		for (yaml_node_pair_t *q = body->data.mapping.pairs.start; q < body->data.mapping.pairs.top; q++) {
			yaml_node_t *val = node_get(&c->y, q->value, pair_key_node(&c->y, q), &rc);
			if (!val)
				return rc;
			if (!strcmp(pair_key(&c->y, q), "enabled")) {
				if ((rc = get_bool(&c->y, val, "enabled", &o->enabled)))
					return rc;
				o->enabled_set = true;
			} else {
				if ((rc = want_map(&c->y, val, "options")) || (rc = value_from_node(&c->y, val, &o->options, 0)))
					return rc;
			}
		}
	}
	return CONFIG_OK;
}

static int parse_suppress(struct pcx *c, yaml_node_t *v, struct project_config *p)
{
	static const char *const keys[] = {"rule", "revision", "reason"};
	int rc = want_list(&c->y, v, "suppress");
	if (rc)
		return rc;
	size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	p->suppress = calloc(cnt ? cnt : 1, sizeof(*p->suppress));
	if (!p->suppress)
		return fail_oom(&c->y);
	for (size_t i = 0; i < cnt; i++) {
		struct config_suppress *s = &p->suppress[i];
		p->nsuppress = i + 1;
		yaml_node_t *it = node_get(&c->y, v->data.sequence.items.start[i], v, &rc);
		if (!it)
			return rc;
		s->line = (unsigned)it->start_mark.line + 1;
		s->col = (unsigned)it->start_mark.column + 1;
		if ((rc = want_map(&c->y, it, "a suppress entry ({rule, revision, reason})")) ||
		    (rc = check_map_keys(&c->y, it, keys, 3, "a suppress entry")))
			return rc;
		for (yaml_node_pair_t *q = it->data.mapping.pairs.start; q < it->data.mapping.pairs.top; q++) {
			const char *key = pair_key(&c->y, q);
			yaml_node_t *val = node_get(&c->y, q->value, pair_key_node(&c->y, q), &rc);
			if (!val)
				return rc;
			if (!strcmp(key, "rule"))
				rc = rule_ref(c, val, "suppress", &s->rule);
			else if (!strcmp(key, "revision"))
				rc = get_string(&c->y, val, "revision", false, &s->revision);
			else
				rc = get_string(&c->y, val, "reason", false, &s->reason);
			if (rc)
				return rc;
		}
		const char *missing = !s->rule.written ? "rule" : !s->revision ? "revision" : !s->reason ? "reason" : NULL;
		if (missing)
			return fail_at(&c->y, it, "suppress entry is missing '%s' (every entry needs rule, revision and "
			               "reason)", missing);
	}
	return CONFIG_OK;
}

static const char *const project_keys[] = {
	"severity", "select", "ignore", "exclude", "dialect", "rules", "suppress", "expect_data_loss", "allow_data_loss",
	"verify",
};

static int parse_project(struct pcx *c, yaml_node_t *root, struct project_config *p)
{
	int rc;
	if (!root)
		return CONFIG_OK;
	if (root->type == YAML_SCALAR_NODE && scalar_plain(root) && text_is_null((const char *)root->data.scalar.value))
		return CONFIG_OK;
	if ((rc = want_map(&c->y, root, "the configuration file")))
		return rc;
	if ((rc = check_map_keys(&c->y, root, project_keys, sizeof(project_keys) / sizeof(project_keys[0]),
	                         "the configuration file")))
		return rc;
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		const char *key = pair_key(&c->y, pr);
		yaml_node_t *v = node_get(&c->y, pr->value, pair_key_node(&c->y, pr), &rc);
		if (!v)
			return rc;
		if (!strcmp(key, "severity")) {
			if ((rc = want_map(&c->y, v, "severity (rule: error|warning|info|off)")) ||
			    (rc = check_map_keys(&c->y, v, NULL, 0, "severity")))
				return rc;
			size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
			p->severity = calloc(cnt ? cnt : 1, sizeof(*p->severity));
			if (!p->severity)
				return fail_oom(&c->y);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_pair_t *q = &v->data.mapping.pairs.start[i];
				struct config_severity *s = &p->severity[i];
				p->nseverity = i + 1;
				if ((rc = rule_ref(c, pair_key_node(&c->y, q), "severity", &s->rule)))
					return rc;
				for (size_t j = 0; s->rule.id && j < i; j++)
					if (p->severity[j].rule.id && !strcmp(p->severity[j].rule.id, s->rule.id))
						return fail_at(&c->y, pair_key_node(&c->y, q),
						               "severity of %s set twice ('%s' at line %u and '%s')", s->rule.id,
						               p->severity[j].rule.written, p->severity[j].rule.line, s->rule.written);
				yaml_node_t *val = node_get(&c->y, q->value, pair_key_node(&c->y, q), &rc);
				const char *t = NULL;
				if (!val)
					return rc;
				if (val->type != YAML_SCALAR_NODE)
					return fail_at(&c->y, val, "severity must be one of error, warning, info, off");
				if ((rc = scalar_text(&c->y, val, "severity", &t)))
					return rc;
				if (!strcmp(t, "off"))
					s->off = true;
				else if (severity_parse(t, &s->severity))
					return fail_at(&c->y, val, "severity must be one of error, warning, info, off");
			}
		} else if (!strcmp(key, "select")) {
			p->select_set = true;
			if ((rc = rule_ref_list(c, v, "select", &p->select, &p->nselect)))
				return rc;
		} else if (!strcmp(key, "ignore")) {
			if ((rc = rule_ref_list(c, v, "ignore", &p->ignore, &p->nignore)))
				return rc;
		} else if (!strcmp(key, "exclude")) {
			if ((rc = want_list(&c->y, v, "exclude")))
				return rc;
			size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
			p->exclude = calloc(cnt ? cnt : 1, sizeof(*p->exclude));
			if (!p->exclude)
				return fail_oom(&c->y);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_t *it = node_get(&c->y, v->data.sequence.items.start[i], v, &rc);
				if (!it)
					return rc;
				if ((rc = get_string(&c->y, it, "exclude pattern", false, &p->exclude[i])))
					return rc;
				p->nexclude = i + 1;
			}
		} else if (!strcmp(key, "dialect")) {
			const char *s = NULL;
			if ((rc = scalar_text(&c->y, v, "dialect", &s)))
				return rc;
			if (!(p->dialect = config_dialect_parse(s)))
				return fail_at(&c->y, v, "dialect must be one of postgresql, sqlite, mysql, got '%s'", s);
		} else if (!strcmp(key, "rules")) {
			if ((rc = parse_rules_overrides(c, v, p)))
				return rc;
		} else if (!strcmp(key, "suppress")) {
			if ((rc = parse_suppress(c, v, p)))
				return rc;
		} else if (!strcmp(key, "expect_data_loss")) {
			if ((rc = parse_data_loss(c, v, "expect_data_loss", &p->expect_data_loss, &p->nexpect_data_loss)))
				return rc;
		} else if (!strcmp(key, "allow_data_loss")) {
			if ((rc = parse_data_loss(c, v, "allow_data_loss", &p->allow_data_loss, &p->nallow_data_loss)))
				return rc;
		} else if (!strcmp(key, "verify")) {
			if ((rc = parse_verify(c, v, &p->verify)))
				return rc;
		}
	}
	return CONFIG_OK;
}

int config_load_project_buffer(const char *name, const char *buf, size_t len, const struct rule_config_set *rules,
                               struct project_config *out, struct config_error *err)
{
	err_clear(err);
	project_config_init(out);
	out->file = xstrdup(name);
	if (!out->file)
		return err_set(err, CONFIG_ENOMEM, name, 0, 0, "out of memory");
	struct pcx c;
	yaml_node_t *root;
	c.rules = rules;
	int rc = ycx_open(&c.y, name, out->file, buf, len, err, &root);
	if (rc) {
		project_config_release(out);
		return rc;
	}
	rc = parse_project(&c, root, out);
	ycx_close(&c.y);
	if (rc)
		project_config_release(out);
	return rc;
}

int config_load_project(const char *path, const struct rule_config_set *rules, struct project_config *out,
                        struct config_error *err)
{
	err_clear(err);
	project_config_init(out);
	char *buf;
	size_t len;
	int rc = read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	rc = config_load_project_buffer(path, buf, len, rules, out, err);
	free(buf);
	return rc;
}

bool project_config_excluded(const struct project_config *p, const char *path)
{
	for (size_t i = 0; i < p->nexclude; i++) {
		const char *pat = p->exclude[i];
		if (fnmatch(pat, path, 0) == 0)
			return true;
		for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/'))
			if (s[1] && fnmatch(pat, s + 1, 0) == 0)
				return true;
	}
	return false;
}

void project_config_effective(const struct project_config *p, const char *id, bool *enabled, enum severity *sev)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].rule.id && strcmp(p->rules[i].rule.id, id) == 0 && p->rules[i].enabled_set)
			*enabled = p->rules[i].enabled;
	for (size_t i = 0; i < p->nseverity; i++) {
		if (!p->severity[i].rule.id || strcmp(p->severity[i].rule.id, id) != 0)
			continue;
		if (p->severity[i].off)
			*enabled = false;
		else
			*sev = p->severity[i].severity;
	}
}

size_t rule_config_aliases_text(const struct rule_config *r, char *buf, size_t size)
{
	size_t n = 0;
	if (size)
		buf[0] = '\0';
	for (size_t k = 0; k < r->naliases; k++) {
		int w = snprintf(buf + n, size - n, "%s%s", k ? "," : "", r->aliases[k]);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
	return n;
}
