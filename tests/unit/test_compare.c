/* test_compare.c — snapshot_compare() on hand-made snapshots: every finding kind and its exact message. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot.h"

/* A small builder: one table "users"(id PK, name, phone) with 3 rows. Everything static or in the fixture. */
struct fx {
	struct mrt_db_column cols[4];
	struct mrt_db_table table;
	struct mrt_db_schema schema;
	const char *names[4];
	uint64_t keys[8];
	uint64_t values[8 * 4];
	struct mrt_db_table_data data;
	struct mrt_db_snapshot snap;
	struct mrt_db_index idx[2];
	struct mrt_db_fk fk[1];
	struct mrt_db_constraint uq[1], ck[1];
};

static void fx_init(struct fx *f, size_t nrows)
{
	memset(f, 0, sizeof(*f));
	f->cols[0] = (struct mrt_db_column){"id", "INTEGER", 1, NULL, 1, 0};
	f->cols[1] = (struct mrt_db_column){"name", "VARCHAR(50)", 1, "'x'", 0, 0};
	f->cols[2] = (struct mrt_db_column){"phone", "VARCHAR(20)", 0, NULL, 0, 0};
	f->table.name = "users";
	f->table.columns = f->cols;
	f->table.ncolumns = 3;
	f->table.seedable = 1;
	f->schema.struct_size = sizeof(f->schema);
	f->schema.tables = &f->table;
	f->schema.ntables = 1;
	f->names[0] = "id";
	f->names[1] = "name";
	f->names[2] = "phone";
	for (size_t r = 0; r < nrows; r++) {
		f->keys[r] = 100 + r;
		f->values[r * 3 + 0] = 100 + r;
		f->values[r * 3 + 1] = 200 + r;
		f->values[r * 3 + 2] = 300 + r;
	}
	f->data = (struct mrt_db_table_data){"users", 3, f->names, nrows, 1, f->keys, f->values};
	f->snap.struct_size = sizeof(f->snap);
	f->snap.schema = &f->schema;
	f->snap.tables = &f->data;
	f->snap.ntables = 1;
}

static struct vfindings run(struct fx *b, struct fx *a)
{
	struct vfindings out;
	vfindings_init(&out);
	ck_assert_int_eq(snapshot_compare(&b->snap, &a->snap, &out), 0);
	return out;
}

static void expect_one(struct vfindings *out, enum vfinding_kind kind, const char *msg, long lost, long total)
{
	ck_assert_uint_eq(out->count, 1);
	ck_assert_str_eq(vfinding_kind_name(out->items[0].kind), vfinding_kind_name(kind));
	ck_assert_str_eq(out->items[0].message, msg);
	ck_assert_int_eq(out->items[0].lost, lost);
	ck_assert_int_eq(out->items[0].total, total);
	vfindings_release(out);
}

START_TEST(identical)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	struct vfindings out = run(&b, &a);
	ck_assert_uint_eq(out.count, 0);
	vfindings_release(&out);
}
END_TEST

START_TEST(rows_lost_all_and_some)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 0);
	struct vfindings out = run(&b, &a);
	expect_one(&out, VF_ROWS_LOST, "Table 'users': 3/3 rows lost after rollback", 3, 3);
	fx_init(&a, 3);
	a.keys[1] = 999; /* row 2 replaced by another key: one lost, one added */
	out = run(&b, &a);
	ck_assert_uint_eq(out.count, 2);
	ck_assert_str_eq(out.items[0].message, "Table 'users': 1/3 rows lost after rollback");
	ck_assert_str_eq(vfinding_kind_name(out.items[1].kind), "rows_added");
	ck_assert_str_eq(out.items[1].message, "Table 'users': 1 row added after rollback");
	vfindings_release(&out);
}
END_TEST

START_TEST(values_lost_and_changed)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	for (int r = 0; r < 3; r++)
		a.values[r * 3 + 2] = 0; /* phone NULL everywhere */
	struct vfindings out = run(&b, &a);
	expect_one(&out, VF_VALUES_LOST, "Column 'users.phone': 3/3 values lost after rollback", 3, 3);
	ck_assert_int_eq(1, 1);
	fx_init(&a, 3);
	a.values[0 * 3 + 1] = 7777;
	a.values[2 * 3 + 1] = 8888;
	out = run(&b, &a);
	ck_assert_uint_eq(out.count, 1);
	ck_assert_str_eq(out.items[0].message, "Column 'users.name': 2/3 values changed after rollback");
	ck_assert_str_eq(out.items[0].column, "name");
	ck_assert_str_eq(out.items[0].table, "users");
	vfindings_release(&out);
}
END_TEST

START_TEST(unkeyed_multiset)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	b.cols[0].pk_position = a.cols[0].pk_position = 0;
	b.data.keyed = a.data.keyed = 0;
	/* same rows, other order: nothing */
	a.values[0] = 102, a.values[1] = 202, a.values[2] = 302;
	a.values[6] = 100, a.values[7] = 200, a.values[8] = 300;
	struct vfindings out = run(&b, &a);
	ck_assert_uint_eq(out.count, 0);
	vfindings_release(&out);
	/* phone NULL in every row */
	fx_init(&a, 3);
	a.cols[0].pk_position = 0;
	a.data.keyed = 0;
	for (int r = 0; r < 3; r++)
		a.values[r * 3 + 2] = 0;
	out = run(&b, &a);
	expect_one(&out, VF_VALUES_LOST, "Column 'users.phone': 3/3 values lost after rollback", 3, 3);
	/* one row gone */
	fx_init(&a, 2);
	a.cols[0].pk_position = 0;
	a.data.keyed = 0;
	out = run(&b, &a);
	ck_assert_uint_ge(out.count, 1);
	ck_assert_str_eq(out.items[0].message, "Table 'users': 1/3 rows lost after rollback");
	vfindings_release(&out);
}
END_TEST

START_TEST(table_missing_and_left_behind)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	a.table.name = "audit_log";
	a.data.table = "audit_log";
	struct vfindings out = run(&b, &a);
	ck_assert_uint_eq(out.count, 2);
	ck_assert_str_eq(vfinding_kind_name(out.items[0].kind), "table_missing");
	ck_assert_str_eq(out.items[0].message, "Table 'users' missing after rollback");
	ck_assert_int_eq(out.items[0].lost, 3);
	ck_assert_str_eq(vfinding_kind_name(out.items[1].kind), "table_left_behind");
	ck_assert_str_eq(out.items[1].message, "Table 'audit_log' still exists after rollback — downgrade is incomplete");
	vfindings_release(&out);
}
END_TEST

START_TEST(columns_missing_left_behind)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	a.cols[2].name = "mobile";
	a.names[2] = "mobile";
	struct vfindings out = run(&b, &a);
	ck_assert_uint_eq(out.count, 2);
	ck_assert_str_eq(vfinding_kind_name(out.items[0].kind), "column_missing");
	ck_assert_str_eq(out.items[0].message, "Column 'users.phone' missing after rollback");
	ck_assert_int_eq(out.items[0].lost, 3);
	ck_assert_str_eq(vfinding_kind_name(out.items[1].kind), "column_left_behind");
	ck_assert_str_eq(out.items[1].message,
	                 "Column 'users.mobile' still exists after rollback — downgrade is incomplete");
	vfindings_release(&out);
}
END_TEST

START_TEST(type_null_default)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	b.cols[1].type = "NUMERIC(10,2)";
	a.cols[1].type = "INTEGER";
	struct vfindings out = run(&b, &a);
	expect_one(&out, VF_TYPE_CHANGED, "Column 'users.name': type NUMERIC(10,2) became INTEGER", -1, -1);
	fx_init(&b, 3);
	fx_init(&a, 3);
	a.cols[1].notnull = 0;
	out = run(&b, &a);
	expect_one(&out, VF_NULLABILITY_CHANGED, "Column 'users.name': NOT NULL became nullable", -1, -1);
	fx_init(&a, 3);
	a.cols[1].default_sql = NULL;
	out = run(&b, &a);
	expect_one(&out, VF_DEFAULT_CHANGED, "Column 'users.name': default 'x' became (none)", -1, -1);
}
END_TEST

START_TEST(indexes)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	b.idx[0] = (struct mrt_db_index){"ix_users_name", "name", 0, NULL};
	b.table.indexes = b.idx;
	b.table.nindexes = 1;
	struct vfindings out = run(&b, &a);
	expect_one(&out, VF_INDEX_MISSING, "Index 'ix_users_name' missing after rollback", -1, -1);
	out = run(&a, &b);
	expect_one(&out, VF_INDEX_LEFT_BEHIND, "Index 'ix_users_name' still exists after rollback — downgrade is incomplete",
	           -1, -1);
	a.idx[0] = (struct mrt_db_index){"ix_users_name", "name,phone", 0, NULL};
	a.table.indexes = a.idx;
	a.table.nindexes = 1;
	out = run(&b, &a);
	expect_one(&out, VF_INDEX_MISSING, "Index 'ix_users_name' differs after rollback: (name) became (name,phone)", -1,
	           -1);
}
END_TEST

START_TEST(constraints)
{
	struct fx b, a;
	fx_init(&b, 3);
	fx_init(&a, 3);
	b.fk[0] = (struct mrt_db_fk){NULL, "phone", "phones", "id", "NO ACTION", "CASCADE"};
	b.table.fks = b.fk;
	b.table.nfks = 1;
	struct vfindings out = run(&b, &a);
	expect_one(&out, VF_CONSTRAINT_MISSING,
	           "Constraint FOREIGN KEY (phone) REFERENCES phones(id) ON DELETE CASCADE on 'users' missing after rollback",
	           -1, -1);
	fx_init(&b, 3);
	a.uq[0] = (struct mrt_db_constraint){NULL, "name"};
	a.table.uniques = a.uq;
	a.table.nuniques = 1;
	out = run(&b, &a);
	expect_one(&out, VF_CONSTRAINT_LEFT_BEHIND,
	           "Constraint UNIQUE (name) on 'users' still exists after rollback — downgrade is incomplete", -1, -1);
	fx_init(&a, 3);
	b.ck[0] = (struct mrt_db_constraint){"ck_phone", "length(phone)>3"};
	b.table.checks = b.ck;
	b.table.nchecks = 1;
	out = run(&b, &a);
	expect_one(&out, VF_CONSTRAINT_MISSING, "Constraint 'ck_phone' CHECK (length(phone)>3) on 'users' missing after rollback",
	           -1, -1);
	fx_init(&b, 3);
	fx_init(&a, 3);
	a.cols[0].pk_position = 0;
	a.data.keyed = 0;
	out = run(&b, &a);
	expect_one(&out, VF_CONSTRAINT_MISSING, "Constraint PRIMARY KEY (id) on 'users' missing after rollback", -1, -1);
}
END_TEST

START_TEST(kind_names_and_classes)
{
	static const char *const names[] = {"rows_lost", "rows_added", "values_lost", "values_changed", "table_left_behind",
	                                    "table_missing", "column_left_behind", "column_missing", "type_changed",
	                                    "nullability_changed", "default_changed", "index_missing", "index_left_behind",
	                                    "constraint_missing", "constraint_left_behind", "upgrade_failed",
	                                    "downgrade_failed", "reupgrade_failed", "timeout", "seed_failed"};
	for (int k = 0; k < VF__COUNT; k++)
		ck_assert_str_eq(vfinding_kind_name((enum vfinding_kind)k), names[k]);
	ck_assert(vfinding_kind_is_data(VF_VALUES_LOST));
	ck_assert(!vfinding_kind_is_data(VF_INDEX_MISSING));
	ck_assert(vfinding_kind_is_step(VF_TIMEOUT));
	ck_assert(!vfinding_kind_is_step(VF_ROWS_LOST));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, identical);
	tcase_add_test(tc, rows_lost_all_and_some);
	tcase_add_test(tc, values_lost_and_changed);
	tcase_add_test(tc, unkeyed_multiset);
	tcase_add_test(tc, table_missing_and_left_behind);
	tcase_add_test(tc, columns_missing_left_behind);
	tcase_add_test(tc, type_null_default);
	tcase_add_test(tc, indexes);
	tcase_add_test(tc, constraints);
	tcase_add_test(tc, kind_names_and_classes);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
