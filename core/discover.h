/*
 * discover.h — which files are migrations: from alembic.ini, or from paths given on the command line.
 *
 * alembic.ini is read the way Python's configparser reads it (Alembic uses it): [sections], `key = value` and
 * `key: value`, keys case-insensitive, values stripped, continuation lines by deeper indentation, whole-line `#`/`;`
 * comments (no inline comments: `a = b # c` is the value "b # c"), %(name)s interpolation from the same section, the
 * [DEFAULT] section and `here` (absolute directory of the ini file), `%%` for a literal percent sign.
 *
 * Paths in the ini (script_location, version_locations) that are relative are taken relative to the ini's directory,
 * so `mrt` gives the same answer from any working directory.
 *
 * Ownership: struct discovery owns every pointer in it (malloc'd); discovery_release() frees them. The URL may carry
 * credentials: never print sqlalchemy_url itself, print discover_redact_url()'s copy. No message produced here ever
 * contains the URL.
 *
 * Errors: functions return DISCOVER_OK (0) or a positive enum discover_error code and write one line of text into
 * err[0..errlen) naming the file (and line) and what to do. `out` is always safe to discovery_release() afterwards.
 */
#ifndef MRT_DISCOVER_H
#define MRT_DISCOVER_H

#include <stddef.h>
#include <stdbool.h>

enum discover_error {
	DISCOVER_OK = 0,
	DISCOVER_ECONFIG = 1, /* bad or incomplete alembic.ini, missing directory, bad path argument (exit code 3) */
	DISCOVER_EIO = 2,     /* a file or directory could not be read (exit code 3: the user's paths) */
	DISCOVER_ENOMEM = 3,  /* out of memory (exit code 4) */
};

/* flags for discover_paths_ex() */
#define DISCOVER_RECURSIVE 0x1u /* walk subdirectories of the directories given */

struct discovery {
	char *ini_path;          /* owned: as given, or NULL for discover_paths() */
	char *section;           /* owned: the ini section read ("alembic"), or NULL */
	char *script_location;   /* owned: resolved directory (ini dir joined), or NULL */
	char **version_dirs;     /* owned array of owned strings: the directories searched, in configured order */
	size_t nversion_dirs;
	bool recursive;          /* recursive_version_locations = true (or DISCOVER_RECURSIVE) */
	char *sqlalchemy_url;    /* owned, interpolated; NULL when not set. MAY CONTAIN A PASSWORD: never print it */
	char dialect[16];        /* "postgresql", "sqlite", "mysql", "mariadb", another scheme's base name ("mssql"),
	                            or "" when there is no URL */
	char driver[32];         /* "psycopg2", "pymysql", ... or "" */
	char **files;            /* owned array of owned strings: migration candidates (*.py, no __init__.py),
	                            sorted by strcmp, no duplicates */
	size_t nfiles;
};

/* Sets every field to empty (allocates nothing). */
void discovery_init(struct discovery *d);
/* Frees everything the discovery owns; *d is empty (discovery_init state) afterwards. */
void discovery_release(struct discovery *d);

/*
 * Reads ini_path, section [alembic], resolves the versions directories and lists their migration files.
 * discovery_init() is called on *out first.
 */
int discover_from_ini(const char *ini_path, struct discovery *out, char *err, size_t errlen);
/* The same with another section name (`alembic --name NAME`); section NULL means "alembic". */
int discover_from_ini_section(const char *ini_path, const char *section, struct discovery *out, char *err,
                              size_t errlen);

/*
 * Directories (their *.py files, not subdirectories) and files given on the command line. A file must end in .py
 * (an explicitly named __init__.py is skipped silently). A directory that is an Alembic script_location (it holds
 * env.py or script.py.mako, and versions/) stands for its versions/ directory. In any directory holding
 * script.py.mako, env.py is not a candidate. discovery_init() is called on *out first.
 */
int discover_paths(char *const *paths, size_t n, struct discovery *out, char *err, size_t errlen);
/* flags: DISCOVER_RECURSIVE. */
int discover_paths_ex(char *const *paths, size_t n, unsigned flags, struct discovery *out, char *err, size_t errlen);

/*
 * Dialect from a SQLAlchemy URL's scheme: "postgresql+psycopg2://..." → dialect "postgresql", driver "psycopg2";
 * "postgres" → "postgresql"; "sqlite", "mysql", "mariadb" as is; other schemes: their base name lower-cased.
 * Empty strings when url is NULL or has no scheme. Never fails; buffers are always NUL-terminated.
 */
void discover_dialect_from_url(const char *url, char *dialect, size_t dlen, char *driver, size_t drvlen);

/*
 * Copies url into buf with the password replaced:
 * "postgresql://bob:secret@host/db" → "postgresql://bob:***@host/db". Query-string values named password/passwd/pwd
 * are masked too. Truncates to buflen-1; buf is always NUL-terminated.
 */
void discover_redact_url(const char *url, char *buf, size_t buflen);

/* Name of a discover_error code: "ok", "configuration error", "I/O error", "out of memory". */
const char *discover_strerror(int code);

#endif
