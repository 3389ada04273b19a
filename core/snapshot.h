/*
 * snapshot.h — compares two database snapshots (before upgrade r / after downgrade of r) and yields the findings of
 * `mrt verify`. Generic: every backend produces struct mrt_db_snapshot (sdk/mrt_sdk.h), the core compares.
 *
 * Ownership: struct vfindings owns every string in it (malloc); vfindings_release() frees them. Snapshots passed in
 * are borrowed for the call.
 * Errors: 0, or -1 on out-of-memory.
 */
#ifndef MRT_SNAPSHOT_H
#define MRT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "mrt_sdk.h"

enum vfinding_kind {
	VF_ROWS_LOST,
	VF_ROWS_ADDED,
	VF_VALUES_LOST,
	VF_VALUES_CHANGED,
	VF_TABLE_LEFT_BEHIND,
	VF_TABLE_MISSING,
	VF_COLUMN_LEFT_BEHIND,
	VF_COLUMN_MISSING,
	VF_TYPE_CHANGED,
	VF_NULLABILITY_CHANGED,
	VF_DEFAULT_CHANGED,
	VF_INDEX_MISSING,
	VF_INDEX_LEFT_BEHIND,
	VF_CONSTRAINT_MISSING,
	VF_CONSTRAINT_LEFT_BEHIND,
	VF_UPGRADE_FAILED,
	VF_DOWNGRADE_FAILED,
	VF_REUPGRADE_FAILED,
	VF_TIMEOUT,
	VF_SEED_FAILED,
	VF__COUNT
};

/* "rows_lost", "values_lost", ... (the JSON kind). */
const char *vfinding_kind_name(enum vfinding_kind k);
/* Data loss (rows/values lost or changed, table/column missing): what `expect-data-loss` can cover. */
bool vfinding_kind_is_data(enum vfinding_kind k);
/* A step failed (upgrade, downgrade, re-upgrade, timeout, seeding). */
bool vfinding_kind_is_step(enum vfinding_kind k);

struct vfinding {
	enum vfinding_kind kind;
	char *table;    /* owned, or NULL */
	char *column;   /* owned, or NULL */
	long lost;      /* rows/values concerned, -1 when not a count */
	long total;     /* out of, -1 when not a count */
	char *message;  /* owned: "Table 'users': 3/3 rows lost after rollback" */
	char *detail;   /* owned, or NULL: traceback or database error text for step failures */
	bool expected;  /* covered by a declared expected loss */
};

struct vfindings {
	struct vfinding *items; /* owned */
	size_t count, cap;
};

void vfindings_init(struct vfindings *f);
void vfindings_release(struct vfindings *f);
/* Appends a finding; copies every string. Returns it or NULL on out-of-memory. */
struct vfinding *vfindings_add(struct vfindings *f, enum vfinding_kind kind, const char *table, const char *column,
                               long lost, long total, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * Compares before (taken after seeding, before `upgrade r`) and after (taken after `downgrade`) and appends one
 * finding per difference, in a stable order: per table (by name) schema first, then data. Returns 0 or -1 (OOM).
 */
int snapshot_compare(const struct mrt_db_snapshot *before, const struct mrt_db_snapshot *after,
                     struct vfindings *out);

#endif
