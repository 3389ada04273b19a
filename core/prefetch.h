/*
 * prefetch.h — migration files read and parsed ahead of the rules, on a second thread.
 *
 * `mrt check` spends a good part of its time in the rule plugins besides reading and parsing. With two or more CPUs,
 * a worker thread reads and parses the next files while the caller's thread runs the rules on the current ones: a
 * pipeline of two stages, `depth` files deep. The caller still sees every file in the order given, so findings,
 * the revision graph and all output are exactly those of the one-thread run (prefetch_open(..., threaded = false)
 * does the same work in the caller's thread, on demand).
 *
 * Only the worker touches a slot between its hand-over points; the lexer and parser keep no global state, and the
 * skip callback must be safe to call from the worker (it reads configuration only).
 *
 * Ownership: the prefetcher owns its slots (arena, file buffer, model); a slot returned by prefetch_next() is the
 * caller's until prefetch_done() gives it back. Paths are borrowed from the caller's list for the prefetcher's life.
 */
#ifndef MRT_PREFETCH_H
#define MRT_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "fileio.h"
#include "model.h"

enum prefetch_status {
	PREFETCH_PARSED = 0,   /* m holds the model of the file */
	PREFETCH_SKIPPED,      /* the skip callback said so: not read */
	PREFETCH_READ_FAILED,  /* err names the file and why */
	PREFETCH_NOMEM,        /* out of memory while parsing (err says where) */
};

struct prefetch_slot {
	size_t index;               /* position in the caller's list */
	const char *path;           /* borrowed from the list */
	enum prefetch_status status;
	char err[2048];
	struct migration m;         /* PREFETCH_PARSED: valid until prefetch_done(); points into arena and buf */
	struct arena arena;         /* owned */
	struct filebuf buf;         /* owned */
	bool busy;                  /* handed to the worker or the caller (internal) */
	bool ready;                 /* filled by the worker, not yet taken (internal) */
};

/* Whether path is to be left alone (not read); called on the worker thread. */
typedef bool (*prefetch_skip_fn)(void *user, const char *path);

struct prefetch;

/*
 * Starts prefetching paths[0..n) (borrowed). depth: files in flight (>= 1), which is also how many slots the caller may
 * hold at once (asking for one more while holding depth would wait forever). threaded: use a worker thread (falls
 * back to the caller's thread if one cannot be started). skip may be NULL. Returns NULL on out-of-memory.
 */
struct prefetch *prefetch_open(char *const *paths, size_t n, unsigned depth, bool threaded, prefetch_skip_fn skip,
                               void *user);
/* The next file in list order, or NULL after the last. The slot is the caller's until prefetch_done(). */
struct prefetch_slot *prefetch_next(struct prefetch *p);
/* Gives a slot from prefetch_next() back (its model is gone then), in any order. */
void prefetch_done(struct prefetch *p, struct prefetch_slot *s);
/* Stops the worker (also in the middle of the list), waits for it and frees everything. NULL is fine. */
void prefetch_close(struct prefetch *p);
/* Whether a worker thread is running the reads (false: they happen in prefetch_next()). */
bool prefetch_threaded(const struct prefetch *p);

/* Whether a check of n files should read ahead on a worker thread: jobs is --jobs (0: not given = as many as the
 * machine has CPUs); needs 2 or more jobs and enough files for a thread to pay off. */
bool prefetch_worth_it(size_t n, unsigned jobs);

#endif
