/*
 * app_import.c — MRT024 app-import: a migration imports the application's own modules or writes through the ORM.
 *
 * A migration must be frozen in time: it runs again (fresh databases, CI, `alembic downgrade` during an incident)
 * long after the models and services it imported have changed or disappeared. Fires on
 *   - every import (module level or inside a function) of a module that is not in the Python standard library, not
 *     alembic, sqlalchemy (and its dialects), sqlmodel or typing_extensions, and not listed in the `allowed_modules`
 *     option (an entry allows the module itself and its submodules); relative imports (`from . import x`,
 *     `from .models import User`) always fire. One finding per imported module and line.
 *   - every write through an ORM Session bound to the migration's connection (`Session(bind=op.get_bind())`):
 *     session.add / add_all / merge / delete / bulk_save_objects / bulk_insert_mappings / bulk_update_mappings and
 *     session.query(Model)....update() / .delete(), in upgrade() and downgrade() (helpers expanded at the call site).
 *
 * Not reported: session.execute(...) of plain SQL or Core constructs (that is a data statement, MRT009's business),
 * op.bulk_insert with a table built by sa.table(), text in comments and docstrings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int ai_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

/* Whether mod equals pkg or is a submodule of it ("pkg.x"). */
static bool ai_under(const char *mod, const char *pkg)
{
	size_t n = strlen(pkg);
	return n && strncmp(mod, pkg, n) == 0 && (mod[n] == '\0' || mod[n] == '.');
}

/* Whether an imported module is fine for a migration. */
static bool ai_allowed(const struct sf_state *s, const char *mod)
{
	if (!mod || !*mod || mod[0] == '.')
		return false;
	char top[128];
	size_t n = strcspn(mod, ".");
	if (n >= sizeof(top))
		return false;
	memcpy(top, mod, n);
	top[n] = '\0';
	if (bsearch(top, ai_stdlib, sizeof(ai_stdlib) / sizeof(ai_stdlib[0]), sizeof(ai_stdlib[0]), ai_cmp))
		return true;
	for (size_t i = 0; i < sizeof(ai_builtin_allowed) / sizeof(ai_builtin_allowed[0]); i++)
		if (!strcmp(top, ai_builtin_allowed[i]))
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
	size_t n = api->migration_import_count(m);
	for (size_t i = 0; i < n; i++) {
		const mrt_import *im = api->migration_import(m, i);
		const char *mod = api->import_module(im);
		unsigned line = api->import_line(im);
		if (!mod || ai_allowed(s, mod))
			continue;
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
		int rc = api->report(ctx, MRT_SEV_DEFAULT, line, 1, ai_import_hint,
		                     "migration imports '%s'%s, which is not the standard library, alembic or sqlalchemy: "
		                     "replaying or rolling back this revision breaks when that code changes",
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
	const char *name = api->op_name(o);
	if (!name || !(api->op_flags(o) & MRT_OP_VIA_BIND))
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
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "app-import", .version = "1.0.0",
                  .description = "a migration imports application code or writes through the ORM",
                  .init = sf_init, .check_migration = ai_check, .fini = sf_fini, .options = ai_options)
