/* hostapi.c — see hostapi.h: the host function table, instance options and report/log plumbing. */
#include "hostapi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#ifndef MRT_VERSION
#define MRT_VERSION "0.0.0"
#endif

/* The SDK mirrors a few core enums by value: keep them in lockstep. */
_Static_assert((int)MRT_VAL_BINOP == (int)VAL_BINOP, "mrt_value_kind out of sync with model.h");
_Static_assert((int)MRT_VAL_DICT == (int)VAL_DICT, "mrt_value_kind out of sync with model.h");
_Static_assert((int)MRT_FN_HELPER == (int)FN_HELPER, "mrt_func_role out of sync with model.h");
_Static_assert((int)MRT_BODY_RAISES == (int)BODY_RAISES, "mrt_body_kind out of sync with model.h");
_Static_assert((int)MRT_SQL_V_MERGE == (int)SQL_V_MERGE, "mrt_sql_verb out of sync with sql.h");
_Static_assert((int)MRT_SQL_V_CALL == (int)SQL_V_CALL, "mrt_sql_verb out of sync with sql.h");
_Static_assert((int)MRT_SQL_O_DOMAIN == (int)SQL_O_DOMAIN, "mrt_sql_object out of sync with sql.h");
_Static_assert((int)MRT_SQL_A_RENAME == (int)SQL_A_RENAME, "mrt_sql_action out of sync with sql.h");
_Static_assert((int)MRT_SQL_A_OTHER == (int)SQL_A_OTHER, "mrt_sql_action out of sync with sql.h");
_Static_assert((int)MRT_SEV_ERROR == (int)SEV_ERROR && (int)MRT_SEV_INFO == (int)SEV_INFO,
               "mrt_severity out of sync with finding.h");

/* ---- logging ------------------------------------------------------------------------------------------------------ */

static FILE *log_stream;                          /* NULL: stderr */
static enum mrt_log_level log_min = MRT_LOG_WARN;

void hostapi_set_log(FILE *stream, enum mrt_log_level min_level)
{
	log_stream = stream;
	log_min = min_level;
}

static const char *level_name(enum mrt_log_level level)
{
	switch (level) {
	case MRT_LOG_DEBUG: return "debug";
	case MRT_LOG_INFO: return "info";
	case MRT_LOG_WARN: return "warning";
	case MRT_LOG_ERROR: return "error";
	}
	return "log";
}

static void log_line(const char *kind, const char *plugin, const char *instance, enum mrt_log_level level,
                     const char *fmt, va_list ap) MRT_PRINTF(5, 0);
static void log_line(const char *kind, const char *plugin, const char *instance, enum mrt_log_level level,
                     const char *fmt, va_list ap)
{
	if (level < log_min || !fmt)
		return;
	char msg[1024];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		snprintf(msg, sizeof(msg), "(unprintable log message)");
	FILE *out = log_stream ? log_stream : stderr;
	if (plugin)
		fprintf(out, "[%s:%s:%s] %s: %s\n", kind ? kind : "plugin", plugin, instance ? instance : plugin,
		        level_name(level), msg);
	else
		fprintf(out, "[plugin] %s: %s\n", level_name(level), msg);
}

static void h_vlog(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, va_list ap) MRT_PRINTF(3, 0);
static void h_vlog(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, va_list ap)
{
	if (ctx)
		log_line(ctx->kind_name, ctx->plugin_name, ctx->rule_id, level, fmt, ap);
	else
		log_line(NULL, NULL, NULL, level, fmt, ap);
}

static void h_log(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, ...) MRT_PRINTF(3, 4);
static void h_log(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h_vlog(ctx, level, fmt, ap);
	va_end(ap);
}

static void h_log_instance(const mrt_options *opts, enum mrt_log_level level, const char *fmt, ...) MRT_PRINTF(3, 4);
static void h_log_instance(const mrt_options *opts, enum mrt_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (opts)
		log_line(opts->kind_name, opts->plugin_name, opts->instance_id, level, fmt, ap);
	else
		log_line(NULL, NULL, NULL, level, fmt, ap);
	va_end(ap);
}

/* ---- memory ------------------------------------------------------------------------------------------------------- */

static void *h_alloc(size_t n)
{
	return calloc(1, n ? n : 1);
}

static void h_free(void *p)
{
	free(p);
}

static char *h_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

/* ---- findings ----------------------------------------------------------------------------------------------------- */

void hostapi_ctx_init(struct mrt_ctx *ctx, const char *kind_name, const char *plugin_name, const char *rule_id,
                      enum severity severity, struct findings *out)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->kind_name = kind_name;
	ctx->plugin_name = plugin_name;
	ctx->rule_id = rule_id;
	ctx->severity = severity;
	ctx->out = out;
	ctx->status = MRT_OK;
}

/* The rule metadata interned in ctx->out, once per list and plugin instance. NULL on out-of-memory. */
static const struct hostapi_meta *ctx_meta(mrt_ctx *ctx)
{
	struct hostapi_meta *mm = ctx->meta ? ctx->meta : &ctx->own_meta;
	struct findings *out = ctx->out;
	if (mm->list == out->id)
		return mm;
	const char *pattern = ctx->pattern ? ctx->pattern : ctx->plugin_name;
	mm->rule = findings_intern(out, ctx->rule_id);
	mm->aliases = findings_intern(out, ctx->aliases);
	mm->pattern = findings_intern(out, pattern);
	mm->name = findings_intern(out, ctx->plugin_name);
	if ((ctx->rule_id && !mm->rule) || (ctx->aliases && !mm->aliases) || (pattern && !mm->pattern) ||
	    (ctx->plugin_name && !mm->name))
		return NULL;
	mm->list = out->id;
	return mm;
}

/* The interned path or revision s: the migration's own string (`own`, fixed during the call) is interned once into
 * *cache, any other each time. */
static const char *intern_model_str(mrt_ctx *ctx, const char *s, const char *own, const char **cache)
{
	if (!s || s != own)
		return findings_intern(ctx->out, s);
	if (!*cache)
		*cache = findings_intern(ctx->out, s);
	return *cache;
}

/* Plugins pass the same static hint for most findings; a buffer reused with other text is caught by the compare. */
static const char *intern_hint(mrt_ctx *ctx, const char *hint)
{
	if (hint == ctx->hint_src && ctx->i_hint && strcmp(hint, ctx->i_hint) == 0)
		return ctx->i_hint;
	ctx->hint_src = hint;
	ctx->i_hint = findings_intern(ctx->out, hint);
	return ctx->i_hint;
}

#define FORMAT_PLAIN_NO (-2)

/*
 * vsnprintf() for the formats findings mostly use — text, %s, %u and %% only — without the general engine (about half
 * of the cost of a report on a big history). Returns what vsnprintf() would (the full length; buf holds the cut,
 * NUL-terminated text), or FORMAT_PLAIN_NO for any other conversion or a message that does not fit, before writing
 * anything that matters: the caller then runs vsnprintf() on a fresh copy of the arguments.
 */
static int format_plain(char *buf, size_t size, const char *fmt, va_list ap) MRT_PRINTF(3, 0);
static int format_plain(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;
	for (const char *p = fmt; *p;) {
		const char *pct = strchr(p, '%');
		size_t run = pct ? (size_t)(pct - p) : strlen(p);
		const char *piece = p;
		if (!run) {
			char c = pct[1];
			if (c == 's') {
				piece = va_arg(ap, const char *);
				if (!piece)
					piece = "(null)"; /* what glibc prints */
				run = strlen(piece);
			} else if (c == 'u') {
				char digits[16];
				size_t i = sizeof(digits);
				unsigned v = va_arg(ap, unsigned);
				do {
					digits[--i] = (char)('0' + v % 10);
					v /= 10;
				} while (v);
				if (size - n <= sizeof(digits) - i)
					return FORMAT_PLAIN_NO;
				memcpy(buf + n, digits + i, sizeof(digits) - i);
				n += sizeof(digits) - i;
				p = pct + 2;
				continue;
			} else if (c == '%') {
				run = 1;
			} else {
				return FORMAT_PLAIN_NO;
			}
			p = pct + 2;
		} else {
			p += run;
		}
		if (size - n <= run)
			return FORMAT_PLAIN_NO;
		memcpy(buf + n, piece, run);
		n += run;
	}
	buf[n] = '\0';
	return (int)n;
}

static int do_report(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                     unsigned col, const char *hint, const char *fmt, va_list ap) MRT_PRINTF(8, 0);
static int do_report(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                     unsigned col, const char *hint, const char *fmt, va_list ap)
{
	if (!ctx || !fmt || !ctx->out)
		return MRT_EINVAL;
	/* one formatting pass into a stack buffer; only a message longer than it is formatted again on the heap */
	char small[1024];
	char *msg = small;
	va_list ap2;
	va_copy(ap2, ap);
	int n = format_plain(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n == FORMAT_PLAIN_NO) {
		va_copy(ap2, ap);
		n = vsnprintf(small, sizeof(small), fmt, ap2);
		va_end(ap2);
	}
	if (n < 0)
		return MRT_EINVAL;
	if ((size_t)n >= sizeof(small)) {
		msg = malloc((size_t)n + 1);
		if (!msg) {
			ctx->status = MRT_ENOMEM;
			return MRT_ENOMEM;
		}
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	}
	enum severity s = ctx->severity;
	if (sev >= MRT_SEV_INFO && sev <= MRT_SEV_ERROR)
		s = (enum severity)sev;
	struct finding *f = NULL;
	const char *ipath = intern_model_str(ctx, path, ctx->m ? ctx->m->path : NULL, &ctx->i_path);
	const char *irev = intern_model_str(ctx, revision, ctx->m ? ctx->m->revision : NULL, &ctx->i_revision);
	const struct hostapi_meta *mm = ctx_meta(ctx);
	if (mm && (!path || ipath) && (!revision || irev))
		f = findings_push(ctx->out, mm->rule, s, ipath, irev, line, col, msg);
	if (msg != small)
		free(msg);
	if (!f || (hint && !(f->hint = intern_hint(ctx, hint)))) {
		ctx->status = MRT_ENOMEM;
		return MRT_ENOMEM; /* a half-filled finding is still valid: optional fields are NULL */
	}
	f->aliases = mm->aliases;
	f->pattern = mm->pattern;
	f->name = mm->name;
	ctx->nreports++;
	return MRT_OK;
}

static int h_vreport(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                     const char *fmt, va_list ap) MRT_PRINTF(6, 0);
static int h_vreport(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                     const char *fmt, va_list ap)
{
	const struct migration *m = ctx ? ctx->m : NULL;
	return do_report(ctx, m ? m->path : NULL, m ? m->revision : NULL, sev, line, col, hint, fmt, ap);
}

static int h_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                    const char *fmt, ...) MRT_PRINTF(6, 7);
static int h_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = h_vreport(ctx, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int h_report_in(mrt_ctx *ctx, const mrt_migration *mh, enum mrt_severity sev, unsigned line, unsigned col,
                       const char *hint, const char *fmt, ...) MRT_PRINTF(7, 8);
static int h_report_in(mrt_ctx *ctx, const mrt_migration *mh, enum mrt_severity sev, unsigned line, unsigned col,
                       const char *hint, const char *fmt, ...)
{
	const struct migration *m = (const struct migration *)(const void *)mh;
	va_list ap;
	va_start(ap, fmt);
	int rc = do_report(ctx, m ? m->path : NULL, m ? m->revision : NULL, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int h_report_at(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                       unsigned col, const char *hint, const char *fmt, ...) MRT_PRINTF(8, 9);
static int h_report_at(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                       unsigned col, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = do_report(ctx, path, revision, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *h_dialect(mrt_ctx *ctx)
{
	return ctx ? ctx->dialect : NULL;
}

static const char *h_rule_id(mrt_ctx *ctx)
{
	return ctx ? ctx->rule_id : NULL;
}

/* ---- options ------------------------------------------------------------------------------------------------------ */

static const char *type_name(enum mrt_opt_type t)
{
	switch (t) {
	case MRT_OPT_BOOL: return "bool";
	case MRT_OPT_INT: return "int";
	case MRT_OPT_STRING: return "string";
	case MRT_OPT_STRLIST: return "string list";
	case MRT_OPT_SEVERITY: return "severity";
	case MRT_OPT_NONE: break;
	}
	return "?";
}

static void value_free(struct options_value *v)
{
	free(v->s);
	v->s = NULL;
	for (size_t i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->nitems = 0;
}

static int parse_bool_text(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int parse_int_text(const char *s, int64_t *out)
{
	if (!*s)
		return -1;
	errno = 0;
	char *end = NULL;
	long long x = strtoll(s, &end, 0);
	if (errno || !end || *end)
		return -1;
	*out = (int64_t)x;
	return 0;
}

static bool in_range(const struct mrt_option_spec *sp, int64_t x)
{
	if (sp->min == 0 && sp->max == 0)
		return true;
	return x >= sp->min && x <= sp->max;
}

/* Appends a copy of s[0..n) to v's list. 0 or -1 (out of memory). */
static int list_push(struct options_value *v, const char *s, size_t n)
{
	char **items = realloc(v->items, (v->nitems + 1) * sizeof(*items));
	if (!items)
		return -1;
	v->items = items;
	char *c = malloc(n + 1);
	if (!c)
		return -1;
	memcpy(c, s, n);
	c[n] = '\0';
	v->items[v->nitems++] = c;
	return 0;
}

/* Parses a default written as text into v. 0, -1 (bad text: message in why) or -2 (out of memory). */
static int parse_default(const struct mrt_option_spec *sp, struct options_value *v, const char **why)
{
	const char *d = sp->def;
	if (!d)
		return 0;
	switch (sp->type) {
	case MRT_OPT_BOOL:
		if (parse_bool_text(d, &v->b)) {
			*why = "is not true or false";
			return -1;
		}
		break;
	case MRT_OPT_INT:
		if (parse_int_text(d, &v->i)) {
			*why = "is not an integer";
			return -1;
		}
		if (!in_range(sp, v->i)) {
			*why = "is out of [min, max]";
			return -1;
		}
		break;
	case MRT_OPT_STRING:
		if (!(v->s = h_strdup(d)))
			return -2;
		break;
	case MRT_OPT_STRLIST: {
		const char *p = d;
		while (*p) {
			const char *comma = strchr(p, ',');
			const char *e = comma ? comma : p + strlen(p);
			const char *a = p;
			while (a < e && (*a == ' ' || *a == '\t'))
				a++;
			const char *b = e;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			if (b > a && list_push(v, a, (size_t)(b - a)))
				return -2;
			if (!comma)
				break;
			p = comma + 1;
		}
		break;
	}
	case MRT_OPT_SEVERITY: {
		enum severity s;
		if (severity_parse(d, &s)) {
			*why = "is not info, warning or error";
			return -1;
		}
		v->sev = (int)s;
		break;
	}
	case MRT_OPT_NONE:
		*why = "has no type";
		return -1;
	}
	v->has_value = true;
	return 0;
}

int options_check_specs(const struct mrt_option_spec *specs, char *err, size_t errlen)
{
	if (!specs)
		return MRT_OK;
	for (size_t i = 0; specs[i].name; i++) {
		const struct mrt_option_spec *sp = &specs[i];
		if (!*sp->name) {
			snprintf(err, errlen, "option table: entry %zu has an empty name", i);
			return MRT_EPLUGIN;
		}
		if (sp->type < MRT_OPT_BOOL || sp->type > MRT_OPT_SEVERITY) {
			snprintf(err, errlen, "option table: option '%s' has invalid type %d", sp->name, (int)sp->type);
			return MRT_EPLUGIN;
		}
		if (sp->min > sp->max) {
			snprintf(err, errlen, "option table: option '%s' has min %lld > max %lld", sp->name,
			         (long long)sp->min, (long long)sp->max);
			return MRT_EPLUGIN;
		}
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(specs[j].name, sp->name)) {
				snprintf(err, errlen, "option table: option '%s' is declared twice", sp->name);
				return MRT_EPLUGIN;
			}
		}
		struct options_value v = {.spec = sp};
		const char *why = "";
		int rc = parse_default(sp, &v, &why);
		value_free(&v);
		if (rc == -2) {
			snprintf(err, errlen, "out of memory");
			return MRT_ENOMEM;
		}
		if (rc) {
			snprintf(err, errlen, "option table: default '%s' of %s option '%s' %s", sp->def, type_name(sp->type),
			         sp->name, why);
			return MRT_EPLUGIN;
		}
	}
	return MRT_OK;
}

void options_destroy(struct mrt_options *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->count; i++)
		value_free(&o->values[i]);
	free(o->values);
	free(o->plugin_name);
	free(o->instance_id);
	free(o);
}

const struct options_value *options_get(const struct mrt_options *o, const char *name)
{
	if (!o || !name)
		return NULL;
	for (size_t i = 0; i < o->count; i++)
		if (!strcmp(o->values[i].spec->name, name))
			return &o->values[i];
	return NULL;
}

/* "file:line:col: " prefix of a config value's position, into buf. */
static const char *where(const char *file, unsigned line, unsigned col, char *buf, size_t n)
{
	if (!file || !*file) {
		buf[0] = '\0';
		return buf;
	}
	if (line)
		snprintf(buf, n, "%s:%u:%u: ", file, line, col);
	else
		snprintf(buf, n, "%s: ", file);
	return buf;
}

static bool is_scalar(const struct config_value *v)
{
	return v->kind == CFG_VAL_BOOL || v->kind == CFG_VAL_INT || v->kind == CFG_VAL_FLOAT || v->kind == CFG_VAL_STR;
}

/* Sets one option from a YAML value. MRT_OK, MRT_ECONFIG (err filled) or MRT_ENOMEM. */
static int set_from_yaml(struct mrt_options *o, struct options_value *slot, const struct config_value *v, char *err,
                         size_t errlen)
{
	const struct mrt_option_spec *sp = slot->spec;
	char pos[600];
	where(v->file, v->line, v->col, pos, sizeof(pos));
	const char *got = config_value_kind_name(v->kind);
	value_free(slot);
	switch (sp->type) {
	case MRT_OPT_BOOL:
		if (v->kind != CFG_VAL_BOOL)
			goto mistyped;
		slot->b = v->b;
		break;
	case MRT_OPT_INT:
		if (v->kind != CFG_VAL_INT)
			goto mistyped;
		if (!in_range(sp, v->i)) {
			snprintf(err, errlen, "%soption '%s' of %s %s (%s): %lld is out of range [%lld, %lld]", pos, sp->name,
			         o->kind_name, o->instance_id, o->plugin_name, (long long)v->i, (long long)sp->min,
			         (long long)sp->max);
			return MRT_ECONFIG;
		}
		slot->i = v->i;
		break;
	case MRT_OPT_STRING:
		if (!is_scalar(v) || !v->text)
			goto mistyped;
		if (!(slot->s = h_strdup(v->text)))
			return MRT_ENOMEM;
		break;
	case MRT_OPT_STRLIST:
		if (is_scalar(v) && v->text) {
			if (list_push(slot, v->text, strlen(v->text)))
				return MRT_ENOMEM;
		} else if (v->kind == CFG_VAL_LIST) {
			for (size_t i = 0; i < v->count; i++) {
				const struct config_value *it = &v->items[i];
				if (!is_scalar(it) || !it->text) {
					where(it->file, it->line, it->col, pos, sizeof(pos));
					snprintf(err, errlen, "%soption '%s' of %s %s (%s): list items must be scalars, got %s", pos,
					         sp->name, o->kind_name, o->instance_id, o->plugin_name,
					         config_value_kind_name(it->kind));
					return MRT_ECONFIG;
				}
				if (list_push(slot, it->text, strlen(it->text)))
					return MRT_ENOMEM;
			}
		} else {
			goto mistyped;
		}
		break;
	case MRT_OPT_SEVERITY: {
		enum severity s;
		if (v->kind != CFG_VAL_STR || !v->text)
			goto mistyped;
		if (severity_parse(v->text, &s)) {
			snprintf(err, errlen, "%soption '%s' of %s %s (%s): '%s' is not a severity (info, warning, error)", pos,
			         sp->name, o->kind_name, o->instance_id, o->plugin_name, v->text);
			return MRT_ECONFIG;
		}
		slot->sev = (int)s;
		break;
	}
	case MRT_OPT_NONE:
		goto mistyped;
	}
	slot->set = true;
	slot->has_value = true;
	return MRT_OK;
mistyped:
	snprintf(err, errlen, "%soption '%s' of %s %s (%s): expected %s, got %s", pos, sp->name, o->kind_name,
	         o->instance_id, o->plugin_name, type_name(sp->type), got);
	return MRT_ECONFIG;
}

static void known_list(const struct mrt_options *o, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < o->count && used + 1 < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", o->values[i].spec->name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

int options_create(const struct mrt_option_spec *specs, const char *kind_name, const char *plugin_name,
                   const char *instance_id, const struct config_value *const *maps, size_t nmaps,
                   struct mrt_options **out, char *err, size_t errlen)
{
	*out = NULL;
	struct mrt_options *o = calloc(1, sizeof(*o));
	if (!o)
		goto oom;
	o->kind_name = kind_name ? kind_name : "plugin";
	o->plugin_name = h_strdup(plugin_name ? plugin_name : "?");
	o->instance_id = h_strdup(instance_id ? instance_id : (plugin_name ? plugin_name : "?"));
	if (!o->plugin_name || !o->instance_id)
		goto oom;
	size_t n = 0;
	while (specs && specs[n].name)
		n++;
	if (n) {
		o->values = calloc(n, sizeof(*o->values));
		if (!o->values)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		o->values[i].spec = &specs[i];
		o->count++;
		const char *why = "";
		int rc = parse_default(&specs[i], &o->values[i], &why);
		if (rc == -2)
			goto oom;
		if (rc) {
			snprintf(err, errlen, "plugin %s: option table: default '%s' of option '%s' %s", o->plugin_name,
			         specs[i].def, specs[i].name, why);
			options_destroy(o);
			return MRT_EPLUGIN;
		}
	}
	for (size_t m = 0; m < nmaps; m++) {
		const struct config_value *map = maps[m];
		if (!map || map->kind == CFG_VAL_NULL)
			continue;
		char pos[600];
		if (map->kind != CFG_VAL_MAP) {
			snprintf(err, errlen, "%soptions of %s %s (%s) must be a mapping, got %s",
			         where(map->file, map->line, map->col, pos, sizeof(pos)), o->kind_name, o->instance_id,
			         o->plugin_name, config_value_kind_name(map->kind));
			options_destroy(o);
			return MRT_ECONFIG;
		}
		for (size_t e = 0; e < map->count; e++) {
			const struct config_entry *ent = &map->entries[e];
			struct options_value *slot = (struct options_value *)options_get(o, ent->key);
			if (!slot) {
				char known[300];
				known_list(o, known, sizeof(known));
				snprintf(err, errlen, "%sunknown option '%s' for %s %s (%s)%s%s%s",
				         where(map->file, ent->line, ent->col, pos, sizeof(pos)), ent->key, o->kind_name,
				         o->instance_id, o->plugin_name, o->count ? " (known: " : ": it takes no options",
				         known, o->count ? ")" : "");
				options_destroy(o);
				return MRT_ECONFIG;
			}
			int rc = set_from_yaml(o, slot, &ent->value, err, errlen);
			if (rc == MRT_ENOMEM)
				goto oom;
			if (rc) {
				options_destroy(o);
				return rc;
			}
		}
	}
	for (size_t i = 0; i < o->count; i++) {
		if (o->values[i].spec->required && !o->values[i].set) {
			const struct config_value *last = nmaps ? maps[0] : NULL;
			char pos[600];
			snprintf(err, errlen, "%soption '%s' of %s %s (%s) is required",
			         where(last ? last->file : NULL, last ? last->line : 0, last ? last->col : 0, pos, sizeof(pos)),
			         o->values[i].spec->name, o->kind_name, o->instance_id, o->plugin_name);
			options_destroy(o);
			return MRT_ECONFIG;
		}
	}
	*out = o;
	return MRT_OK;
oom:
	options_destroy(o);
	snprintf(err, errlen, "out of memory");
	return MRT_ENOMEM;
}

static const struct options_value *typed(const mrt_options *o, const char *name, enum mrt_opt_type t)
{
	const struct options_value *v = options_get(o, name);
	if (!v) {
		h_log_instance(o, MRT_LOG_WARN, "asked for option '%s', which its options table does not declare",
		               name ? name : "(null)");
		return NULL;
	}
	if (v->spec->type != t) {
		h_log_instance(o, MRT_LOG_WARN, "option '%s' is a %s, read as a %s", name, type_name(v->spec->type),
		               type_name(t));
		return NULL;
	}
	return v;
}

static const char *h_opt_instance_id(const mrt_options *o)
{
	return o ? o->instance_id : NULL;
}

static bool h_opt_is_set(const mrt_options *o, const char *name)
{
	const struct options_value *v = options_get(o, name);
	return v && v->set;
}

static bool h_opt_bool(const mrt_options *o, const char *name)
{
	const struct options_value *v = typed(o, name, MRT_OPT_BOOL);
	return v && v->has_value && v->b;
}

static int64_t h_opt_int(const mrt_options *o, const char *name)
{
	const struct options_value *v = typed(o, name, MRT_OPT_INT);
	return v && v->has_value ? v->i : 0;
}

static const char *h_opt_string(const mrt_options *o, const char *name)
{
	const struct options_value *v = typed(o, name, MRT_OPT_STRING);
	return v ? v->s : NULL;
}

static size_t h_opt_list_count(const mrt_options *o, const char *name)
{
	const struct options_value *v = typed(o, name, MRT_OPT_STRLIST);
	return v ? v->nitems : 0;
}

static const char *h_opt_list_item(const mrt_options *o, const char *name, size_t i)
{
	const struct options_value *v = typed(o, name, MRT_OPT_STRLIST);
	return v && i < v->nitems ? v->items[i] : NULL;
}

static enum mrt_severity h_opt_severity(const mrt_options *o, const char *name)
{
	const struct options_value *v = typed(o, name, MRT_OPT_SEVERITY);
	return v && v->has_value ? (enum mrt_severity)v->sev : MRT_SEV_DEFAULT;
}

/* ---- model accessors ---------------------------------------------------------------------------------------------- */

#define M(h) ((const struct migration *)(const void *)(h))
#define F(h) ((const struct func *)(const void *)(h))
#define O(h) ((const struct op *)(const void *)(h))
#define V(h) ((const struct value *)(const void *)(h))
#define S(h) ((const struct sql_stmt *)(const void *)(h))
#define I(h) ((const struct import *)(const void *)(h))
#define R(h) ((const struct raise_info *)(const void *)(h))
#define C(h) ((const struct comment_ref *)(const void *)(h))

static const char *h_migration_path(const mrt_migration *m) { return m ? M(m)->path : NULL; }
static const char *h_migration_revision(const mrt_migration *m) { return m ? M(m)->revision : NULL; }
static unsigned h_migration_revision_line(const mrt_migration *m) { return m ? M(m)->revision_line : 0; }
static size_t h_migration_down_revision_count(const mrt_migration *m) { return m ? M(m)->down_revisions.count : 0; }

static const char *strlist_at(const struct strlist *l, size_t i)
{
	return i < l->count ? l->items[i] : NULL;
}

static const char *h_migration_down_revision(const mrt_migration *m, size_t i)
{
	return m ? strlist_at(&M(m)->down_revisions, i) : NULL;
}
static bool h_migration_down_revision_set(const mrt_migration *m) { return m && M(m)->down_revision_set; }
static unsigned h_migration_down_revision_line(const mrt_migration *m) { return m ? M(m)->down_revision_line : 0; }
static size_t h_migration_branch_label_count(const mrt_migration *m) { return m ? M(m)->branch_labels.count : 0; }
static const char *h_migration_branch_label(const mrt_migration *m, size_t i)
{
	return m ? strlist_at(&M(m)->branch_labels, i) : NULL;
}
static size_t h_migration_depends_on_count(const mrt_migration *m) { return m ? M(m)->depends_on.count : 0; }
static const char *h_migration_depends_on(const mrt_migration *m, size_t i)
{
	return m ? strlist_at(&M(m)->depends_on, i) : NULL;
}
static const char *h_migration_message(const mrt_migration *m) { return m ? M(m)->message : NULL; }
static const char *h_migration_op_alias(const mrt_migration *m) { return m ? M(m)->op_alias : NULL; }
static unsigned h_migration_line_count(const mrt_migration *m) { return m ? M(m)->nlines : 0; }
static size_t h_migration_error_count(const mrt_migration *m) { return m ? M(m)->nerrors : 0; }

static const char *h_migration_error(const mrt_migration *m, size_t i, unsigned *line, unsigned *col)
{
	if (line)
		*line = 0;
	if (col)
		*col = 0;
	if (!m || i >= M(m)->nerrors)
		return NULL;
	const struct syntax_error *e = &M(m)->errors[i];
	if (line)
		*line = e->line;
	if (col)
		*col = e->col;
	return e->message;
}

static size_t h_migration_import_count(const mrt_migration *m) { return m ? M(m)->nimports : 0; }
static const mrt_import *h_migration_import(const mrt_migration *m, size_t i)
{
	return m && i < M(m)->nimports ? (const mrt_import *)(const void *)&M(m)->imports[i] : NULL;
}
static const char *h_import_module(const mrt_import *x) { return x ? I(x)->module : NULL; }
static const char *h_import_name(const mrt_import *x) { return x ? I(x)->name : NULL; }
static const char *h_import_alias(const mrt_import *x) { return x ? I(x)->alias : NULL; }
static unsigned h_import_line(const mrt_import *x) { return x ? I(x)->line : 0; }

static size_t h_migration_func_count(const mrt_migration *m) { return m ? M(m)->nfuncs : 0; }
static const mrt_func *h_migration_func(const mrt_migration *m, size_t i)
{
	return m && i < M(m)->nfuncs ? HOSTAPI_FUNC(&M(m)->funcs[i]) : NULL;
}
static const mrt_func *h_migration_func_by_name(const mrt_migration *m, const char *name)
{
	if (!m || !name)
		return NULL;
	for (size_t i = 0; i < M(m)->nfuncs; i++)
		if (M(m)->funcs[i].name && M(m)->funcs[i].name[0] == name[0] && !strcmp(M(m)->funcs[i].name, name))
			return HOSTAPI_FUNC(&M(m)->funcs[i]);
	return NULL;
}
static const mrt_func *h_migration_upgrade(const mrt_migration *m) { return h_migration_func_by_name(m, "upgrade"); }
static const mrt_func *h_migration_downgrade(const mrt_migration *m)
{
	return h_migration_func_by_name(m, "downgrade");
}
static const char *h_func_name(const mrt_func *f) { return f ? F(f)->name : NULL; }
static enum mrt_func_role h_func_role(const mrt_func *f) { return f ? (enum mrt_func_role)F(f)->role : MRT_FN_HELPER; }
static enum mrt_body_kind h_func_body(const mrt_func *f) { return f ? (enum mrt_body_kind)F(f)->body : MRT_BODY_NORMAL; }
static unsigned h_func_line(const mrt_func *f) { return f ? F(f)->line : 0; }
static unsigned h_func_end_line(const mrt_func *f) { return f ? F(f)->end_line : 0; }
static const char *h_func_docstring(const mrt_func *f) { return f ? F(f)->docstring : NULL; }
static size_t h_func_op_count(const mrt_func *f) { return f ? F(f)->nops : 0; }
static const mrt_op *h_func_op(const mrt_func *f, size_t i)
{
	return f && i < F(f)->nops ? HOSTAPI_OP(&F(f)->ops[i]) : NULL;
}
static size_t h_func_raise_count(const mrt_func *f) { return f ? F(f)->nraises : 0; }
static const mrt_raise *h_func_raise(const mrt_func *f, size_t i)
{
	return f && i < F(f)->nraises ? (const mrt_raise *)(const void *)&F(f)->raises[i] : NULL;
}
static const char *h_raise_exception(const mrt_raise *r) { return r ? R(r)->exc : NULL; }
static const char *h_raise_message(const mrt_raise *r) { return r ? R(r)->message : NULL; }
static unsigned h_raise_line(const mrt_raise *r) { return r ? R(r)->line : 0; }
static unsigned h_raise_col(const mrt_raise *r) { return r ? R(r)->col : 0; }
static bool h_raise_conditional(const mrt_raise *r) { return r && R(r)->conditional; }

static const char *h_op_name(const mrt_op *o) { return o ? O(o)->name : NULL; }
static const char *h_op_receiver(const mrt_op *o) { return o ? O(o)->receiver : NULL; }
static const char *h_op_table(const mrt_op *o) { return o ? O(o)->table : NULL; }
static const char *h_op_schema(const mrt_op *o) { return o ? O(o)->schema : NULL; }
static unsigned h_op_line(const mrt_op *o) { return o ? O(o)->line : 0; }
static unsigned h_op_col(const mrt_op *o) { return o ? O(o)->col : 0; }
static unsigned h_op_end_line(const mrt_op *o) { return o ? O(o)->end_line : 0; }

static uint32_t h_op_flags(const mrt_op *oh)
{
	if (!oh)
		return 0;
	const struct op *o = O(oh);
	uint32_t f = 0;
	if (o->batch)
		f |= MRT_OP_BATCH;
	if (o->via_bind)
		f |= MRT_OP_VIA_BIND;
	if (o->conditional)
		f |= MRT_OP_CONDITIONAL;
	if (o->in_autocommit)
		f |= MRT_OP_IN_AUTOCOMMIT;
	if (o->sql_opaque)
		f |= MRT_OP_SQL_OPAQUE;
	if (o->sql.unterminated)
		f |= MRT_OP_SQL_UNTERMINATED;
	if (o->sql_expr)
		f |= MRT_OP_SQL_EXPR;
	if (o->sql_expr && o->sql_expr_where)
		f |= MRT_OP_SQL_EXPR_WHERE;
	return f;
}

static const char *h_op_sql_expr_verb(const mrt_op *o) { return o && O(o)->sql_expr ? O(o)->sql_expr_verb : NULL; }
static const char *h_op_helper(const mrt_op *o) { return o ? O(o)->helper : NULL; }
static unsigned h_op_call_line(const mrt_op *o) { return o ? O(o)->call_line : 0; }
static size_t h_op_arg_count(const mrt_op *o) { return o ? O(o)->nargs : 0; }
static const char *h_op_arg_name(const mrt_op *o, size_t i) { return o && i < O(o)->nargs ? O(o)->args[i].name : NULL; }
static const mrt_value *h_op_arg_value(const mrt_op *o, size_t i)
{
	return o && i < O(o)->nargs ? HOSTAPI_VALUE(O(o)->args[i].value) : NULL;
}

/* Keyword argument by name, else the position-th positional argument (position < 0: keyword only). */
static const struct value *find_arg(const struct arg *args, size_t nargs, const char *keyword, int position)
{
	if (keyword) {
		for (size_t i = 0; i < nargs; i++)
			if (args[i].name && args[i].name[0] == keyword[0] && !strcmp(args[i].name, keyword))
				return args[i].value;
	}
	if (position < 0)
		return NULL;
	size_t want = (size_t)position, seen = 0;
	for (size_t i = 0; i < nargs; i++) {
		if (args[i].name)
			continue;
		if (seen++ == want)
			return args[i].value;
	}
	return NULL;
}

static const mrt_value *h_op_arg(const mrt_op *o, const char *keyword, int position)
{
	return o ? HOSTAPI_VALUE(find_arg(O(o)->args, O(o)->nargs, keyword, position)) : NULL;
}
static const char *h_op_sql_text(const mrt_op *o) { return o ? O(o)->sql_text : NULL; }
static size_t h_op_sql_count(const mrt_op *o) { return o ? O(o)->sql.count : 0; }
static const mrt_sql *h_op_sql(const mrt_op *o, size_t i)
{
	return o && i < O(o)->sql.count ? HOSTAPI_SQL(&O(o)->sql.items[i]) : NULL;
}

static enum mrt_value_kind h_value_kind(const mrt_value *v) { return v ? (enum mrt_value_kind)V(v)->kind : MRT_VAL_OTHER; }
static const char *h_value_text(const mrt_value *v, size_t *len)
{
	if (len)
		*len = v && V(v)->text ? V(v)->len : 0;
	return v ? V(v)->text : NULL;
}
static int64_t h_value_int(const mrt_value *v)
{
	return v && (V(v)->kind == VAL_INT || V(v)->kind == VAL_BOOL) ? V(v)->i : 0;
}
static double h_value_float(const mrt_value *v)
{
	if (!v)
		return 0.0;
	if (V(v)->kind == VAL_FLOAT)
		return V(v)->f;
	if (V(v)->kind == VAL_INT)
		return (double)V(v)->i;
	return 0.0;
}
static bool h_value_bool(const mrt_value *v) { return v && V(v)->kind == VAL_BOOL && V(v)->i != 0; }
static bool h_value_dynamic(const mrt_value *v) { return v && V(v)->dynamic; }
static unsigned h_value_line(const mrt_value *v) { return v ? V(v)->line : 0; }
static unsigned h_value_col(const mrt_value *v) { return v ? V(v)->col : 0; }
static size_t h_value_item_count(const mrt_value *v) { return v ? V(v)->nargs : 0; }
static const mrt_value *h_value_item(const mrt_value *v, size_t i)
{
	return v && i < V(v)->nargs ? HOSTAPI_VALUE(V(v)->args[i].value) : NULL;
}
static const char *h_value_item_name(const mrt_value *v, size_t i)
{
	return v && V(v)->kind == VAL_CALL && i < V(v)->nargs ? V(v)->args[i].name : NULL;
}
static const mrt_value *h_value_item_key(const mrt_value *v, size_t i)
{
	return v && V(v)->kind == VAL_DICT && i < V(v)->nargs ? HOSTAPI_VALUE(V(v)->args[i].key) : NULL;
}
static const mrt_value *h_value_call_arg(const mrt_value *v, const char *keyword, int position)
{
	if (!v || V(v)->kind != VAL_CALL)
		return NULL;
	return HOSTAPI_VALUE(find_arg(V(v)->args, V(v)->nargs, keyword, position));
}
static const mrt_value *h_value_dict_get(const mrt_value *v, const char *key)
{
	if (!v || !key || V(v)->kind != VAL_DICT)
		return NULL;
	for (size_t i = 0; i < V(v)->nargs; i++) {
		const struct value *k = V(v)->args[i].key;
		if (k && k->kind == VAL_STR && !k->dynamic && k->text && !strcmp(k->text, key))
			return HOSTAPI_VALUE(V(v)->args[i].value);
	}
	return NULL;
}

static enum mrt_sql_verb h_sql_verb(const mrt_sql *s) { return s ? (enum mrt_sql_verb)S(s)->verb : MRT_SQL_V_OTHER; }
static enum mrt_sql_object h_sql_object(const mrt_sql *s) { return s ? (enum mrt_sql_object)S(s)->object : MRT_SQL_O_NONE; }
static enum mrt_sql_action h_sql_action(const mrt_sql *s) { return s ? (enum mrt_sql_action)S(s)->action : MRT_SQL_A_NONE; }

static uint32_t h_sql_flags(const mrt_sql *sh)
{
	if (!sh)
		return 0;
	const struct sql_stmt *s = S(sh);
	uint32_t f = 0;
	f |= s->has_where ? MRT_SQL_HAS_WHERE : 0u;
	f |= s->cascade ? MRT_SQL_CASCADE : 0u;
	f |= s->concurrently ? MRT_SQL_CONCURRENTLY : 0u;
	f |= s->not_valid ? MRT_SQL_NOT_VALID : 0u;
	f |= s->if_exists ? MRT_SQL_IF_EXISTS : 0u;
	f |= s->unique ? MRT_SQL_UNIQUE : 0u;
	f |= s->insert_select ? MRT_SQL_INSERT_SELECT : 0u;
	f |= s->on_delete_cascade ? MRT_SQL_ON_DELETE_CASCADE : 0u;
	f |= s->not_null ? MRT_SQL_NOT_NULL : 0u;
	f |= s->has_default ? MRT_SQL_HAS_DEFAULT : 0u;
	f |= s->calls_setval ? MRT_SQL_CALLS_SETVAL : 0u;
	f |= s->temporary ? MRT_SQL_TEMPORARY : 0u;
	f |= s->or_replace ? MRT_SQL_OR_REPLACE : 0u;
	f |= s->full ? MRT_SQL_FULL : 0u;
	f |= s->is_enum ? MRT_SQL_IS_ENUM : 0u;
	f |= s->has_using ? MRT_SQL_HAS_USING : 0u;
	f |= s->local ? MRT_SQL_LOCAL : 0u;
	return f;
}

static const char *h_sql_text(const mrt_sql *s, size_t *len)
{
	if (len)
		*len = s && S(s)->text ? S(s)->len : 0;
	return s ? S(s)->text : NULL;
}
static unsigned h_sql_line(const mrt_sql *s) { return s ? S(s)->line : 0; }
static const char *h_sql_table(const mrt_sql *s) { return s ? S(s)->table : NULL; }
static const char *h_sql_column(const mrt_sql *s) { return s ? S(s)->column : NULL; }
static const char *h_sql_name(const mrt_sql *s) { return s ? S(s)->name : NULL; }
static const char *h_sql_new_name(const mrt_sql *s) { return s ? S(s)->new_name : NULL; }
static const char *h_sql_constraint_kind(const mrt_sql *s) { return s ? S(s)->constraint_kind : NULL; }
static const char *h_sql_col_type(const mrt_sql *s) { return s ? S(s)->col_type : NULL; }
static const char *h_sql_value(const mrt_sql *s) { return s ? S(s)->value : NULL; }
static unsigned h_sql_extra_actions(const mrt_sql *s) { return s ? S(s)->extra_actions : 0; }
static unsigned h_sql_extra_names(const mrt_sql *s) { return s ? S(s)->extra_names : 0; }

static size_t h_migration_comment_count(const mrt_migration *m) { return m ? M(m)->ncomments : 0; }
static const mrt_comment *h_migration_comment(const mrt_migration *m, size_t i)
{
	return m && i < M(m)->ncomments ? (const mrt_comment *)(const void *)&M(m)->comments[i] : NULL;
}
static const char *h_comment_text(const mrt_comment *c) { return c ? C(c)->text : NULL; }
static unsigned h_comment_line(const mrt_comment *c) { return c ? C(c)->line : 0; }
static unsigned h_comment_col(const mrt_comment *c) { return c ? C(c)->col : 0; }
static bool h_comment_own_line(const mrt_comment *c) { return c && C(c)->own_line; }

/* ---- created_in_revision ------------------------------------------------------------------------------------------ */

/* The table name without schema prefix and surrounding quotes: [*start, *start + *len). */
static void bare_name(const char *s, const char **start, size_t *len)
{
	const char *dot = strrchr(s, '.');
	const char *b = dot ? dot + 1 : s;
	size_t n = strlen(b);
	if (n >= 2 && (b[0] == '"' || b[0] == '`' || b[0] == '[') &&
	    (b[n - 1] == '"' || b[n - 1] == '`' || b[n - 1] == ']')) {
		b++;
		n -= 2;
	}
	*start = b;
	*len = n;
}

static bool same_table(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	const char *pa, *pb;
	size_t na, nb;
	bare_name(a, &pa, &na);
	bare_name(b, &pb, &nb);
	return na == nb && na > 0 && strncasecmp(pa, pb, na) == 0;
}

static bool op_creates(const struct op *o, const char *table)
{
	if (o->name && o->name[0] == 'c' && !strcmp(o->name, "create_table")) {
		const char *t = o->table;
		if (!t) {
			const struct value *v = find_arg(o->args, o->nargs, "table_name", 0);
			t = v && v->kind == VAL_STR && !v->dynamic ? v->text : NULL; /* dynamic: holds a NUL */
		}
		if (same_table(t, table))
			return true;
	}
	for (size_t i = 0; i < o->sql.count; i++) {
		const struct sql_stmt *s = &o->sql.items[i];
		if (s->verb == SQL_V_CREATE && s->object == SQL_O_TABLE && same_table(s->table, table))
			return true;
	}
	return false;
}

static bool h_created_in_revision(const mrt_migration *mh, const char *table, const mrt_op *before)
{
	if (!mh || !table)
		return false;
	const struct migration *m = M(mh);
	uintptr_t b = (uintptr_t)(const void *)before;
	for (size_t fi = 0; fi < m->nfuncs; fi++) {
		const struct func *f = &m->funcs[fi];
		if (f->role != FN_UPGRADE)
			continue;
		size_t limit = f->nops;
		if (before) {
			uintptr_t lo = (uintptr_t)(const void *)f->ops, hi = (uintptr_t)(const void *)(f->ops + f->nops);
			if (!f->nops || b < lo || b >= hi)
				continue; /* only the function holding `before` counts */
			limit = (size_t)((b - lo) / sizeof(struct op));
		}
		for (size_t i = 0; i < limit; i++)
			if (op_creates(&f->ops[i], table))
				return true;
	}
	return false;
}

/* ---- graph -------------------------------------------------------------------------------------------------------- */

#define G(h) ((const struct hostapi_graph *)(const void *)(h))

static size_t node_of(const mrt_graph *gh, size_t i)
{
	const struct graph *g = gh ? G(gh)->g : NULL;
	if (!g || i >= g->norder)
		return GRAPH_NONE;
	return g->order[i];
}

static size_t pos_of(const struct graph *g, size_t node)
{
	return node < g->nnodes ? g->nodes[node].order_pos : MRT_NO_INDEX;
}

static size_t h_graph_count(const mrt_graph *gh) { return gh && G(gh)->g ? G(gh)->g->norder : 0; }
static const char *h_graph_revision(const mrt_graph *gh, size_t i)
{
	size_t n = node_of(gh, i);
	return n == GRAPH_NONE ? NULL : G(gh)->g->nodes[n].revision;
}
static const char *h_graph_path(const mrt_graph *gh, size_t i)
{
	size_t n = node_of(gh, i);
	return n == GRAPH_NONE ? NULL : G(gh)->g->nodes[n].path;
}
static const mrt_migration *h_graph_migration(const mrt_graph *gh, size_t i)
{
	size_t n = node_of(gh, i);
	if (n == GRAPH_NONE || !G(gh)->migs || n >= G(gh)->nmigs)
		return NULL;
	return HOSTAPI_MIGRATION(G(gh)->migs[n]);
}
static size_t h_graph_find(const mrt_graph *gh, const char *revision)
{
	const struct graph *g = gh ? G(gh)->g : NULL;
	if (!g || !revision)
		return MRT_NO_INDEX;
	size_t n = graph_find(g, revision); /* hash lookup: graph rules call this once per record */
	return n == GRAPH_NONE ? MRT_NO_INDEX : pos_of(g, n);
}
static size_t h_graph_parent_count(const mrt_graph *gh, size_t i)
{
	size_t n = node_of(gh, i);
	return n == GRAPH_NONE ? 0 : G(gh)->g->nodes[n].nparents;
}
static size_t h_graph_parent(const mrt_graph *gh, size_t i, size_t k)
{
	size_t n = node_of(gh, i);
	if (n == GRAPH_NONE || k >= G(gh)->g->nodes[n].nparents)
		return MRT_NO_INDEX;
	return pos_of(G(gh)->g, G(gh)->g->nodes[n].parents[k]);
}
static size_t h_graph_child_count(const mrt_graph *gh, size_t i)
{
	size_t n = node_of(gh, i);
	return n == GRAPH_NONE ? 0 : G(gh)->g->nodes[n].nchildren;
}
static size_t h_graph_child(const mrt_graph *gh, size_t i, size_t k)
{
	size_t n = node_of(gh, i);
	if (n == GRAPH_NONE || k >= G(gh)->g->nodes[n].nchildren)
		return MRT_NO_INDEX;
	return pos_of(G(gh)->g, G(gh)->g->nodes[n].children[k]);
}
static size_t h_graph_head_count(const mrt_graph *gh) { return gh && G(gh)->g ? G(gh)->g->nheads : 0; }
static size_t h_graph_head(const mrt_graph *gh, size_t k)
{
	if (!gh || !G(gh)->g || k >= G(gh)->g->nheads)
		return MRT_NO_INDEX;
	return pos_of(G(gh)->g, G(gh)->g->heads[k]);
}
static size_t h_graph_problem_count(const mrt_graph *gh) { return gh && G(gh)->g ? G(gh)->g->nproblems : 0; }

static const struct graph_problem *problem(const mrt_graph *gh, size_t k)
{
	return gh && G(gh)->g && k < G(gh)->g->nproblems ? &G(gh)->g->problems[k] : NULL;
}

static enum mrt_graph_problem_kind h_graph_problem_kind(const mrt_graph *gh, size_t k)
{
	const struct graph_problem *p = problem(gh, k);
	if (!p)
		return MRT_GP_OTHER;
	switch (p->kind) {
	case GRAPH_MULTIPLE_HEADS: return MRT_GP_MULTIPLE_HEADS;
	case GRAPH_DANGLING_PARENT: return MRT_GP_MISSING_PARENT;
	case GRAPH_DANGLING_DEPENDS_ON: return MRT_GP_MISSING_PARENT;
	case GRAPH_DUPLICATE_ID: return MRT_GP_DUPLICATE;
	case GRAPH_CYCLE: return MRT_GP_CYCLE;
	case GRAPH_MISSING_REVISION_ID: return MRT_GP_NO_REVISION;
	case GRAPH_DUPLICATE_LABEL: return MRT_GP_DUPLICATE_LABEL;
	}
	return MRT_GP_OTHER;
}
static const char *h_graph_problem_message(const mrt_graph *gh, size_t k)
{
	const struct graph_problem *p = problem(gh, k);
	return p ? p->message : NULL;
}
static const char *h_graph_problem_path(const mrt_graph *gh, size_t k)
{
	const struct graph_problem *p = problem(gh, k);
	return p ? p->path : NULL;
}
static unsigned h_graph_problem_line(const mrt_graph *gh, size_t k)
{
	const struct graph_problem *p = problem(gh, k);
	return p ? p->line : 0;
}
static const char *h_graph_problem_revision(const mrt_graph *gh, size_t k)
{
	const struct graph_problem *p = problem(gh, k);
	return p ? p->revision : NULL;
}

/* ---- the table ---------------------------------------------------------------------------------------------------- */

static const struct mrt_host_api host_table = {
	.struct_size = (uint32_t)sizeof(struct mrt_host_api),
	.abi_major = MRT_ABI_MAJOR,
	.abi_minor = MRT_ABI_MINOR,
	.core_version = MRT_VERSION,
	.alloc = h_alloc,
	.free = h_free,
	.strdup = h_strdup,
	.log = h_log,
	.vlog = h_vlog,
	.log_instance = h_log_instance,
	.report = h_report,
	.vreport = h_vreport,
	.report_in = h_report_in,
	.report_at = h_report_at,
	.dialect = h_dialect,
	.rule_id = h_rule_id,
	.opt_instance_id = h_opt_instance_id,
	.opt_is_set = h_opt_is_set,
	.opt_bool = h_opt_bool,
	.opt_int = h_opt_int,
	.opt_string = h_opt_string,
	.opt_list_count = h_opt_list_count,
	.opt_list_item = h_opt_list_item,
	.opt_severity = h_opt_severity,
	.migration_path = h_migration_path,
	.migration_revision = h_migration_revision,
	.migration_revision_line = h_migration_revision_line,
	.migration_down_revision_count = h_migration_down_revision_count,
	.migration_down_revision = h_migration_down_revision,
	.migration_down_revision_set = h_migration_down_revision_set,
	.migration_down_revision_line = h_migration_down_revision_line,
	.migration_branch_label_count = h_migration_branch_label_count,
	.migration_branch_label = h_migration_branch_label,
	.migration_depends_on_count = h_migration_depends_on_count,
	.migration_depends_on = h_migration_depends_on,
	.migration_message = h_migration_message,
	.migration_op_alias = h_migration_op_alias,
	.migration_line_count = h_migration_line_count,
	.migration_error_count = h_migration_error_count,
	.migration_error = h_migration_error,
	.migration_import_count = h_migration_import_count,
	.migration_import = h_migration_import,
	.import_module = h_import_module,
	.import_name = h_import_name,
	.import_alias = h_import_alias,
	.import_line = h_import_line,
	.migration_func_count = h_migration_func_count,
	.migration_func = h_migration_func,
	.migration_func_by_name = h_migration_func_by_name,
	.migration_upgrade = h_migration_upgrade,
	.migration_downgrade = h_migration_downgrade,
	.func_name = h_func_name,
	.func_role = h_func_role,
	.func_body = h_func_body,
	.func_line = h_func_line,
	.func_end_line = h_func_end_line,
	.func_docstring = h_func_docstring,
	.func_op_count = h_func_op_count,
	.func_op = h_func_op,
	.func_raise_count = h_func_raise_count,
	.func_raise = h_func_raise,
	.raise_exception = h_raise_exception,
	.raise_message = h_raise_message,
	.raise_line = h_raise_line,
	.raise_col = h_raise_col,
	.raise_conditional = h_raise_conditional,
	.op_name = h_op_name,
	.op_receiver = h_op_receiver,
	.op_table = h_op_table,
	.op_schema = h_op_schema,
	.op_line = h_op_line,
	.op_col = h_op_col,
	.op_end_line = h_op_end_line,
	.op_flags = h_op_flags,
	.op_helper = h_op_helper,
	.op_call_line = h_op_call_line,
	.op_arg_count = h_op_arg_count,
	.op_arg_name = h_op_arg_name,
	.op_arg_value = h_op_arg_value,
	.op_arg = h_op_arg,
	.op_sql_text = h_op_sql_text,
	.op_sql_count = h_op_sql_count,
	.op_sql = h_op_sql,
	.value_kind = h_value_kind,
	.value_text = h_value_text,
	.value_int = h_value_int,
	.value_float = h_value_float,
	.value_bool = h_value_bool,
	.value_dynamic = h_value_dynamic,
	.value_line = h_value_line,
	.value_col = h_value_col,
	.value_item_count = h_value_item_count,
	.value_item = h_value_item,
	.value_item_name = h_value_item_name,
	.value_item_key = h_value_item_key,
	.value_call_arg = h_value_call_arg,
	.value_dict_get = h_value_dict_get,
	.sql_verb = h_sql_verb,
	.sql_object = h_sql_object,
	.sql_action = h_sql_action,
	.sql_flags = h_sql_flags,
	.sql_text = h_sql_text,
	.sql_line = h_sql_line,
	.sql_table = h_sql_table,
	.sql_column = h_sql_column,
	.sql_name = h_sql_name,
	.sql_new_name = h_sql_new_name,
	.sql_constraint_kind = h_sql_constraint_kind,
	.sql_col_type = h_sql_col_type,
	.sql_value = h_sql_value,
	.sql_extra_actions = h_sql_extra_actions,
	.sql_extra_names = h_sql_extra_names,
	.migration_comment_count = h_migration_comment_count,
	.migration_comment = h_migration_comment,
	.comment_text = h_comment_text,
	.comment_line = h_comment_line,
	.comment_col = h_comment_col,
	.comment_own_line = h_comment_own_line,
	.created_in_revision = h_created_in_revision,
	.graph_count = h_graph_count,
	.graph_revision = h_graph_revision,
	.graph_path = h_graph_path,
	.graph_migration = h_graph_migration,
	.graph_find = h_graph_find,
	.graph_parent_count = h_graph_parent_count,
	.graph_parent = h_graph_parent,
	.graph_child_count = h_graph_child_count,
	.graph_child = h_graph_child,
	.graph_head_count = h_graph_head_count,
	.graph_head = h_graph_head,
	.graph_problem_count = h_graph_problem_count,
	.graph_problem_kind = h_graph_problem_kind,
	.graph_problem_message = h_graph_problem_message,
	.graph_problem_path = h_graph_problem_path,
	.graph_problem_line = h_graph_problem_line,
	.graph_problem_revision = h_graph_problem_revision,
	.op_sql_expr_verb = h_op_sql_expr_verb,
};

const struct mrt_host_api *hostapi_table(void)
{
	return &host_table;
}
