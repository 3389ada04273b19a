/* discover.c — see discover.h. */
#include "discover.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISCOVER_MAX_INI_BYTES (16u * 1024u * 1024u)
#define DISCOVER_MAX_INTERP_DEPTH 10

/* ---- small helpers ------------------------------------------------------------------------------------------- */

static void discover_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void discover_errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Returns a malloc'd copy of s[0..n) (caller owns), or NULL. */
static char *discover_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *discover_strdup(const char *s)
{
	return discover_strndup(s, strlen(s));
}

/* growable byte buffer; p is owned by the buffer (malloc'd) */
struct dbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void dbuf_put(struct dbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void dbuf_puts(struct dbuf *b, const char *s)
{
	dbuf_put(b, s, strlen(s));
}

/* Hands the buffer's string to the caller (malloc'd; "" when empty), or NULL on out-of-memory (buffer freed). */
static char *dbuf_take(struct dbuf *b)
{
	if (!b->oom && !b->p)
		dbuf_put(b, "", 0);
	if (b->oom) {
		free(b->p);
		b->p = NULL;
		return NULL;
	}
	char *p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* growable array of owned strings */
struct strvec {
	char **v; /* owned, each element owned */
	size_t n, cap;
};

/* Takes ownership of s (freed on failure). Returns 0 or -1 on out-of-memory. */
static int strvec_push(struct strvec *sv, char *s)
{
	if (!s)
		return -1;
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **v = realloc(sv->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -1;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	return 0;
}

static void strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static bool discover_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Trims [*s, *e) in place (pointers move). */
static void discover_trim(const char **s, const char **e)
{
	while (*s < *e && discover_is_space(**s))
		(*s)++;
	while (*e > *s && discover_is_space((*e)[-1]))
		(*e)--;
}

static bool discover_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* ---- paths --------------------------------------------------------------------------------------------------- */

/*
 * Lexical normalisation like Python's os.path.normpath: collapses "//", "/./" and "x/..", keeps leading ".." of a
 * relative path, "" becomes ".". Returns a malloc'd string (caller owns) or NULL.
 */
static char *discover_normpath(const char *path)
{
	size_t n = strlen(path);
	bool abs = n > 0 && path[0] == '/';
	/* component start offsets kept on a stack of (start, len) pairs into path */
	size_t *st = malloc((n / 2 + 2) * sizeof(*st) * 2);
	if (!st)
		return NULL;
	size_t depth = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && path[i] == '/')
			i++;
		size_t s = i;
		while (i < n && path[i] != '/')
			i++;
		size_t len = i - s;
		if (len == 0 || (len == 1 && path[s] == '.'))
			continue;
		if (len == 2 && path[s] == '.' && path[s + 1] == '.') {
			if (depth > 0 && !(st[2 * (depth - 1) + 1] == 2 && path[st[2 * (depth - 1)]] == '.' &&
			                   path[st[2 * (depth - 1)] + 1] == '.')) {
				depth--;
				continue;
			}
			if (abs)
				continue; /* "/.." is "/" */
		}
		st[2 * depth] = s;
		st[2 * depth + 1] = len;
		depth++;
	}
	struct dbuf b = {0};
	if (abs)
		dbuf_put(&b, "/", 1);
	for (size_t k = 0; k < depth; k++) {
		if (k)
			dbuf_put(&b, "/", 1);
		dbuf_put(&b, path + st[2 * k], st[2 * k + 1]);
	}
	if (!abs && depth == 0)
		dbuf_put(&b, ".", 1);
	free(st);
	return dbuf_take(&b);
}

/* dir joined with rel (rel returned as is when absolute), normalised. malloc'd or NULL. */
static char *discover_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
		return discover_normpath(rel);
	struct dbuf b = {0};
	dbuf_puts(&b, dir);
	dbuf_put(&b, "/", 1);
	dbuf_puts(&b, rel);
	char *joined = dbuf_take(&b);
	if (!joined)
		return NULL;
	char *norm = discover_normpath(joined);
	free(joined);
	return norm;
}

/* Directory part of path ("." when none), malloc'd or NULL. */
static char *discover_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return discover_strdup(".");
	if (slash == path)
		return discover_strdup("/");
	return discover_strndup(path, (size_t)(slash - path));
}

/* Absolute, normalised directory of path (os.path.abspath(os.path.dirname(path))). malloc'd or NULL. */
static char *discover_abs_dirname(const char *path)
{
	char *dir = discover_dirname(path);
	if (!dir)
		return NULL;
	if (dir[0] == '/') {
		char *n = discover_normpath(dir);
		free(dir);
		return n;
	}
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd))) {
		/* without a working directory, fall back to the relative one */
		char *n = discover_normpath(dir);
		free(dir);
		return n;
	}
	struct dbuf b = {0};
	dbuf_puts(&b, cwd);
	dbuf_put(&b, "/", 1);
	dbuf_puts(&b, dir);
	free(dir);
	char *joined = dbuf_take(&b);
	if (!joined)
		return NULL;
	char *n = discover_normpath(joined);
	free(joined);
	return n;
}

static bool discover_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- INI reading (configparser semantics) ---------------------------------------------------------------------- */

struct ini_entry {
	char *section; /* owned */
	char *key;     /* owned, lower-cased */
	char *value;   /* owned, continuation lines joined by '\n', trailing whitespace stripped */
	unsigned line; /* line of the key */
};

struct ini_section {
	char *name; /* owned */
	unsigned line;
};

struct ini {
	const char *path;           /* borrowed: the ini path for messages */
	char *here;                 /* owned: absolute directory of the ini */
	struct ini_entry *entries;  /* owned */
	size_t nentries, cap;
	struct ini_section *sects;  /* owned */
	size_t nsects, scap;
};

static void ini_free(struct ini *ini)
{
	for (size_t i = 0; i < ini->nentries; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
	}
	free(ini->entries);
	for (size_t i = 0; i < ini->nsects; i++)
		free(ini->sects[i].name);
	free(ini->sects);
	free(ini->here);
	memset(ini, 0, sizeof(*ini));
}

static const struct ini_section *ini_find_section(const struct ini *ini, const char *name)
{
	for (size_t i = 0; i < ini->nsects; i++)
		if (strcmp(ini->sects[i].name, name) == 0)
			return &ini->sects[i];
	return NULL;
}

/* Own entry of [section] (no DEFAULT fallback), or NULL. */
static struct ini_entry *ini_find_own(const struct ini *ini, const char *section, const char *key)
{
	for (size_t i = 0; i < ini->nentries; i++)
		if (strcmp(ini->entries[i].section, section) == 0 && strcmp(ini->entries[i].key, key) == 0)
			return &ini->entries[i];
	return NULL;
}

/* Entry of [section], else of [DEFAULT] (configparser lookup), or NULL. */
static const struct ini_entry *ini_get(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_entry *e = ini_find_own(ini, section, key);
	if (!e)
		e = ini_find_own(ini, "DEFAULT", key);
	return e;
}

/* Reads the whole file into a malloc'd NUL-terminated buffer. */
static int discover_read_file(const char *path, char **out, size_t *outlen, char *err, size_t errlen)
{
	*out = NULL;
	*outlen = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		discover_errf(err, errlen, "cannot open %s: %s", path, strerror(e));
		return DISCOVER_EIO;
	}
	struct dbuf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		dbuf_put(&b, chunk, n);
		if (b.oom)
			break;
		if (b.len > DISCOVER_MAX_INI_BYTES) {
			fclose(f);
			free(b.p);
			discover_errf(err, errlen, "%s: file too large for an ini file (over %u bytes)", path,
			              DISCOVER_MAX_INI_BYTES);
			return DISCOVER_ECONFIG;
		}
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(b.p);
		discover_errf(err, errlen, "cannot read %s: %s", path, strerror(e ? e : EIO));
		return DISCOVER_EIO;
	}
	fclose(f);
	size_t len = b.len;
	char *p = dbuf_take(&b);
	if (!p) {
		discover_errf(err, errlen, "out of memory reading %s", path);
		return DISCOVER_ENOMEM;
	}
	*out = p;
	*outlen = len;
	return DISCOVER_OK;
}

static int ini_add_section(struct ini *ini, const char *name, size_t n, unsigned line)
{
	if (ini->nsects == ini->scap) {
		size_t cap = ini->scap ? ini->scap * 2 : 8;
		struct ini_section *s = realloc(ini->sects, cap * sizeof(*s));
		if (!s)
			return -1;
		ini->sects = s;
		ini->scap = cap;
	}
	char *copy = discover_strndup(name, n);
	if (!copy)
		return -1;
	ini->sects[ini->nsects].name = copy;
	ini->sects[ini->nsects].line = line;
	ini->nsects++;
	return 0;
}

static int ini_add_entry(struct ini *ini, const char *section, const char *key, size_t klen, const char *val,
                         size_t vlen, unsigned line)
{
	if (ini->nentries == ini->cap) {
		size_t cap = ini->cap ? ini->cap * 2 : 32;
		struct ini_entry *e = realloc(ini->entries, cap * sizeof(*e));
		if (!e)
			return -1;
		ini->entries = e;
		ini->cap = cap;
	}
	struct ini_entry *e = &ini->entries[ini->nentries];
	e->section = discover_strdup(section);
	e->key = discover_strndup(key, klen);
	e->value = discover_strndup(val, vlen);
	e->line = line;
	if (!e->section || !e->key || !e->value) {
		free(e->section);
		free(e->key);
		free(e->value);
		return -1;
	}
	for (char *k = e->key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	ini->nentries++;
	return 0;
}

/* Appends "\n" + text to entry i's value. */
static int ini_append(struct ini *ini, size_t i, const char *text, size_t n, size_t empty_lines_before)
{
	struct ini_entry *e = &ini->entries[i];
	struct dbuf b = {0};
	dbuf_puts(&b, e->value);
	for (size_t k = 0; k < empty_lines_before; k++)
		dbuf_put(&b, "\n", 1);
	dbuf_put(&b, "\n", 1);
	dbuf_put(&b, text, n);
	char *v = dbuf_take(&b);
	if (!v)
		return -1;
	free(e->value);
	e->value = v;
	return 0;
}

/*
 * Parses buf as configparser does (strict: duplicate sections and keys are errors; a line that is neither a section
 * header nor an option nor a continuation is an error).
 */
static int ini_parse(struct ini *ini, const char *buf, size_t len, char *err, size_t errlen)
{
	const char *p = buf, *end = buf + len;
	if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
		p += 3; /* UTF-8 byte order mark */
	unsigned lineno = 0;
	const char *cursect = NULL; /* borrowed from ini->sects[].name; NULL before the first header */
	size_t indent_level = 0;
	bool have_opt = false;      /* an option is open for continuation lines */
	size_t opt_index = 0;
	size_t pending_empty = 0;
	while (p < end) {
		const char *ls = p;
		const char *le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		p = le < end ? le + 1 : end;
		lineno++;
		const char *s = ls, *e = le;
		discover_trim(&s, &e);
		bool comment = s < e && (*s == '#' || *s == ';');
		if (s == e || comment) {
			/* empty lines inside a value are kept (only when text follows); comments are skipped */
			if (!comment && have_opt)
				pending_empty++;
			continue;
		}
		size_t cur_indent = (size_t)(s - ls);
		if (cursect && have_opt && cur_indent > indent_level) {
			if (ini_append(ini, opt_index, s, (size_t)(e - s), pending_empty) != 0)
				goto oom;
			pending_empty = 0;
			continue;
		}
		indent_level = cur_indent;
		pending_empty = 0;
		if (*s == '[') {
			const char *close = e - 1;
			while (close > s && *close != ']')
				close--;
			if (close > s + 1) {
				size_t n = (size_t)(close - s - 1);
				const struct ini_section *prev = NULL;
				for (size_t i = 0; i < ini->nsects; i++)
					if (strlen(ini->sects[i].name) == n && memcmp(ini->sects[i].name, s + 1, n) == 0)
						prev = &ini->sects[i];
				if (prev) {
					discover_errf(err, errlen, "%s:%u: duplicate section [%s] (first at line %u); merge the two",
					              ini->path, lineno, prev->name, prev->line);
					return DISCOVER_ECONFIG;
				}
				if (ini_add_section(ini, s + 1, n, lineno) != 0)
					goto oom;
				cursect = ini->sects[ini->nsects - 1].name;
				have_opt = false;
				continue;
			}
		}
		if (!cursect) {
			discover_errf(err, errlen,
			              "%s:%u: file contains no section header; an alembic.ini starts with a line like [alembic]",
			              ini->path, lineno);
			return DISCOVER_ECONFIG;
		}
		/* option: name, optional spaces, '=' or ':', value */
		const char *d = s;
		while (d < e && *d != '=' && *d != ':')
			d++;
		if (d == e || d == s) {
			discover_errf(err, errlen,
			              "%s:%u: line is neither a [section] header nor 'key = value' (indent it to continue "
			              "the previous value)",
			              ini->path, lineno);
			return DISCOVER_ECONFIG;
		}
		const char *ks = s, *ke = d;
		discover_trim(&ks, &ke);
		const char *vs = d + 1, *ve = e;
		discover_trim(&vs, &ve);
		if (ks == ke) {
			discover_errf(err, errlen, "%s:%u: option with an empty name", ini->path, lineno);
			return DISCOVER_ECONFIG;
		}
		char key[256];
		size_t kl = (size_t)(ke - ks);
		if (kl >= sizeof(key)) {
			discover_errf(err, errlen, "%s:%u: option name too long", ini->path, lineno);
			return DISCOVER_ECONFIG;
		}
		for (size_t i = 0; i < kl; i++)
			key[i] = (char)tolower((unsigned char)ks[i]);
		key[kl] = '\0';
		const struct ini_entry *dup = ini_find_own(ini, cursect, key);
		if (dup) {
			discover_errf(err, errlen, "%s:%u: duplicate key '%s' in [%s] (first at line %u); keep only one",
			              ini->path, lineno, key, cursect, dup->line);
			return DISCOVER_ECONFIG;
		}
		if (ini_add_entry(ini, cursect, key, kl, vs, (size_t)(ve - vs), lineno) != 0)
			goto oom;
		have_opt = true;
		opt_index = ini->nentries - 1;
	}
	return DISCOVER_OK;
oom:
	discover_errf(err, errlen, "out of memory reading %s", ini->path);
	return DISCOVER_ENOMEM;
}

/*
 * configparser BasicInterpolation of raw (the value of key at line): %(name)s from [section], [DEFAULT], then
 * here/__file__; %% is %. Returns DISCOVER_OK and a malloc'd *out, or an error (message never contains values).
 */
static int ini_interpolate(const struct ini *ini, const char *section, const char *key, unsigned line,
                           const char *raw, int depth, struct dbuf *out, char *err, size_t errlen)
{
	if (depth > DISCOVER_MAX_INTERP_DEPTH) {
		discover_errf(err, errlen, "%s:%u: interpolation of '%s' is nested too deeply (a %%(name)s loop?)",
		              ini->path, line, key);
		return DISCOVER_ECONFIG;
	}
	const char *s = raw;
	while (*s) {
		const char *pct = strchr(s, '%');
		if (!pct) {
			dbuf_puts(out, s);
			break;
		}
		dbuf_put(out, s, (size_t)(pct - s));
		if (pct[1] == '%') {
			dbuf_put(out, "%", 1);
			s = pct + 2;
			continue;
		}
		if (pct[1] != '(') {
			discover_errf(err, errlen,
			              "%s:%u: '%%' in the value of '%s' must be followed by '%%' or '(name)s'; write %%%% for a "
			              "literal percent sign",
			              ini->path, line, key);
			return DISCOVER_ECONFIG;
		}
		const char *close = strchr(pct + 2, ')');
		if (!close || close == pct + 2 || close[1] != 's') {
			discover_errf(err, errlen, "%s:%u: bad interpolation reference in the value of '%s' (expected %%(name)s)",
			              ini->path, line, key);
			return DISCOVER_ECONFIG;
		}
		char name[256];
		size_t nl = (size_t)(close - pct - 2);
		if (nl >= sizeof(name)) {
			discover_errf(err, errlen, "%s:%u: interpolation name too long in the value of '%s'", ini->path, line,
			              key);
			return DISCOVER_ECONFIG;
		}
		for (size_t i = 0; i < nl; i++)
			name[i] = (char)tolower((unsigned char)pct[2 + i]);
		name[nl] = '\0';
		s = close + 2;
		const struct ini_entry *ref = ini_get(ini, section, name);
		if (ref) {
			int rc = ini_interpolate(ini, section, key, line, ref->value, depth + 1, out, err, errlen);
			if (rc != DISCOVER_OK)
				return rc;
		} else if (strcmp(name, "here") == 0) {
			dbuf_puts(out, ini->here);
		} else if (strcmp(name, "__file__") == 0) {
			char *f = discover_join(ini->here, strrchr(ini->path, '/') ? strrchr(ini->path, '/') + 1 : ini->path);
			if (!f) {
				out->oom = true;
				break;
			}
			dbuf_puts(out, f);
			free(f);
		} else {
			discover_errf(err, errlen,
			              "%s:%u: the value of '%s' uses %%(%s)s, but [%s] and [DEFAULT] have no key '%s' "
			              "(only %%(here)s is predefined)",
			              ini->path, line, key, name, section, name);
			return DISCOVER_ECONFIG;
		}
	}
	if (out->oom) {
		discover_errf(err, errlen, "out of memory reading %s", ini->path);
		return DISCOVER_ENOMEM;
	}
	return DISCOVER_OK;
}

/* Interpolated value of key (section then DEFAULT) into *out (malloc'd), *line its line; *out NULL when unset. */
static int ini_value(const struct ini *ini, const char *section, const char *key, char **out, unsigned *line,
                     char *err, size_t errlen)
{
	*out = NULL;
	*line = 0;
	const struct ini_entry *e = ini_get(ini, section, key);
	if (!e)
		return DISCOVER_OK;
	*line = e->line;
	struct dbuf b = {0};
	int rc = ini_interpolate(ini, section, key, e->line, e->value, 0, &b, err, errlen);
	if (rc != DISCOVER_OK) {
		free(b.p);
		return rc;
	}
	*out = dbuf_take(&b);
	if (!*out) {
		discover_errf(err, errlen, "out of memory reading %s", ini->path);
		return DISCOVER_ENOMEM;
	}
	return DISCOVER_OK;
}

/* ---- directory listing --------------------------------------------------------------------------------------- */

static bool discover_is_candidate_name(const char *name)
{
	if (name[0] == '.')
		return false; /* hidden files, editor lock files (.#x.py) */
	if (strncmp(name, "__init__", 8) == 0)
		return false;
	return discover_ends_with(name, ".py") && strlen(name) > 3;
}

/* Lists dir's migration candidates into files (recursively when asked; symlinked directories are not followed). */
static int discover_list_dir(const char *dir, bool recursive, struct strvec *files, char *err, size_t errlen)
{
	struct strvec stack = {0};
	if (strvec_push(&stack, discover_strdup(dir)) != 0)
		goto oom;
	while (stack.n > 0) {
		char *cur = stack.v[--stack.n]; /* owned here */
		DIR *d = opendir(cur);
		if (!d) {
			int e = errno;
			discover_errf(err, errlen, "cannot read directory %s: %s", cur, strerror(e));
			free(cur);
			strvec_free(&stack);
			return DISCOVER_EIO;
		}
		/* a script_location directory (it holds script.py.mako): its env.py is not a migration */
		char *mako = discover_join(cur, "script.py.mako");
		struct stat mst;
		bool script_dir = mako && stat(mako, &mst) == 0;
		free(mako);
		struct dirent *de;
		errno = 0;
		while ((de = readdir(d)) != NULL) {
			const char *name = de->d_name;
			if (name[0] == '.' || strcmp(name, "__pycache__") == 0)
				continue;
			if (script_dir && strcmp(name, "env.py") == 0)
				continue;
			char *full = discover_join(cur, name);
			if (!full) {
				closedir(d);
				free(cur);
				goto oom;
			}
			struct stat st;
			if (stat(full, &st) != 0) {
				int e = errno;
				if (e == ENOENT || e == ELOOP) { /* broken symlink: nothing to read */
					free(full);
					errno = 0;
					continue;
				}
				discover_errf(err, errlen, "cannot stat %s: %s", full, strerror(e));
				free(full);
				closedir(d);
				free(cur);
				strvec_free(&stack);
				return DISCOVER_EIO;
			}
			if (S_ISDIR(st.st_mode)) {
				struct stat lst;
				if (recursive && lstat(full, &lst) == 0 && !S_ISLNK(lst.st_mode)) {
					if (strvec_push(&stack, full) != 0) {
						closedir(d);
						free(cur);
						goto oom;
					}
				} else {
					free(full);
				}
			} else if (S_ISREG(st.st_mode) && discover_is_candidate_name(name)) {
				if (strvec_push(files, full) != 0) {
					closedir(d);
					free(cur);
					goto oom;
				}
			} else {
				free(full);
			}
			errno = 0;
		}
		int e = errno;
		closedir(d);
		if (e != 0) {
			discover_errf(err, errlen, "cannot read directory %s: %s", cur, strerror(e));
			free(cur);
			strvec_free(&stack);
			return DISCOVER_EIO;
		}
		free(cur);
	}
	strvec_free(&stack);
	return DISCOVER_OK;
oom:
	strvec_free(&stack);
	discover_errf(err, errlen, "out of memory listing %s", dir);
	return DISCOVER_ENOMEM;
}

static int discover_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts, removes duplicates and moves files into out. */
static void discover_finish_files(struct strvec *files, struct discovery *out)
{
	if (files->n > 1)
		qsort(files->v, files->n, sizeof(files->v[0]), discover_cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < files->n; i++) {
		if (w > 0 && strcmp(files->v[w - 1], files->v[i]) == 0) {
			free(files->v[i]);
			continue;
		}
		files->v[w++] = files->v[i];
	}
	out->files = files->v;
	out->nfiles = w;
	files->v = NULL;
	files->n = files->cap = 0;
}

/* ---- public -------------------------------------------------------------------------------------------------- */

void discovery_init(struct discovery *d)
{
	memset(d, 0, sizeof(*d));
}

void discovery_release(struct discovery *d)
{
	free(d->ini_path);
	free(d->section);
	free(d->script_location);
	for (size_t i = 0; i < d->nversion_dirs; i++)
		free(d->version_dirs[i]);
	free(d->version_dirs);
	free(d->sqlalchemy_url);
	for (size_t i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	free(d->files);
	discovery_init(d);
}

const char *discover_strerror(int code)
{
	switch (code) {
	case DISCOVER_OK: return "ok";
	case DISCOVER_ECONFIG: return "configuration error";
	case DISCOVER_EIO: return "I/O error";
	case DISCOVER_ENOMEM: return "out of memory";
	default: return "unknown error";
	}
}

void discover_dialect_from_url(const char *url, char *dialect, size_t dlen, char *driver, size_t drvlen)
{
	if (dlen)
		dialect[0] = '\0';
	if (drvlen)
		driver[0] = '\0';
	if (!url)
		return;
	while (discover_is_space(*url))
		url++;
	const char *sep = strstr(url, "://");
	if (!sep)
		return;
	for (const char *c = url; c < sep; c++)
		if (!(isalnum((unsigned char)*c) || *c == '_' || *c == '+' || *c == '-' || *c == '.'))
			return; /* not a URL scheme */
	const char *plus = memchr(url, '+', (size_t)(sep - url));
	const char *be = plus ? plus : sep;
	char base[64];
	size_t bl = (size_t)(be - url);
	if (bl == 0 || bl >= sizeof(base))
		return;
	for (size_t i = 0; i < bl; i++)
		base[i] = (char)tolower((unsigned char)url[i]);
	base[bl] = '\0';
	const char *canon = base;
	if (strcmp(base, "postgres") == 0 || strcmp(base, "postgresql") == 0 || strcmp(base, "pgsql") == 0)
		canon = "postgresql";
	if (dlen)
		snprintf(dialect, dlen, "%s", canon);
	if (plus && drvlen) {
		size_t n = (size_t)(sep - plus - 1);
		if (n >= drvlen)
			n = drvlen - 1;
		for (size_t i = 0; i < n; i++)
			driver[i] = (char)tolower((unsigned char)plus[1 + i]);
		driver[n] = '\0';
	}
}

static bool discover_is_secret_param(const char *name, size_t n)
{
	static const char *const names[] = {"password", "passwd", "pwd", "pass", "secret", "token"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(name, names[i], n) == 0)
			return true;
	return false;
}

void discover_redact_url(const char *url, char *buf, size_t buflen)
{
	if (!buf || buflen == 0)
		return;
	buf[0] = '\0';
	if (!url)
		return;
	struct dbuf b = {0};
	const char *sep = strstr(url, "://");
	const char *rest = url;
	if (sep) {
		dbuf_put(&b, url, (size_t)(sep + 3 - url));
		rest = sep + 3;
		const char *q = strchr(rest, '?');
		size_t auth_n = q ? (size_t)(q - rest) : strlen(rest);
		const char *at = NULL;
		for (size_t i = 0; i < auth_n; i++)
			if (rest[i] == '@')
				at = rest + i;
		if (at) {
			const char *colon = memchr(rest, ':', (size_t)(at - rest));
			if (colon) {
				dbuf_put(&b, rest, (size_t)(colon + 1 - rest));
				dbuf_puts(&b, "***");
			} else {
				dbuf_put(&b, rest, (size_t)(at - rest));
			}
			rest = at;
		}
	}
	/* rest: host/db and the query string; mask secret-looking query values */
	const char *q = strchr(rest, '?');
	if (!q) {
		dbuf_puts(&b, rest);
	} else {
		dbuf_put(&b, rest, (size_t)(q + 1 - rest));
		const char *s = q + 1;
		while (*s) {
			size_t n = strcspn(s, "&");
			const char *eq = memchr(s, '=', n);
			if (eq && discover_is_secret_param(s, (size_t)(eq - s))) {
				dbuf_put(&b, s, (size_t)(eq + 1 - s));
				dbuf_puts(&b, "***");
			} else {
				dbuf_put(&b, s, n);
			}
			s += n;
			if (*s == '&') {
				dbuf_put(&b, "&", 1);
				s++;
			}
		}
	}
	if (b.oom || !b.p) {
		free(b.p);
		snprintf(buf, buflen, "%s", "***");
		return;
	}
	snprintf(buf, buflen, "%s", b.p);
	free(b.p);
}

/* Replaces every occurrence of needle[0..n) in err with "***" (in place, truncating at errlen). */
static void discover_scrub_one(char *err, size_t errlen, const char *needle, size_t n)
{
	if (n == 0 || !err || errlen == 0)
		return;
	struct dbuf b = {0};
	const char *s = err;
	bool hit = false;
	for (;;) {
		const char *f = NULL;
		for (const char *c = s; *c && !f; c++)
			if (strncmp(c, needle, n) == 0)
				f = c;
		if (!f)
			break;
		hit = true;
		dbuf_put(&b, s, (size_t)(f - s));
		dbuf_puts(&b, "***");
		s = f + n;
	}
	if (hit) {
		dbuf_puts(&b, s);
		if (b.oom || !b.p)
			snprintf(err, errlen, "%s", "error message withheld: it would show database credentials");
		else
			snprintf(err, errlen, "%s", b.p);
	}
	free(b.p);
}

/* Removes the URL's password (and secret query values, and the URL itself) from a message. */
static void discover_scrub_secrets(char *err, size_t errlen, const char *url)
{
	if (!url || !err || errlen == 0)
		return;
	const char *sep = strstr(url, "://");
	if (sep) {
		const char *rest = sep + 3;
		const char *q = strchr(rest, '?');
		size_t auth_n = q ? (size_t)(q - rest) : strlen(rest);
		const char *at = NULL;
		for (size_t i = 0; i < auth_n; i++)
			if (rest[i] == '@')
				at = rest + i;
		const char *colon = at ? memchr(rest, ':', (size_t)(at - rest)) : NULL;
		if (colon)
			discover_scrub_one(err, errlen, colon + 1, (size_t)(at - colon - 1));
		if (q) {
			const char *s = q + 1;
			while (*s) {
				size_t n = strcspn(s, "&");
				const char *eq = memchr(s, '=', n);
				if (eq && discover_is_secret_param(s, (size_t)(eq - s)))
					discover_scrub_one(err, errlen, eq + 1, (size_t)(s + n - eq - 1));
				s += n;
				if (*s)
					s++;
			}
		}
	}
}

/* Parses a configparser boolean. Returns 1/0, or -1 when not a boolean. */
static int discover_parse_bool(const char *v)
{
	static const char *const t[] = {"1", "yes", "true", "on"};
	static const char *const f[] = {"0", "no", "false", "off"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, t[i]) == 0)
			return 1;
		if (strcasecmp(v, f[i]) == 0)
			return 0;
	}
	return -1;
}

/* Splits version_locations as Alembic does: by sep (NULL: legacy, on spaces and commas — and newlines). */
static int discover_split_locations(const char *value, const char *sep, struct strvec *out)
{
	const char *s = value;
	while (*s) {
		size_t n;
		if (sep)
			n = strcspn(s, sep);
		else
			n = strcspn(s, " ,\t\r\n");
		const char *is = s, *ie = s + n;
		discover_trim(&is, &ie);
		if (ie > is && strvec_push(out, discover_strndup(is, (size_t)(ie - is))) != 0)
			return -1;
		s += n;
		if (*s)
			s++;
	}
	return 0;
}

int discover_from_ini(const char *ini_path, struct discovery *out, char *err, size_t errlen)
{
	return discover_from_ini_section(ini_path, NULL, out, err, errlen);
}

int discover_from_ini_section(const char *ini_path, const char *section, struct discovery *out, char *err,
                              size_t errlen)
{
	discovery_init(out);
	if (err && errlen)
		err[0] = '\0';
	if (!section || !section[0])
		section = "alembic";
	struct ini ini = {.path = ini_path};
	struct strvec locs = {0}, files = {0};
	char *buf = NULL, *val = NULL, *inidir = NULL;
	size_t len = 0;
	unsigned line = 0;
	int rc = discover_read_file(ini_path, &buf, &len, err, errlen);
	if (rc != DISCOVER_OK)
		goto done;
	ini.here = discover_abs_dirname(ini_path);
	inidir = discover_dirname(ini_path);
	out->ini_path = discover_strdup(ini_path);
	out->section = discover_strdup(section);
	if (!ini.here || !inidir || !out->ini_path || !out->section)
		goto oom;
	rc = ini_parse(&ini, buf, len, err, errlen);
	if (rc != DISCOVER_OK)
		goto done;
	const struct ini_section *sect = ini_find_section(&ini, section);
	if (!sect) {
		struct dbuf names = {0};
		for (size_t i = 0; i < ini.nsects; i++) {
			if (i)
				dbuf_puts(&names, ", ");
			dbuf_puts(&names, "[");
			dbuf_puts(&names, ini.sects[i].name);
			dbuf_puts(&names, "]");
		}
		discover_errf(err, errlen, "no [%s] section in %s (sections found: %s); add [%s] with script_location, "
		              "or name the section with --name",
		              section, ini_path, names.p && !names.oom ? names.p : "none", section);
		free(names.p);
		rc = DISCOVER_ECONFIG;
		goto done;
	}
	unsigned sect_line = sect->line;

	/* sqlalchemy.url: kept for dialect detection; a bad %-sequence there is not our business (env.py may not even
	 * read it), so fall back to the raw value without a message */
	{
		char tmp[8];
		rc = ini_value(&ini, section, "sqlalchemy.url", &out->sqlalchemy_url, &line, tmp, sizeof(tmp));
		if (rc == DISCOVER_ENOMEM)
			goto oom;
		if (rc != DISCOVER_OK) {
			const struct ini_entry *e = ini_get(&ini, section, "sqlalchemy.url");
			out->sqlalchemy_url = e ? discover_strdup(e->value) : NULL;
			if (e && !out->sqlalchemy_url)
				goto oom;
		}
		rc = DISCOVER_OK;
		if (out->sqlalchemy_url && !out->sqlalchemy_url[0]) {
			free(out->sqlalchemy_url);
			out->sqlalchemy_url = NULL;
		}
		discover_dialect_from_url(out->sqlalchemy_url, out->dialect, sizeof(out->dialect), out->driver,
		                          sizeof(out->driver));
	}

	/* script_location */
	rc = ini_value(&ini, section, "script_location", &val, &line, err, errlen);
	if (rc != DISCOVER_OK)
		goto done;
	if (!val || !val[0]) {
		if (val)
			discover_errf(err, errlen, "%s:%u: script_location is empty; set it to the migrations directory, "
			              "e.g. script_location = %%(here)s/migrations", ini_path, line);
		else
			discover_errf(err, errlen, "script_location not set in %s:%u ([%s]); add script_location = "
			              "%%(here)s/migrations (the directory holding env.py)", ini_path, sect_line, section);
		rc = DISCOVER_ECONFIG;
		goto done;
	}
	unsigned sl_line = line;
	if (val[0] != '/' && strchr(val, ':')) {
		/* package resource form "pkg.sub:path" */
		char *colon = strchr(val, ':');
		struct dbuf pb = {0};
		for (const char *c = val; c < colon; c++)
			dbuf_put(&pb, *c == '.' ? "/" : c, 1);
		dbuf_put(&pb, "/", 1);
		dbuf_puts(&pb, colon + 1);
		char *rel = dbuf_take(&pb);
		char *cand = rel ? discover_join(inidir, rel) : NULL;
		free(rel);
		if (!cand)
			goto oom;
		if (discover_is_dir(cand)) {
			out->script_location = cand;
		} else {
			free(cand);
			discover_errf(err, errlen,
			              "%s:%u: script_location = %s is a package resource location, which mrt cannot import; "
			              "write a filesystem path there (e.g. %%(here)s/%.*s) and pass that file with "
			              "--alembic-ini, or give the versions directory on the command line",
			              ini_path, sl_line, val, (int)(colon - val), val);
			rc = DISCOVER_ECONFIG;
			goto done;
		}
	} else {
		out->script_location = discover_join(inidir, val);
		if (!out->script_location)
			goto oom;
	}
	free(val);
	val = NULL;

	/* recursive_version_locations */
	rc = ini_value(&ini, section, "recursive_version_locations", &val, &line, err, errlen);
	if (rc != DISCOVER_OK)
		goto done;
	if (val) {
		int bv = discover_parse_bool(val);
		if (bv < 0) {
			discover_errf(err, errlen, "%s:%u: recursive_version_locations = '%s' is not a boolean; use true or false",
			              ini_path, line, val);
			rc = DISCOVER_ECONFIG;
			goto done;
		}
		out->recursive = bv == 1;
		free(val);
		val = NULL;
	}

	/* version_locations, split by path_separator (Alembic >= 1.16) or version_path_separator */
	rc = ini_value(&ini, section, "version_locations", &val, &line, err, errlen);
	if (rc != DISCOVER_OK)
		goto done;
	unsigned vl_line = line;
	if (val && val[0]) {
		char *sepv = NULL;
		unsigned sep_line = 0;
		const char *sepname = "path_separator";
		rc = ini_value(&ini, section, sepname, &sepv, &sep_line, err, errlen);
		if (rc == DISCOVER_OK && !sepv) {
			sepname = "version_path_separator";
			rc = ini_value(&ini, section, sepname, &sepv, &sep_line, err, errlen);
		}
		if (rc != DISCOVER_OK)
			goto done;
		const char *sep = NULL;
		if (sepv) {
			if (strcmp(sepv, "space") == 0)
				sep = " ";
			else if (strcmp(sepv, "newline") == 0)
				sep = "\n";
			else if (strcmp(sepv, "os") == 0 || strcmp(sepv, ":") == 0)
				sep = ":";
			else if (strcmp(sepv, ";") == 0)
				sep = ";";
			else {
				discover_errf(err, errlen, "%s:%u: %s = '%s' is not valid; use space, newline, os, ':' or ';'",
				              ini_path, sep_line, sepname, sepv);
				free(sepv);
				rc = DISCOVER_ECONFIG;
				goto done;
			}
			free(sepv);
		}
		if (discover_split_locations(val, sep, &locs) != 0)
			goto oom;
	}
	free(val);
	val = NULL;

	if (locs.n == 0) {
		char *vd = discover_join(out->script_location, "versions");
		if (!vd)
			goto oom;
		if (!discover_is_dir(vd)) {
			if (!discover_is_dir(out->script_location))
				discover_errf(err, errlen,
				              "script_location directory %s does not exist (script_location in %s:%u); fix the "
				              "path (relative paths are taken from the ini file's directory)",
				              out->script_location, ini_path, sl_line);
			else
				discover_errf(err, errlen,
				              "versions directory %s does not exist (script_location in %s:%u); create it or set "
				              "version_locations",
				              vd, ini_path, sl_line);
			free(vd);
			rc = DISCOVER_ECONFIG;
			goto done;
		}
		if (strvec_push(&locs, vd) != 0)
			goto oom;
	} else {
		for (size_t i = 0; i < locs.n; i++) {
			char *abs = discover_join(inidir, locs.v[i]);
			if (!abs)
				goto oom;
			free(locs.v[i]);
			locs.v[i] = abs;
			if (!discover_is_dir(abs)) {
				discover_errf(err, errlen,
				              "version location %s does not exist (version_locations in %s:%u); create it or fix "
				              "version_locations",
				              abs, ini_path, vl_line);
				rc = DISCOVER_ECONFIG;
				goto done;
			}
		}
	}
	for (size_t i = 0; i < locs.n; i++) {
		rc = discover_list_dir(locs.v[i], out->recursive, &files, err, errlen);
		if (rc != DISCOVER_OK)
			goto done;
	}
	discover_finish_files(&files, out);
	out->version_dirs = locs.v;
	out->nversion_dirs = locs.n;
	locs.v = NULL;
	locs.n = locs.cap = 0;
	rc = DISCOVER_OK;
	goto done;
oom:
	discover_errf(err, errlen, "out of memory reading %s", ini_path);
	rc = DISCOVER_ENOMEM;
done:
	free(val);
	free(buf);
	free(inidir);
	strvec_free(&locs);
	strvec_free(&files);
	ini_free(&ini);
	if (rc != DISCOVER_OK) {
		discover_scrub_secrets(err, errlen, out->sqlalchemy_url);
		discovery_release(out);
	}
	return rc;
}

/*
 * The directory to list for a directory named on the command line: p itself, or p/versions when p is an Alembic
 * script_location (it holds env.py or script.py.mako, and a versions/ subdirectory). malloc'd, normalised, or NULL.
 */
static char *discover_script_dir_versions(const char *p)
{
	char *norm = discover_normpath(p);
	if (!norm)
		return NULL;
	char *env = discover_join(norm, "env.py");
	char *mako = discover_join(norm, "script.py.mako");
	char *vers = discover_join(norm, "versions");
	struct stat st;
	bool script_dir = env && mako && vers && (stat(env, &st) == 0 || stat(mako, &st) == 0) && discover_is_dir(vers);
	free(env);
	free(mako);
	if (script_dir) {
		free(norm);
		return vers;
	}
	free(vers);
	return norm;
}

int discover_paths(char *const *paths, size_t n, struct discovery *out, char *err, size_t errlen)
{
	return discover_paths_ex(paths, n, 0, out, err, errlen);
}

int discover_paths_ex(char *const *paths, size_t n, unsigned flags, struct discovery *out, char *err, size_t errlen)
{
	discovery_init(out);
	if (err && errlen)
		err[0] = '\0';
	bool recursive = (flags & DISCOVER_RECURSIVE) != 0;
	out->recursive = recursive;
	struct strvec files = {0}, dirs = {0};
	int rc = DISCOVER_OK;
	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (!p || !p[0]) {
			discover_errf(err, errlen, "empty path given; name a migration file or a versions directory");
			rc = DISCOVER_ECONFIG;
			goto fail;
		}
		struct stat st;
		if (stat(p, &st) != 0) {
			int e = errno;
			discover_errf(err, errlen, "%s: %s", p, strerror(e));
			rc = e == ENOENT || e == ENOTDIR ? DISCOVER_ECONFIG : DISCOVER_EIO;
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			char *norm = discover_script_dir_versions(p);
			if (!norm || strvec_push(&dirs, discover_strdup(norm)) != 0) {
				free(norm);
				goto oom;
			}
			rc = discover_list_dir(norm, recursive, &files, err, errlen);
			free(norm);
			if (rc != DISCOVER_OK)
				goto fail;
		} else if (S_ISREG(st.st_mode)) {
			const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
			if (!discover_ends_with(base, ".py")) {
				discover_errf(err, errlen, "%s: not a Python file (migrations are *.py files)", p);
				rc = DISCOVER_ECONFIG;
				goto fail;
			}
			if (strncmp(base, "__init__", 8) == 0)
				continue;
			if (strvec_push(&files, discover_normpath(p)) != 0)
				goto oom;
		} else {
			discover_errf(err, errlen, "%s: not a regular file or directory", p);
			rc = DISCOVER_ECONFIG;
			goto fail;
		}
	}
	discover_finish_files(&files, out);
	out->version_dirs = dirs.v;
	out->nversion_dirs = dirs.n;
	return DISCOVER_OK;
oom:
	discover_errf(err, errlen, "out of memory listing migration files");
	rc = DISCOVER_ENOMEM;
fail:
	strvec_free(&files);
	strvec_free(&dirs);
	discovery_release(out);
	return rc;
}
