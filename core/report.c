/*
 * report.c — see report.h.
 *
 * Text handling shared by every format: messages may hold anything (they quote migration source), so each string is
 * first made valid UTF-8 (invalid bytes -> U+FFFD); the table and HTML also turn control characters into spaces
 * (keeping newlines), the table measures display width per code point (wide East Asian characters count 2,
 * combining marks 0) and wraps by words inside its cell.
 */
#include "report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef MRT_VERSION
#define MRT_VERSION "0.0.0"
#endif

#define REPORT_DEFAULT_WIDTH 120u
#define REPORT_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* ------------------------------------------------------------------------------------------------------------- */
/* UTF-8                                                                                                           */

/* Decodes one code point from s[0..n) (n >= 1). Invalid or truncated sequences give U+FFFD and consume one byte.
 * Returns the number of bytes consumed. */
static size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1Fu;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0Fu;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07u;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

static size_t u8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Returns a malloc'd copy of s (NULL = "") that is valid UTF-8. With display set, also: CR LF and lone CR become
 * LF, TAB becomes a space, other C0/C1 controls and DEL become spaces. Caller frees. NULL on out-of-memory. */
static char *text_clean(const char *s, bool display)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	/* fast path: printable ASCII (and newlines) needs no decoding */
	size_t plain = 0;
	while (plain < n && ((p[plain] >= 0x20 && p[plain] < 0x7F) || p[plain] == '\n'))
		plain++;
	if (plain == n) {
		char *copy = malloc(n + 1);
		if (copy)
			memcpy(copy, s, n + 1);
		return copy;
	}
	char *out = malloc(n * 3 + 1); /* each invalid byte may grow to 3 bytes (U+FFFD) */
	if (!out)
		return NULL;
	size_t i = 0, w = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = u8_decode(p + i, n - i, &cp);
		if (display) {
			if (cp == '\r') {
				if (i + 1 < n && p[i + 1] == '\n')
					k++;
				cp = '\n';
			} else if (cp != '\n' && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))) {
				cp = ' ';
			}
		}
		w += u8_encode(cp, out + w);
		i += k;
	}
	out[w] = '\0';
	return out;
}

/* Display width of one code point in a terminal. */
static unsigned cp_width(uint32_t cp)
{
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* Display width of s[0..n) (valid UTF-8). */
static unsigned text_width(const char *s, size_t n)
{
	unsigned w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		i += u8_decode((const unsigned char *)s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Common                                                                                                          */

const char *report_format_name(enum report_format fmt)
{
	switch (fmt) {
	case REPORT_TABLE: return "table";
	case REPORT_JSON: return "json";
	case REPORT_SARIF: return "sarif";
	case REPORT_GITHUB: return "github";
	case REPORT_JUNIT: return "junit";
	case REPORT_HTML: return "html";
	}
	return "?";
}

int report_format_parse(const char *s, enum report_format *out)
{
	static const struct {
		const char *name;
		enum report_format fmt;
	} map[] = {
		{"table", REPORT_TABLE}, {"text", REPORT_TABLE},   {"json", REPORT_JSON}, {"sarif", REPORT_SARIF},
		{"github", REPORT_GITHUB}, {"junit", REPORT_JUNIT}, {"html", REPORT_HTML},
	};
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(s, map[i].name) == 0) {
			*out = map[i].fmt;
			return 0;
		}
	}
	return -1;
}

void report_count(const struct findings *f, size_t *errors, size_t *warnings, size_t *info)
{
	size_t e = 0, w = 0, n = 0;
	for (size_t i = 0; f && i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (x->suppressed)
			continue;
		if (x->severity == SEV_ERROR)
			e++;
		else if (x->severity == SEV_WARNING)
			w++;
		else
			n++;
	}
	*errors = e;
	*warnings = w;
	*info = n;
}

char *report_summary(const struct findings *f, size_t files, char *buf, size_t n)
{
	size_t e, w, in;
	report_count(f, &e, &w, &in);
	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (e + w + in == 0) {
		if (files > 0)
			snprintf(buf, n, "No issues found (%zu file(s) checked)", files);
		else
			snprintf(buf, n, "No issues found");
		return buf;
	}
	size_t used = 0;
	const struct {
		size_t count;
		const char *what;
	} parts[] = {{e, "error(s)"}, {w, "warning(s)"}, {in, "info"}};
	for (size_t i = 0; i < 3; i++) {
		if (!parts[i].count)
			continue;
		int r = snprintf(buf + used, n - used, "%s%zu %s", used ? ", " : "", parts[i].count, parts[i].what);
		if (r < 0 || (size_t)r >= n - used)
			break;
		used += (size_t)r;
	}
	return buf;
}

static bool report_shown(const struct finding *x)
{
	return !x->suppressed;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Table                                                                                                           */

enum { TCOL_REV, TCOL_CODE, TCOL_PATTERN, TCOL_SEV, TCOL_LINE, TCOL_MSG, TCOL_N };

static const char *const table_headers[TCOL_N] = {"Revision", "Code", "Pattern", "Sev", "Line", "Message"};

struct table_seg {
	size_t off, len; /* one visual line of a cell: bytes [off, off+len) of the cell text */
};

struct table_cell {
	char *text;            /* owned: cleaned text */
	struct table_seg *seg; /* owned: wrapped lines */
	size_t nseg;
};

/* Widest line (between newlines) of s. */
static unsigned table_natural_width(const char *s)
{
	unsigned best = 0;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		unsigned w = text_width(s, n);
		if (w > best)
			best = w;
		if (!nl)
			return best;
		s = nl + 1;
	}
}

static int table_push_seg(struct table_cell *c, size_t *cap, size_t off, size_t len)
{
	if (c->nseg == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		struct table_seg *s = realloc(c->seg, nc * sizeof(*s));
		if (!s)
			return -1;
		c->seg = s;
		*cap = nc;
	}
	c->seg[c->nseg].off = off;
	c->seg[c->nseg].len = len;
	c->nseg++;
	return 0;
}

/* Word-wraps the cell text into lines of at most w display columns (a single code point wider than w still takes
 * a line of its own). Newlines force a break; a soft break drops the spaces around it. */
static int table_wrap(struct table_cell *c, unsigned w)
{
	const char *s = c->text;
	size_t n = strlen(s), cap = 0, pos = 0;
	if (w == 0)
		w = 1;
	for (;;) {
		size_t start = pos, i = pos, brk = SIZE_MAX;
		unsigned width = 0;
		for (;;) {
			if (i >= n || s[i] == '\n') {
				size_t end = i;
				if (table_push_seg(c, &cap, start, end - start) != 0)
					return -1;
				if (i >= n)
					return 0;
				pos = i + 1;
				break;
			}
			uint32_t cp;
			size_t k = u8_decode((const unsigned char *)s + i, n - i, &cp);
			unsigned cw = cp_width(cp);
			if (cp == ' ')
				brk = i;
			if (width + cw > w && i > start) {
				size_t end;
				if (brk != SIZE_MAX && brk > start) {
					end = brk;
					pos = brk;
				} else {
					end = i;
					pos = i;
				}
				while (end > start && s[end - 1] == ' ')
					end--;
				if (table_push_seg(c, &cap, start, end - start) != 0)
					return -1;
				while (pos < n && s[pos] == ' ')
					pos++;
				if (pos >= n)
					return 0;
				break;
			}
			width += cw;
			i += k;
		}
	}
}

static void table_rule(FILE *out, const unsigned *w, bool ascii, int which)
{
	/* which: 0 top, 1 middle, 2 bottom */
	static const char *const box[3][3] = {{"┌", "┬", "┐"}, {"├", "┼", "┤"}, {"└", "┴", "┘"}};
	const char *h = ascii ? "-" : "─";
	fputs(ascii ? "+" : box[which][0], out);
	for (int c = 0; c < TCOL_N; c++) {
		for (unsigned k = 0; k < w[c] + 2; k++)
			fputs(h, out);
		fputs(ascii ? "+" : (c == TCOL_N - 1 ? box[which][2] : box[which][1]), out);
	}
	putc_unlocked('\n', out);
}

static const char *sev_color(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "\033[1;31m";
	case SEV_WARNING: return "\033[33m";
	case SEV_INFO: return "\033[36m";
	}
	return "";
}

/* Prints one table row (header when sev < 0). */
static void table_row(FILE *out, struct table_cell *cells, const unsigned *w, const struct report_opts *o, int sev)
{
	const char *v = o->ascii ? "|" : "│";
	size_t lines = 1;
	for (int c = 0; c < TCOL_N; c++)
		if (cells[c].nseg > lines)
			lines = cells[c].nseg;
	for (size_t l = 0; l < lines; l++) {
		fputs(v, out);
		for (int c = 0; c < TCOL_N; c++) {
			const char *txt = "";
			size_t len = 0;
			if (l < cells[c].nseg) {
				txt = cells[c].text + cells[c].seg[l].off;
				len = cells[c].seg[l].len;
			}
			unsigned tw = text_width(txt, len);
			unsigned pad = w[c] > tw ? w[c] - tw : 0;
			const char *on = NULL;
			if (o->color && len) {
				if (sev < 0)
					on = "\033[1m";
				else if (c == TCOL_SEV)
					on = sev_color((enum severity)sev);
			}
			putc_unlocked(' ', out);
			if (c == TCOL_LINE && sev >= 0)
				fprintf(out, "%*s", (int)pad, "");
			if (on)
				fputs(on, out);
			fwrite(txt, 1, len, out);
			if (on)
				fputs("\033[0m", out);
			if (!(c == TCOL_LINE && sev >= 0))
				fprintf(out, "%*s", (int)pad, "");
			putc_unlocked(' ', out);
			fputs(v, out);
		}
		putc_unlocked('\n', out);
	}
}

static void table_free_cells(struct table_cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cells[i].text);
		free(cells[i].seg);
	}
	free(cells);
}

static int report_table(FILE *out, const struct findings *f, const struct report_opts *o)
{
	char summary[160];
	report_summary(f, o->files, summary, sizeof(summary));
	size_t shown = 0;
	for (size_t i = 0; i < f->count; i++)
		shown += report_shown(&f->items[i]);
	if (shown == 0) {
		if (o->color)
			fprintf(out, "\033[32m%s\033[0m\n", summary);
		else
			fprintf(out, "%s\n", summary);
		return 0;
	}
	size_t rows = shown + 1;
	struct table_cell *cells = calloc(rows * TCOL_N, sizeof(*cells));
	if (!cells)
		return -1;
	int *sev = calloc(rows, sizeof(*sev));
	if (!sev) {
		free(cells);
		return -1;
	}
	int rc = -1;
	for (int c = 0; c < TCOL_N; c++) {
		if (!(cells[c].text = text_clean(table_headers[c], true)))
			goto done;
	}
	sev[0] = -1;
	size_t r = 1;
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (!report_shown(x))
			continue;
		struct table_cell *row = &cells[r * TCOL_N];
		char line[16] = "";
		if (x->line)
			snprintf(line, sizeof(line), "%u", x->line);
		const char *texts[TCOL_N] = {
			x->revision ? x->revision : "-", x->rule ? x->rule : "", x->pattern ? x->pattern : (x->name ? x->name : ""),
			severity_name(x->severity),     line,                     x->message ? x->message : "",
		};
		for (int c = 0; c < TCOL_N; c++) {
			if (!(row[c].text = text_clean(texts[c], true)))
				goto done;
		}
		sev[r] = (int)x->severity;
		r++;
	}
	/* widths: natural, then shrink Message (to 20) and Pattern (to 12) to fit the terminal */
	unsigned w[TCOL_N] = {0};
	for (size_t k = 0; k < rows; k++) {
		for (int c = 0; c < TCOL_N; c++) {
			unsigned nw = table_natural_width(cells[k * TCOL_N + c].text);
			if (nw > w[c])
				w[c] = nw;
		}
	}
	unsigned width = o->width ? o->width : REPORT_DEFAULT_WIDTH;
	unsigned total = 3 * TCOL_N + 1;
	for (int c = 0; c < TCOL_N; c++)
		total += w[c];
	if (total > width) {
		/* give back columns in this order: Message down to 30, Pattern down to 12, Message down to 20 */
		static const struct {
			int col;
			unsigned min;
		} order[] = {{TCOL_MSG, 30}, {TCOL_PATTERN, 12}, {TCOL_MSG, 20}};
		unsigned excess = total - width;
		for (size_t k = 0; k < sizeof(order) / sizeof(order[0]) && excess; k++) {
			unsigned *cw = &w[order[k].col];
			unsigned can = *cw > order[k].min ? *cw - order[k].min : 0;
			unsigned cut = excess < can ? excess : can;
			*cw -= cut;
			excess -= cut;
		}
	}
	for (size_t k = 0; k < rows * TCOL_N; k++) {
		if (table_wrap(&cells[k], w[k % TCOL_N]) != 0)
			goto done;
	}
	table_rule(out, w, o->ascii, 0);
	table_row(out, &cells[0], w, o, -1);
	table_rule(out, w, o->ascii, 1);
	for (size_t k = 1; k < rows; k++)
		table_row(out, &cells[k * TCOL_N], w, o, sev[k]);
	table_rule(out, w, o->ascii, 2);
	if (o->color) {
		size_t e, wn, in;
		report_count(f, &e, &wn, &in);
		fprintf(out, "%s%s\033[0m\n", e ? sev_color(SEV_ERROR) : (wn ? sev_color(SEV_WARNING) : sev_color(SEV_INFO)),
		        summary);
	} else {
		fprintf(out, "%s\n", summary);
	}
	rc = 0;
done:
	table_free_cells(cells, rows * TCOL_N);
	free(sev);
	return rc;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* JSON and SARIF (jansson)                                                                                        */

/* A JSON string (valid UTF-8 guaranteed) or null; NULL on out-of-memory. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	char *clean = text_clean(s, false);
	if (!clean)
		return NULL;
	j = json_string(clean);
	free(clean);
	return j;
}

/* Sets key to v; v is stolen even on failure, and may be NULL (an allocation failed): returns -1 then. */
static int jset(json_t *obj, const char *key, json_t *v)
{
	return json_object_set_new(obj, key, v);
}

/* Appends v (stolen, may be NULL) to arr; returns v, or NULL on failure. */
static json_t *jappend(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, v) != 0)
		return NULL;
	return v;
}

/* Creates a container under obj[key] and returns it (borrowed from obj), or NULL. */
static json_t *jchild(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(obj, key, v) != 0)
		return NULL;
	return v;
}

/* ["MRT201", "MRT206"] from "MRT201,MRT206" (spaces trimmed, empty parts skipped). */
static json_t *jaliases(const char *s)
{
	json_t *arr = json_array();
	if (!arr || !s)
		return arr;
	while (*s) {
		while (*s == ',' || *s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > s && t[-1] == ' ')
			t--;
		if (t > s) {
			char *part = strndup(s, (size_t)(t - s));
			json_t *j = part ? jstr(part) : NULL;
			free(part);
			if (!j || json_array_append_new(arr, j) != 0) {
				json_decref(arr);
				return NULL;
			}
		}
		s = e;
	}
	return arr;
}

static int json_dump_out(FILE *out, json_t *root)
{
	int rc = json_dumpf(root, out, JSON_INDENT(2));
	if (rc == 0)
		putc_unlocked('\n', out);
	return rc;
}

/* True when s is valid UTF-8 (what json_string() accepts). */
static bool u8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = u8_decode(p + i, n - i, &cp);
		if (k == 1 && p[i] >= 0x80)
			return false;
		i += k;
	}
	return true;
}

/*
 * The JSON report is written through a buffer of its own: a big history has ~10,000 findings of ~25 small pieces each,
 * and stdio's per-call locking and bookkeeping cost more than the bytes. Errors of the stream are noticed at the end.
 */
/*
 * The interned strings of the findings (file, revision, rule, pattern, name, hint: one pointer per distinct text, see
 * finding.h) come back thousands of times; each is escaped once and copied afterwards from a small cache, direct-mapped
 * by pointer (a collision only means escaping again).
 */
#define JOUT_CACHE 512

struct jout_cached {
	const char *key; /* borrowed: an interned string of the findings being written */
	char *json;      /* owned: its escaped form, quotes included */
	size_t len;
};

struct jout {
	FILE *f;
	size_t n;
	unsigned long flushes;
	struct jout_cached cache[JOUT_CACHE];
	char buf[1 << 16];
};

static void jout_flush(struct jout *o)
{
	if (o->n)
		fwrite(o->buf, 1, o->n, o->f);
	o->n = 0;
	o->flushes++;
}

static void jout_put(struct jout *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) - o->n) {
		jout_flush(o);
		if (n > sizeof(o->buf)) {
			fwrite(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

#define JOUT_LIT(o, lit) jout_put((o), (lit), sizeof(lit) - 1)

static void jout_uint(struct jout *o, size_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jout_put(o, tmp + i, sizeof(tmp) - i);
}

/* 1 for the bytes a JSON string escapes, 0 for the rest. */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* Eight bytes at a time (the words are read with memcpy, never past n): a high bit per byte that may need a look —
 * below 0x20, '"', '\\' or non-ASCII. Borrows can flag a byte after a real hit, never miss one. */
#define JSON_ONES UINT64_C(0x0101010101010101)
#define JSON_HIGHS UINT64_C(0x8080808080808080)

static uint64_t json_word(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof(w));
	return w;
}

static uint64_t json_flags(uint64_t w)
{
	uint64_t ctl = (w - JSON_ONES * 0x20) & ~w;
	uint64_t q = w ^ (JSON_ONES * '"');
	uint64_t b = w ^ (JSON_ONES * '\\');
	return (ctl | ((q - JSON_ONES) & ~q) | ((b - JSON_ONES) & ~b) | w) & JSON_HIGHS;
}

/* Whether s[0..n) has a byte >= 0x80. */
static bool json_has_high(const unsigned char *s, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8)
		acc |= json_word(s + i);
	for (; i < n; i++)
		acc |= s[i];
	return (acc & JSON_HIGHS) != 0;
}

/* Writes s as a JSON string exactly as jansson's dumper does with our flags (NULL → null; invalid UTF-8 becomes
 * U+FFFD first, like jstr()). */
static void put_json_str(struct jout *o, const char *s)
{
	if (!s) {
		JOUT_LIT(o, "null");
		return;
	}
	char *clean = NULL;
	size_t n = strlen(s);
	if (json_has_high((const unsigned char *)s, n) && !u8_valid(s) && (clean = text_clean(s, false))) {
		s = clean;
		n = strlen(s);
	}
	JOUT_LIT(o, "\"");
	/* runs of ordinary bytes are copied whole; only the bytes JSON escapes stop them */
	const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
	while (p < end) {
		if (end - p >= 8 && !json_flags(json_word(p))) {
			p += 8;
			continue;
		}
		unsigned char c = *p;
		if (!json_special[c]) {
			p++;
			continue;
		}
		jout_put(o, (const char *)run, (size_t)(p - run));
		run = ++p;
		switch (c) {
		case '\\': JOUT_LIT(o, "\\\\"); break;
		case '"': JOUT_LIT(o, "\\\""); break;
		case '\b': JOUT_LIT(o, "\\b"); break;
		case '\f': JOUT_LIT(o, "\\f"); break;
		case '\n': JOUT_LIT(o, "\\n"); break;
		case '\r': JOUT_LIT(o, "\\r"); break;
		case '\t': JOUT_LIT(o, "\\t"); break;
		default: {
			static const char hex[] = "0123456789ABCDEF";
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			jout_put(o, u, sizeof(u));
			break;
		}
		}
	}
	jout_put(o, (const char *)run, (size_t)(p - run));
	JOUT_LIT(o, "\"");
	free(clean);
}

/* put_json_str() of an interned string (see struct jout_cached). */
static void put_json_cached(struct jout *o, const char *s)
{
	if (!s) {
		JOUT_LIT(o, "null");
		return;
	}
	struct jout_cached *c = &o->cache[((uintptr_t)s >> 4) % JOUT_CACHE];
	if (c->key == s) {
		jout_put(o, c->json, c->len);
		return;
	}
	size_t start = o->n;
	unsigned long flushes = o->flushes;
	put_json_str(o, s);
	if (o->flushes != flushes)
		return; /* the escaped bytes are no longer all in the buffer: cache it next time */
	size_t len = o->n - start;
	char *json = malloc(len ? len : 1);
	if (!json)
		return;
	memcpy(json, o->buf + start, len);
	free(c->json);
	c->key = s;
	c->json = json;
	c->len = len;
}

/* The aliases list "MRT201, MRT206" as a JSON array at the indentation of a finding's members. */
static void put_json_aliases(struct jout *o, const char *s)
{
	bool any = false;
	while (s && *s) {
		while (*s == ',' || *s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > s && t[-1] == ' ')
			t--;
		if (t > s) {
			char part[64];
			size_t n = (size_t)(t - s) < sizeof(part) - 1 ? (size_t)(t - s) : sizeof(part) - 1;
			memcpy(part, s, n);
			part[n] = '\0';
			if (any)
				JOUT_LIT(o, ",\n        ");
			else
				JOUT_LIT(o, "[\n        ");
			put_json_str(o, part);
			any = true;
		}
		s = e;
	}
	if (any)
		JOUT_LIT(o, "\n      ]");
	else
		JOUT_LIT(o, "[]");
}

/* A member: the literal before the value (comma, indentation, key), then the value as a JSON string. */
#define JOUT_STR(o, lit, value) (JOUT_LIT((o), lit), put_json_str((o), (value)))
/* The same for an interned string of the findings (cached). */
#define JOUT_INTERNED(o, lit, value) (JOUT_LIT((o), lit), put_json_cached((o), (value)))

/*
 * JSON is streamed one finding at a time, byte for byte what dumping the whole tree with jansson's JSON_INDENT(2)
 * gave (the golden tests hold it to that), so time and memory stay flat however many findings there are.
 */
static int report_json(FILE *out, const struct findings *f, const struct report_opts *o)
{
	struct jout *j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->f = out;
	bool any = false;
	JOUT_LIT(j, "{\n  \"findings\": [");
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (!report_shown(x))
			continue;
		if (any)
			JOUT_LIT(j, ",\n    {\n      \"file\": ");
		else
			JOUT_LIT(j, "\n    {\n      \"file\": ");
		put_json_cached(j, x->file);
		JOUT_LIT(j, ",\n      \"line\": ");
		jout_uint(j, x->line);
		JOUT_LIT(j, ",\n      \"column\": ");
		jout_uint(j, x->col);
		JOUT_INTERNED(j, ",\n      \"revision\": ", x->revision);
		JOUT_INTERNED(j, ",\n      \"rule\": ", x->rule);
		JOUT_LIT(j, ",\n      \"aliases\": ");
		put_json_aliases(j, x->aliases);
		JOUT_STR(j, ",\n      \"severity\": ", severity_name(x->severity));
		JOUT_INTERNED(j, ",\n      \"pattern\": ", x->pattern);
		JOUT_INTERNED(j, ",\n      \"name\": ", x->name);
		JOUT_STR(j, ",\n      \"message\": ", x->message);
		JOUT_INTERNED(j, ",\n      \"hint\": ", x->hint);
		JOUT_LIT(j, "\n    }");
		any = true;
	}
	jout_flush(j);
	for (size_t i = 0; i < JOUT_CACHE; i++)
		free(j->cache[i].json);
	free(j);
	size_t e, w, in;
	report_count(f, &e, &w, &in);
	fprintf(out, "%s\n  \"summary\": {\n    \"errors\": %zu,\n    \"warnings\": %zu,\n    \"info\": %zu,\n"
	             "    \"files\": %zu\n  }\n}\n",
	        any ? "\n  ]," : "],", e, w, in, o ? o->files : 0);
	return ferror(out) ? -1 : 0;
}

static const char *sarif_level(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	case SEV_INFO: return "note";
	}
	return "none";
}

/* Percent-encodes a path for artifactLocation.uri (backslashes become '/'). Caller frees. */
static char *sarif_uri(const char *path)
{
	size_t n = strlen(path);
	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	static const char keep[] = "-._~/:@!$&'()*+,;=";
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c == '\\')
			c = '/';
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr(keep, c))) {
			out[w++] = (char)c;
		} else {
			snprintf(out + w, 4, "%%%02X", c);
			w += 3;
		}
	}
	out[w] = '\0';
	return out;
}

static json_t *jtext(const char *s)
{
	json_t *o = json_object();
	if (o && jset(o, "text", jstr(s ? s : "")) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* One reportingDescriptor, or NULL on out-of-memory. */
static json_t *sarif_rule(const char *id, const char *name, const char *pattern, const char *description,
                          const char *help, enum severity sev)
{
	json_t *r = json_object();
	if (!r)
		return NULL;
	const char *short_desc = pattern ? pattern : (description ? description : (name ? name : id));
	json_t *conf;
	if (jset(r, "id", jstr(id ? id : "")) || (name && jset(r, "name", jstr(name))) ||
	    jset(r, "shortDescription", jtext(short_desc)) ||
	    (description && jset(r, "fullDescription", jtext(description))) || (help && jset(r, "help", jtext(help))) ||
	    !(conf = jchild(r, "defaultConfiguration", json_object())) ||
	    jset(conf, "level", json_string(sarif_level(sev)))) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* One result, or NULL on out-of-memory. */
static json_t *sarif_result(const struct finding *x, size_t rule_index)
{
	json_t *r = json_object();
	if (!r)
		return NULL;
	if (jset(r, "ruleId", jstr(x->rule ? x->rule : "")) || jset(r, "ruleIndex", json_integer((json_int_t)rule_index)) ||
	    jset(r, "level", json_string(sarif_level(x->severity))) || jset(r, "message", jtext(x->message)))
		goto fail;
	if (x->file) {
		json_t *locs = jchild(r, "locations", json_array());
		json_t *loc = locs ? jappend(locs, json_object()) : NULL;
		json_t *phys = loc ? jchild(loc, "physicalLocation", json_object()) : NULL;
		json_t *art = phys ? jchild(phys, "artifactLocation", json_object()) : NULL;
		if (!art)
			goto fail;
		char *uri = sarif_uri(x->file);
		json_t *juri = uri ? jstr(uri) : NULL;
		free(uri);
		if (jset(art, "uri", juri))
			goto fail;
		if (x->line) {
			json_t *reg = jchild(phys, "region", json_object());
			if (!reg || jset(reg, "startLine", json_integer(x->line)) ||
			    (x->col && jset(reg, "startColumn", json_integer(x->col))))
				goto fail;
		}
	}
	if (x->revision || x->aliases || x->hint) {
		json_t *p = jchild(r, "properties", json_object());
		if (!p || (x->revision && jset(p, "revision", jstr(x->revision))) ||
		    (x->aliases && jset(p, "aliases", jaliases(x->aliases))) || (x->hint && jset(p, "hint", jstr(x->hint))))
			goto fail;
	}
	return r;
fail:
	json_decref(r);
	return NULL;
}

static int report_sarif(FILE *out, const struct findings *f, const struct report_opts *o)
{
	int rc = -1;
	const char **ids = NULL; /* borrowed rule ids; index = ruleIndex */
	size_t nids = 0;
	json_t *root = json_object();
	if (!root)
		return -1;
	json_t *runs, *run, *tool, *driver, *rules, *results;
	if (jset(root, "$schema", json_string(REPORT_SARIF_SCHEMA)) || jset(root, "version", json_string("2.1.0")) ||
	    !(runs = jchild(root, "runs", json_array())) || !(run = jappend(runs, json_object())) ||
	    !(tool = jchild(run, "tool", json_object())) || !(driver = jchild(tool, "driver", json_object())) ||
	    jset(driver, "name", json_string("mrt")) ||
	    jset(driver, "version", jstr(o->tool_version ? o->tool_version : MRT_VERSION)) ||
	    !(rules = jchild(driver, "rules", json_array())) || !(results = jchild(run, "results", json_array())))
		goto done;
	ids = calloc(o->nrules + f->count + 1, sizeof(*ids));
	if (!ids)
		goto done;
	for (size_t i = 0; i < o->nrules; i++) {
		const struct report_rule *r = &o->rules[i];
		if (!jappend(rules, sarif_rule(r->id, r->name, r->pattern, r->description, r->help, r->sev)))
			goto done;
		ids[nids++] = r->id ? r->id : "";
	}
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (!report_shown(x))
			continue;
		const char *id = x->rule ? x->rule : "";
		size_t k = 0;
		while (k < nids && strcmp(ids[k], id) != 0)
			k++;
		if (k == nids) { /* a rule without metadata: describe it from the finding */
			if (!jappend(rules, sarif_rule(id, x->name, x->pattern, NULL, NULL, x->severity)))
				goto done;
			ids[nids++] = id;
		}
		if (!jappend(results, sarif_result(x, k)))
			goto done;
	}
	rc = json_dump_out(out, root);
done:
	free(ids);
	json_decref(root);
	return rc;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* GitHub workflow commands                                                                                        */

/* Writes s (cleaned to UTF-8) with workflow-command escaping: % CR LF always, and : , in properties. */
static int gh_escape(FILE *out, const char *s, bool property)
{
	char *c = text_clean(s, false);
	if (!c)
		return -1;
	for (const char *p = c; *p; p++) {
		switch (*p) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':':
			if (property) fputs("%3A", out);
			else putc_unlocked(':', out);
			break;
		case ',':
			if (property) fputs("%2C", out);
			else putc_unlocked(',', out);
			break;
		default: putc_unlocked(*p, out); break;
		}
	}
	free(c);
	return 0;
}

static int report_github(FILE *out, const struct findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (!report_shown(x))
			continue;
		const char *level = x->severity == SEV_ERROR ? "error" : (x->severity == SEV_WARNING ? "warning" : "notice");
		fprintf(out, "::%s ", level);
		const char *sep = "";
		if (x->file) {
			fputs("file=", out);
			if (gh_escape(out, x->file, true))
				return -1;
			sep = ",";
		}
		if (x->line) {
			fprintf(out, "%sline=%u", sep, x->line);
			sep = ",";
			if (x->col)
				fprintf(out, ",col=%u", x->col);
		}
		fprintf(out, "%stitle=", sep);
		if (gh_escape(out, x->rule ? x->rule : "mrt", true))
			return -1;
		if (x->name) {
			putc_unlocked(' ', out);
			if (gh_escape(out, x->name, true))
				return -1;
		}
		fputs("::", out);
		if (gh_escape(out, x->message ? x->message : "", false))
			return -1;
		if (x->hint) {
			fputs("%0AHint: ", out);
			if (gh_escape(out, x->hint, false))
				return -1;
		}
		putc_unlocked('\n', out);
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* XML / HTML escaping                                                                                             */

/* Writes s as XML/HTML text with & < > " ' escaped (attr: also LF TAB as character references; CR always). Invalid UTF-8 and
 * characters XML 1.0 forbids become U+FFFD. */
static int xml_escape(FILE *out, const char *s, bool attr)
{
	char *c = text_clean(s, false);
	if (!c)
		return -1;
	const unsigned char *p = (const unsigned char *)c;
	size_t n = strlen(c), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = u8_decode(p + i, n - i, &cp);
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\n': fputs(attr ? "&#10;" : "\n", out); break;
		case '\r': fputs("&#13;", out); break;
		case '\t': fputs(attr ? "&#9;" : "\t", out); break;
		default:
			if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
				fputs("\xEF\xBF\xBD", out);
			else
				fwrite(p + i, 1, k, out);
		}
		i += k;
	}
	free(c);
	return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* JUnit                                                                                                           */

static int report_junit(FILE *out, const struct findings *f)
{
	size_t e, w, in;
	report_count(f, &e, &w, &in);
	size_t tests = e + w + in, failures = e + w;
	size_t shown_tests = tests ? tests : 1;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"mrt\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", shown_tests, failures);
	fprintf(out, "  <testsuite name=\"mrt check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
	        shown_tests, failures);
	if (tests == 0)
		fputs("    <testcase classname=\"mrt\" name=\"no findings\"/>\n", out);
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (!report_shown(x))
			continue;
		char line[32] = "";
		if (x->line)
			snprintf(line, sizeof(line), " (line %u)", x->line);
		fputs("    <testcase classname=\"", out);
		if (xml_escape(out, x->file ? x->file : "mrt", true))
			return -1;
		fputs("\" name=\"", out);
		if (xml_escape(out, x->rule ? x->rule : "", true))
			return -1;
		if (x->name) {
			putc_unlocked(' ', out);
			if (xml_escape(out, x->name, true))
				return -1;
		}
		fprintf(out, "%s\">\n", line);
		bool failure = x->severity != SEV_INFO;
		if (failure) {
			fprintf(out, "      <failure type=\"%s\" message=\"", severity_name(x->severity));
			if (xml_escape(out, x->message ? x->message : "", true))
				return -1;
			fputs("\">", out);
		} else {
			fputs("      <system-out>", out);
		}
		/* body: rule, location, message, hint */
		if (xml_escape(out, x->rule ? x->rule : "", false))
			return -1;
		if (x->pattern) {
			fputs(" ", out);
			if (xml_escape(out, x->pattern, false))
				return -1;
		}
		fprintf(out, " (%s)\n", severity_name(x->severity));
		if (x->file) {
			if (xml_escape(out, x->file, false))
				return -1;
			if (x->line)
				fprintf(out, ":%u", x->line);
			if (x->line && x->col)
				fprintf(out, ":%u", x->col);
			putc_unlocked('\n', out);
		}
		if (x->revision) {
			fputs("revision ", out);
			if (xml_escape(out, x->revision, false))
				return -1;
			putc_unlocked('\n', out);
		}
		if (xml_escape(out, x->message ? x->message : "", false))
			return -1;
		if (x->hint) {
			fputs("\nHint: ", out);
			if (xml_escape(out, x->hint, false))
				return -1;
		}
		fputs(failure ? "</failure>\n" : "</system-out>\n", out);
		fputs("    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
	return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* HTML                                                                                                            */

static const char html_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>mrt check report</title>\n"
	"<style>\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;margin:2rem;color:#1f2328;background:#fff}\n"
	"h1{font-size:1.4rem;margin:0 0 .5rem}\n"
	".summary{font-weight:600;margin:.5rem 0 1rem}\n"
	".summary.error{color:#b42318}.summary.warning{color:#9a6700}.summary.info{color:#0b6bcb}"
	".summary.clean{color:#1a7f37}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}\n"
	"th{background:#f6f8fa}\n"
	"td.line{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.code,td.file,td.rev{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:nowrap}\n"
	"td.msg{white-space:pre-wrap}\n"
	".hint{color:#57606a;margin-top:.3rem}\n"
	".sev{font-weight:600}.sev.error{color:#b42318}.sev.warning{color:#9a6700}.sev.info{color:#0b6bcb}\n"
	"footer{margin-top:1rem;color:#57606a;font-size:.85rem}\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<h1>mrt check</h1>\n";

/* HTML text of s with control characters shown as spaces (newlines kept; td.msg keeps them visible). */
static int html_text(FILE *out, const char *s)
{
	char *c = text_clean(s, true);
	if (!c)
		return -1;
	int rc = xml_escape(out, c, false);
	free(c);
	return rc;
}

static int report_html(FILE *out, const struct findings *f, const struct report_opts *o)
{
	char summary[160];
	report_summary(f, o->files, summary, sizeof(summary));
	size_t e, w, in;
	report_count(f, &e, &w, &in);
	const char *cls = e ? "error" : (w ? "warning" : (in ? "info" : "clean"));
	fputs(html_head, out);
	fprintf(out, "<p class=\"summary %s\">", cls);
	if (html_text(out, summary))
		return -1;
	fputs("</p>\n", out);
	if (e + w + in) {
		fputs("<table>\n<thead><tr><th>File</th><th>Line</th><th>Revision</th><th>Code</th><th>Pattern</th>"
		      "<th>Severity</th><th>Message</th></tr></thead>\n<tbody>\n",
		      out);
		for (size_t i = 0; i < f->count; i++) {
			const struct finding *x = &f->items[i];
			if (!report_shown(x))
				continue;
			const char *sev = severity_name(x->severity);
			fprintf(out, "<tr class=\"%s\"><td class=\"file\">", sev);
			if (html_text(out, x->file ? x->file : ""))
				return -1;
			fputs("</td><td class=\"line\">", out);
			if (x->line)
				fprintf(out, "%u", x->line);
			fputs("</td><td class=\"rev\">", out);
			if (html_text(out, x->revision ? x->revision : ""))
				return -1;
			fputs("</td><td class=\"code\"", out);
			if (x->aliases) {
				fputs(" title=\"aliases: ", out);
				if (html_text(out, x->aliases))
					return -1;
				putc_unlocked('"', out);
			}
			putc_unlocked('>', out);
			if (html_text(out, x->rule ? x->rule : ""))
				return -1;
			fputs("</td><td>", out);
			if (html_text(out, x->pattern ? x->pattern : (x->name ? x->name : "")))
				return -1;
			fprintf(out, "</td><td class=\"sev %s\">%s</td><td class=\"msg\">", sev, sev);
			if (html_text(out, x->message ? x->message : ""))
				return -1;
			if (x->hint) {
				fputs("<div class=\"hint\">Hint: ", out);
				if (html_text(out, x->hint))
					return -1;
				fputs("</div>", out);
			}
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody>\n</table>\n", out);
	}
	fputs("<footer>Generated by mrt ", out);
	if (html_text(out, o->tool_version ? o->tool_version : MRT_VERSION))
		return -1;
	fputs("</footer>\n</body>\n</html>\n", out);
	return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */

int report_write(FILE *out, enum report_format fmt, const struct findings *f, const struct report_opts *o)
{
	static const struct findings none = {0};
	static const struct report_opts defaults = {0};
	if (!f)
		f = &none;
	if (!o)
		o = &defaults;
	int rc;
	switch (fmt) {
	case REPORT_TABLE: rc = report_table(out, f, o); break;
	case REPORT_JSON: rc = report_json(out, f, o); break;
	case REPORT_SARIF: rc = report_sarif(out, f, o); break;
	case REPORT_GITHUB: rc = report_github(out, f); break;
	case REPORT_JUNIT: rc = report_junit(out, f); break;
	case REPORT_HTML: rc = report_html(out, f, o); break;
	default: return -1;
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return rc;
}
