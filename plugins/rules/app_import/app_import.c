/*
 * app_import.c — MRT024 app-import: a migration imports the application's own modules or writes through the ORM.
 *
 * A migration must be frozen in time: it runs again (fresh databases, CI, `alembic downgrade` during an incident)
 * long after the models and services it imported have changed or disappeared. Fires on
 *   - every import (module level or inside a function) of one of the APPLICATION's own modules: not the Python
 *     standard library, alembic, sqlalchemy (and its dialects), sqlmodel or typing_extensions, not listed in the
 *     `allowed_modules` option (an entry allows the module itself and its submodules), and either
 *       - a relative import (`from . import x`, `from .models import User`), or
 *       - a top-level name listed in the `app_modules` option, or
 *       - a top-level name `n` found in the project: walking up from the migration file's directory, some directory D
 *         holds `D/n/` (a package dir), `D/n.py` or `D/src/n/`, D itself not being a package (no `__init__.py`:
 *         inside package `pkg`, `n/` is `pkg.n`). The walk ends at the project root: the nearest
 *         directory holding `.git`, `pyproject.toml`, `setup.py` or `setup.cfg`; when there is none, the parent of
 *         the nearest directory holding `alembic.ini`; when there is neither, at `/` or after AI_MAX_DEPTH levels.
 *     Any other name is a third-party package (alembic_postgresql_enum, sqlalchemy_utils, ...): silent. When the
 *     migration's path is unknown, every such import fires (the 1.0 behaviour). One finding per module and line.
 *   - every write through an ORM Session bound to the migration's connection (`Session(bind=op.get_bind())`):
 *     session.add / add_all / merge / delete / bulk_save_objects / bulk_insert_mappings / bulk_update_mappings and
 *     session.query(Model)....update() / .delete(), in upgrade() and downgrade() (helpers expanded at the call site).
 *
 * Not reported: session.execute(...) of plain SQL or Core constructs (that is a data statement, MRT009's business),
 * op.bulk_insert with a table built by sa.table(), text in comments and docstrings.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../safety_common/sf_common.h"

/*
 * Python's standard library module names, generated once from CPython 3.11.7 with
 *   python3 -c "import sys;print(sorted(sys.stdlib_module_names))"
 * (sorted by code point, so bsearch with strcmp works). Regenerate the same way to pick up a newer Python.
 */
static const char *const ai_stdlib[] = {
	"__future__", "_abc", "_aix_support", "_ast", "_asyncio", "_bisect", "_blake2", "_bootsubprocess", "_bz2",
	"_codecs", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw",
	"_collections", "_collections_abc", "_compat_pickle", "_compression", "_contextvars", "_crypt", "_csv", "_ctypes",
	"_curses", "_curses_panel", "_datetime", "_dbm", "_decimal", "_elementtree", "_frozen_importlib",
	"_frozen_importlib_external", "_functools", "_gdbm", "_hashlib", "_heapq", "_imp", "_io", "_json", "_locale",
	"_lsprof", "_lzma", "_markupbase", "_md5", "_msi", "_multibytecodec", "_multiprocessing", "_opcode", "_operator",
	"_osx_support", "_overlapped", "_pickle", "_posixshmem", "_posixsubprocess", "_py_abc", "_pydecimal", "_pyio",
	"_queue", "_random", "_scproxy", "_sha1", "_sha256", "_sha3", "_sha512", "_signal", "_sitebuiltins", "_socket",
	"_sqlite3", "_sre", "_ssl", "_stat", "_statistics", "_string", "_strptime", "_struct", "_symtable", "_thread",
	"_threading_local", "_tkinter", "_tokenize", "_tracemalloc", "_typing", "_uuid", "_warnings", "_weakref",
	"_weakrefset", "_winapi", "_zoneinfo", "abc", "aifc", "antigravity", "argparse", "array", "ast", "asynchat",
	"asyncio", "asyncore", "atexit", "audioop", "base64", "bdb", "binascii", "bisect", "builtins", "bz2", "cProfile",
	"calendar", "cgi", "cgitb", "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys",
	"compileall", "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv",
	"ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "distutils", "doctest",
	"email", "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch",
	"fractions", "ftplib", "functools", "gc", "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib",
	"grp", "gzip", "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib",
	"inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache", "locale", "logging", "lzma",
	"mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap", "modulefinder", "msilib", "msvcrt",
	"multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode", "operator",
	"optparse", "os", "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil", "platform",
	"plistlib", "poplib", "posix", "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile", "pyclbr",
	"pydoc", "pydoc_data", "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib", "resource",
	"rlcompleter", "runpy", "sched", "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal", "site",
	"smtpd", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile", "sre_constants",
	"sre_parse", "ssl", "stat", "statistics", "string", "stringprep", "struct", "subprocess", "sunau", "symtable",
	"sys", "sysconfig", "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this",
	"threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback", "tracemalloc",
	"tty", "turtle", "turtledemo", "types", "typing", "unicodedata", "unittest", "urllib", "uu", "uuid", "venv",
	"warnings", "wave", "weakref", "webbrowser", "winreg", "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "zipapp",
	"zipfile", "zipimport", "zlib", "zoneinfo",
};

/* Third-party packages every migration may use. */
static const char *const ai_builtin_allowed[] = {"alembic", "sqlalchemy", "sqlmodel", "typing_extensions"};

/* How far the project walk goes up from the migration's directory. */
#define AI_MAX_DEPTH 16

static int ai_cmp(const void *key, const void *elem)
{
	const char *a = key, *b = *(const char *const *)elem;
	/* first byte first: most probes of the search differ there, and that spares a library call */
	if (a[0] != b[0])
		return (unsigned char)a[0] - (unsigned char)b[0];
	return strcmp(a, b);
}

/* Whether mod equals pkg or is a submodule of it ("pkg.x"). */
static bool ai_under(const char *mod, const char *pkg)
{
	size_t n = strlen(pkg);
	return n && strncmp(mod, pkg, n) == 0 && (mod[n] == '\0' || mod[n] == '.');
}

/* Whether path names an existing directory (dir) or regular file (!dir). */
static bool ai_exists(const char *path, bool dir)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	return dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

/* Whether dir/name exists as a directory (isdir) or file; false when the path does not fit. */
static bool ai_has(const char *dir, const char *name, bool isdir)
{
	char p[PATH_MAX];
	int n = snprintf(p, sizeof(p), "%s/%s", dir, name);
	return n > 0 && (size_t)n < sizeof(p) && ai_exists(p, isdir);
}

/*
 * Whether top-level module name `top` is the application's: found as a package dir, a module file or src/<top>/ in
 * a directory from the migration file's up to the project root (see the file comment). where[0..where_size) receives
 * what was found ("package myapp/", "module myapp.py", "package src/myapp/"). migration_path is borrowed.
 */
static bool ai_in_project(const char *migration_path, const char *top, char *where, size_t where_size)
{
	char dir[PATH_MAX];
	if (!migration_path || !*migration_path || !top || !*top || strchr(top, '/'))
		return false;
	/* the file's directory, then <dir>/.., <dir>/../.. (no realpath: works on relative paths and in strict C11) */
	const char *slash = strrchr(migration_path, '/');
	int n;
	if (!slash)
		n = snprintf(dir, sizeof(dir), ".");
	else if (slash == migration_path)
		n = snprintf(dir, sizeof(dir), "/");
	else
		n = snprintf(dir, sizeof(dir), "%.*s", (int)(slash - migration_path), migration_path);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return false;
	size_t len0 = (size_t)n, len = len0;
	/* pass 1: how many levels up the project root is — the nearest directory with a root marker; failing that, the
	   parent of the nearest directory holding alembic.ini; failing that, as far as the walk goes */
	int levels = -1, ini_levels = -1, depth = 0;
	for (; depth < AI_MAX_DEPTH; depth++) {
		if (ai_has(dir, ".git", true) || ai_has(dir, ".git", false) || ai_has(dir, "pyproject.toml", false) ||
		    ai_has(dir, "setup.py", false) || ai_has(dir, "setup.cfg", false)) {
			levels = depth;
			break;
		}
		if (ini_levels < 0 && ai_has(dir, "alembic.ini", false))
			ini_levels = depth + 1;
		/* up one level, unless this is / (the directory is its own parent) */
		struct stat here, up;
		if (len + 4 > sizeof(dir) || stat(dir, &here) != 0)
			break;
		memcpy(dir + len, "/..", 4);
		if (stat(dir, &up) != 0 || (up.st_dev == here.st_dev && up.st_ino == here.st_ino))
			break;
		len += 3;
	}
	if (levels < 0)
		levels = ini_levels >= 0 && ini_levels <= depth ? ini_levels : depth;
	/* pass 2: the name in each directory from the file's up to the root */
	char file[NAME_MAX + 8], src[NAME_MAX + 8];
	int nf = snprintf(file, sizeof(file), "%s.py", top), ns = snprintf(src, sizeof(src), "src/%s", top);
	if (nf < 0 || (size_t)nf >= sizeof(file) || ns < 0 || (size_t)ns >= sizeof(src))
		return false;
	len = len0;
	dir[len] = '\0';
	for (int k = 0; k <= levels; k++) {
		/* inside a package (it holds __init__.py) a name is `pkg.name`, not a top-level module: warehouse/packaging/
		   is warehouse.packaging, and `import packaging` is the PyPI package */
		bool package = ai_has(dir, "__init__.py", false);
		if (!package && ai_has(dir, top, true)) {
			snprintf(where, where_size, "package %s/", top);
			return true;
		}
		if (!package && ai_has(dir, file, false)) {
			snprintf(where, where_size, "module %s", file);
			return true;
		}
		if (!package && ai_has(dir, src, true)) {
			snprintf(where, where_size, "package %s/", src);
			return true;
		}
		if (len + 4 > sizeof(dir))
			return false;
		memcpy(dir + len, "/..", 4);
		len += 3;
	}
	return false;
}

/* Whether mod (or its top-level package) is listed in the app_modules option. */
static bool ai_listed_app(const struct sf_state *s, const char *mod)
{
	size_t na = s->api->opt_list_count(s->opts, "app_modules");
	for (size_t i = 0; i < na; i++) {
		const char *a = s->api->opt_list_item(s->opts, "app_modules", i);
		if (a && ai_under(mod, a))
			return true;
	}
	return false;
}

/* Whether an imported module is fine for a migration. */
static bool ai_allowed(const struct sf_state *s, const char *mod)
{
	if (!mod || !*mod || mod[0] == '.')
		return false;
	/* alembic and sqlalchemy first: nearly every migration imports them, and they need no copy nor search */
	for (size_t i = 0; i < sizeof(ai_builtin_allowed) / sizeof(ai_builtin_allowed[0]); i++)
		if (mod[0] == ai_builtin_allowed[i][0] && ai_under(mod, ai_builtin_allowed[i]))
			return true;
	char top[128];
	size_t n = strcspn(mod, ".");
	if (n >= sizeof(top))
		return false;
	memcpy(top, mod, n);
	top[n] = '\0';
	if (bsearch(top, ai_stdlib, sizeof(ai_stdlib) / sizeof(ai_stdlib[0]), sizeof(ai_stdlib[0]), ai_cmp))
		return true;
	size_t na = s->api->opt_list_count(s->opts, "allowed_modules");
	for (size_t i = 0; i < na; i++) {
		const char *a = s->api->opt_list_item(s->opts, "allowed_modules", i);
		if (a && ai_under(mod, a))
			return true;
	}
	return false;
}

static const char *ai_import_hint = "copy what the migration needs into it (sa.table()/sa.column() definitions, "
                                    "constants, a frozen copy of the function) instead of importing live code; list "
                                    "a stable third-party package in the `allowed_modules` option";
static const char *ai_orm_hint = "write data with op.execute(sa.update(t)...) or op.bulk_insert(t, rows) on a table "
                                 "defined inside the migration with sa.table()/sa.column()";

static int ai_imports(const struct sf_state *s, mrt_ctx *ctx, const mrt_migration *m)
{
	const mrt_host_api *api = s->api;
	const char *path = MRT_HOST_HAS(api, migration_path) ? api->migration_path(m) : NULL;
	if (path && !*path)
		path = NULL;
	size_t n = api->migration_import_count(m);
	/* `from typing import Sequence, Union` is two imports sharing one module text: its verdict is reused */
	const char *prev_mod = NULL; /* borrowed */
	bool prev_allowed = false;
	for (size_t i = 0; i < n; i++) {
		const mrt_import *im = api->migration_import(m, i);
		const char *mod = api->import_module(im);
		unsigned line = api->import_line(im);
		if (!mod)
			continue;
		bool allowed = mod == prev_mod ? prev_allowed : ai_allowed(s, mod);
		prev_mod = mod;
		prev_allowed = allowed;
		if (allowed)
			continue;
		/* whose module: relative imports and app_modules always; otherwise the project walk decides */
		char where[NAME_MAX + 48];
		where[0] = '\0';
		if (mod[0] == '.') {
			snprintf(where, sizeof(where), "relative import");
		} else if (ai_listed_app(s, mod)) {
			snprintf(where, sizeof(where), "listed in app_modules");
		} else if (path) {
			char top[128];
			size_t tn = strcspn(mod, ".");
			if (tn >= sizeof(top))
				continue;
			memcpy(top, mod, tn);
			top[tn] = '\0';
			char found[NAME_MAX + 24];
			if (!ai_in_project(path, top, found, sizeof(found)))
				continue; /* a third-party package */
			snprintf(where, sizeof(where), "%s in the project", found);
		}
		/* one finding per module and line: `from app.models import A, B` is one import */
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			const mrt_import *p = api->migration_import(m, k);
			const char *pm = api->import_module(p);
			seen = api->import_line(p) == line && pm && !strcmp(pm, mod);
		}
		if (seen)
			continue;
		/* the imported names, for the message */
		char names[200];
		size_t w = 0;
		names[0] = '\0';
		for (size_t k = i; k < n; k++) {
			const mrt_import *p = api->migration_import(m, k);
			const char *pm = api->import_module(p), *nm = api->import_name(p);
			if (api->import_line(p) != line || !pm || strcmp(pm, mod) || !nm)
				continue;
			int x = snprintf(names + w, sizeof(names) - w, "%s%s", w ? ", " : " (", nm);
			if (x < 0 || (size_t)x >= sizeof(names) - w) {
				names[w] = '\0';
				break;
			}
			w += (size_t)x;
		}
		if (w && w + 2 < sizeof(names)) {
			names[w++] = ')';
			names[w] = '\0';
		}
		int rc = where[0]
		                 ? api->report(ctx, MRT_SEV_DEFAULT, line, 1, ai_import_hint,
		                               "migration imports '%s'%s, the application's own code (%s): replaying or "
		                               "rolling back this revision breaks when that code changes",
		                               mod, names, where)
		                 : api->report(ctx, MRT_SEV_DEFAULT, line, 1, ai_import_hint,
		                               "migration imports '%s'%s, which is not the standard library, alembic or "
		                               "sqlalchemy: replaying or rolling back this revision breaks when that code "
		                               "changes",
		                               mod, names);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static const char *const ai_session_writes[] = {"add", "add_all", "merge", "delete", "bulk_save_objects",
                                                "bulk_insert_mappings", "bulk_update_mappings"};

static int ai_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	(void)m;
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	if (!(api->op_flags(o) & MRT_OP_VIA_BIND)) /* first: most ops are op.* calls, not on a Session */
		return MRT_OK;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	bool write = false;
	for (size_t i = 0; i < sizeof(ai_session_writes) / sizeof(ai_session_writes[0]) && !write; i++)
		write = !strcmp(name, ai_session_writes[i]);
	const char *recv = api->op_receiver(o);
	/* session.query(Model)....update()/delete(): the receiver text contains the query call */
	if (!write && (!strcmp(name, "update") || !strcmp(name, "delete")) && recv && strstr(recv, ".query("))
		write = true;
	if (!write)
		return MRT_OK;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	const char *fn = api->func_name(f);
	return api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), ai_orm_hint,
	                   "%s() writes through an ORM Session (%s.%s())%s: the models it relies on change with the "
	                   "application, so replaying or rolling back this revision later breaks or writes the wrong shape",
	                   fn ? fn : "?", recv && *recv ? recv : "session", name, notes);
}

static int ai_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	int rc = ai_imports(s, ctx, m);
	if (rc != MRT_OK)
		return rc;
	return sf_walk(s->api, state, ctx, m, true, ai_op);
}

static const mrt_option_spec ai_options[] = {
	{.name = "allowed_modules", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "modules (and their submodules) a migration may import besides the standard library, alembic, "
	                "sqlalchemy, sqlmodel and typing_extensions (e.g. geoalchemy2, sqlalchemy_utils)"},
	{.name = "app_modules", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "the application's own top-level modules (and their submodules), reported even when the "
	                "project walk from the migration's directory does not find them (e.g. installed elsewhere)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "app-import", .version = "1.0.0",
                  .description = "a migration imports application code or writes through the ORM",
                  .init = sf_init, .check_migration = ai_check, .fini = sf_fini, .options = ai_options)
