/* test_prefetch.c — the read-ahead of `mrt check` (core/prefetch.c): files come back in list order with the model the
 * one-thread path gives, skips and read errors stay with their file, and closing early (a fatal error in the middle
 * of a run) stops the worker without a leak. Every test runs with and without the worker thread. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prefetch.h"

#define NFILES 40
#define MISSING 7 /* this file is never written: a read error in the middle of the list */

static char tmpdir[256];
static char *paths[NFILES];

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mrt_prefetch_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	for (int i = 0; i < NFILES; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%03d_m.py", tmpdir, i);
		paths[i] = strdup(p);
		ck_assert_ptr_nonnull(paths[i]);
		if (i == MISSING)
			continue;
		FILE *f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "revision = 'r%03d'\ndown_revision = None\n\ndef upgrade():\n", i);
		for (int k = 0; k <= i % 5; k++)
			fprintf(f, "    op.add_column('t%d', sa.Column('c%d', sa.Integer()))\n", i, k);
		fprintf(f, "\ndef downgrade():\n    pass\n");
		fclose(f);
	}
}

static void teardown(void)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	for (int i = 0; i < NFILES; i++)
		free(paths[i]);
}

/* The number in "…/NNN_m.py". */
static int file_no(const char *path)
{
	const char *b = strrchr(path, '/');
	ck_assert_ptr_nonnull(b);
	return (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0');
}

struct skip_count {
	int calls;
};

/* Skips files 3, 13, 23, 33 (called on the worker thread when there is one). */
static bool skip_threes(void *user, const char *path)
{
	struct skip_count *c = user;
	c->calls++;
	return file_no(path) % 10 == 3;
}

/* Every file once, in order, with its own model; skips and the missing file reported on their own slot. */
static void run_all(bool threaded, unsigned depth)
{
	struct skip_count c = {0};
	struct prefetch *p = prefetch_open(paths, NFILES, depth, threaded, skip_threes, &c);
	ck_assert_ptr_nonnull(p);
	ck_assert(prefetch_threaded(p) == threaded);
	struct prefetch_slot *s;
	int seen = 0;
	while ((s = prefetch_next(p))) {
		ck_assert_uint_eq(s->index, (size_t)seen);
		ck_assert_str_eq(s->path, paths[seen]);
		if (seen % 10 == 3) {
			ck_assert_int_eq(s->status, PREFETCH_SKIPPED);
		} else if (seen == MISSING) {
			ck_assert_int_eq(s->status, PREFETCH_READ_FAILED);
			ck_assert_ptr_nonnull(strstr(s->err, "007_m.py"));
		} else {
			ck_assert_int_eq(s->status, PREFETCH_PARSED);
			char rev[16];
			snprintf(rev, sizeof(rev), "r%03d", seen);
			ck_assert_str_eq(s->m.revision, rev);
			const struct func *up = NULL;
			for (size_t f = 0; f < s->m.nfuncs; f++)
				if (s->m.funcs[f].role == FN_UPGRADE)
					up = &s->m.funcs[f];
			ck_assert_ptr_nonnull(up);
			ck_assert_uint_eq(up->nops, (size_t)(seen % 5 + 1));
		}
		prefetch_done(p, s);
		seen++;
	}
	ck_assert_int_eq(seen, NFILES);
	ck_assert_ptr_null(prefetch_next(p)); /* stays at the end */
	prefetch_close(p);
	ck_assert_int_eq(c.calls, NFILES);
}

START_TEST(test_order_one_thread) { run_all(false, 4); }
END_TEST

START_TEST(test_order_worker) { run_all(true, 4); }
END_TEST

START_TEST(test_order_worker_depth_one) { run_all(true, 1); }
END_TEST

START_TEST(test_order_worker_deeper_than_list) { run_all(true, 64); }
END_TEST

/* A caller that stops after a few files (a fatal error) closes while the worker is ahead of it or waiting. */
START_TEST(test_close_early)
{
	for (int threaded = 0; threaded < 2; threaded++) {
		for (int stop_after = 0; stop_after < 6; stop_after++) {
			struct prefetch *p = prefetch_open(paths, NFILES, 3, threaded, NULL, NULL);
			ck_assert_ptr_nonnull(p);
			for (int i = 0; i < stop_after; i++) {
				struct prefetch_slot *s = prefetch_next(p);
				ck_assert_ptr_nonnull(s);
				if (i != 2)
					prefetch_done(p, s); /* one slot is still held at close: close must not wait for it */
			}
			prefetch_close(p);
		}
	}
}
END_TEST

/* mrt check takes a batch of files before giving any back: a caller may hold up to `depth` slots at once and give
 * them back in any order. Every depth and batch size, in order and in reverse, with and without the worker (a missed
 * wake-up shows as the test's timeout). */
START_TEST(test_hold_batches)
{
	for (int threaded = 0; threaded < 2; threaded++)
		for (unsigned depth = 1; depth <= 8; depth++)
			for (unsigned batch = 1; batch <= depth; batch++)
				for (int reverse = 0; reverse < 2; reverse++) {
					struct prefetch *p = prefetch_open(paths, NFILES, depth, threaded, NULL, NULL);
					ck_assert_ptr_nonnull(p);
					size_t seen = 0, n;
					do {
						struct prefetch_slot *held[8];
						for (n = 0; n < batch && (held[n] = prefetch_next(p)); n++) {
							ck_assert_uint_eq(held[n]->index, seen + n);
							ck_assert_int_eq(held[n]->status,
							                 seen + n == MISSING ? PREFETCH_READ_FAILED : PREFETCH_PARSED);
						}
						for (size_t k = 0; k < n; k++)
							prefetch_done(p, held[reverse ? n - 1 - k : k]);
						seen += n;
					} while (n == batch);
					ck_assert_uint_eq(seen, NFILES);
					prefetch_close(p);
				}
}
END_TEST

START_TEST(test_empty_list)
{
	struct prefetch *p = prefetch_open(paths, 0, 4, true, NULL, NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert(!prefetch_threaded(p)); /* nothing to read: no thread */
	ck_assert_ptr_null(prefetch_next(p));
	prefetch_close(p);
}
END_TEST

START_TEST(test_worth_it)
{
	ck_assert(!prefetch_worth_it(1000, 1)); /* --jobs 1 */
	ck_assert(prefetch_worth_it(1000, 2));
	ck_assert(!prefetch_worth_it(3, 2)); /* a handful of files: not worth a thread */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	ck_assert(prefetch_worth_it(1000, 0) == (cpus > 1)); /* default: by the machine */
}
END_TEST

static Suite *prefetch_suite(void)
{
	Suite *s = suite_create("prefetch");
	TCase *t = tcase_create("prefetch");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_order_one_thread);
	tcase_add_test(t, test_order_worker);
	tcase_add_test(t, test_order_worker_depth_one);
	tcase_add_test(t, test_order_worker_deeper_than_list);
	tcase_add_test(t, test_close_early);
	tcase_add_test(t, test_hold_batches);
	tcase_add_test(t, test_empty_list);
	tcase_add_test(t, test_worth_it);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(prefetch_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
