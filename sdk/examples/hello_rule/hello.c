/*
 * hello.c — MRT990 "hello": an example mrt rule plugin, and a template for your own.
 *
 * A team rule with two checks:
 *   1. every migration has a message (the module docstring Alembic writes from `alembic revision -m "..."`);
 *   2. upgrade() never drops a column or table of a "protected" table (option `protected_tables`), unless the same
 *      upgrade created that table.
 *
 * Everything the rule uses comes through the host table given to init(); the only exported symbol is the one
 * MRT_PLUGIN_DEFINE generates. Build: see README.md in this directory.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"

/* Per-instance state: two instances of this plugin with different options never share anything. */
struct hello_state {
	const mrt_host_api *api;  /* borrowed: valid until hello_fini() */
	const mrt_options *opts;  /* borrowed: valid until hello_fini() (option strings live as long) */
	bool require_message;
};

static int hello_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct hello_state *s = api->alloc(sizeof(*s)); /* owned by this plugin; freed in hello_fini() */
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	s->opts = opts;
	s->require_message = api->opt_bool(opts, "require_message");
	for (size_t i = 0; i < api->opt_list_count(opts, "protected_tables"); i++) {
		if (api->opt_list_item(opts, "protected_tables", i)[0] == '\0') {
			api->free(s); /* a failing init cleans up after itself */
			diag->code = MRT_ECONFIG;
			snprintf(diag->message, sizeof(diag->message), "protected_tables item %zu is empty", i + 1);
			snprintf(diag->hint, sizeof(diag->hint), "remove the empty item from the rule's YAML file");
			return MRT_ECONFIG;
		}
	}
	api->log_instance(opts, MRT_LOG_DEBUG, "%zu protected table(s)", api->opt_list_count(opts, "protected_tables"));
	*state = s;
	return MRT_OK;
}

static bool is_protected(const struct hello_state *s, const char *table)
{
	const mrt_host_api *api = s->api;
	for (size_t i = 0; i < api->opt_list_count(s->opts, "protected_tables"); i++)
		if (strcmp(api->opt_list_item(s->opts, "protected_tables", i), table) == 0)
			return true;
	return false;
}

static int hello_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	struct hello_state *s = state;
	const mrt_host_api *api = s->api;
	int rc = MRT_OK;

	if (s->require_message && api->migration_message(m) == NULL) {
		rc = api->report(ctx, MRT_SEV_DEFAULT, 1, 1, "alembic revision -m \"what this migration does\"",
		                 "migration %s has no message", api->migration_revision(m) ? api->migration_revision(m)
		                                                                          : api->migration_path(m));
		if (rc != MRT_OK)
			return rc;
	}

	for (size_t f = 0; f < api->migration_func_count(m); f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		for (size_t i = 0; i < api->func_op_count(fn); i++) {
			const mrt_op *op = api->func_op(fn, i);
			const char *name = api->op_name(op);
			const char *table = api->op_table(op); /* NULL when dynamic */
			if (!table || (strcmp(name, "drop_column") != 0 && strcmp(name, "drop_table") != 0))
				continue;
			if (!is_protected(s, table) || api->created_in_revision(m, table, op))
				continue;
			rc = api->report(ctx, MRT_SEV_ERROR, api->op_line(op), api->op_col(op),
			                 "protected tables are listed in hello.yaml; ask the data team first",
			                 "%s on protected table '%s'", name, table);
			if (rc != MRT_OK)
				return rc;
		}
	}
	return MRT_OK;
}

static void hello_fini(void *state)
{
	struct hello_state *s = state;
	s->api->free(s);
}

/* Options under `options:` in hello.yaml; the core validates them before hello_init() runs. */
static const mrt_option_spec hello_options[] = {
	{.name = "protected_tables", .type = MRT_OPT_STRLIST, .def = "users",
	 .description = "tables whose columns and rows must never be dropped"},
	{.name = "require_message", .type = MRT_OPT_BOOL, .def = "true",
	 .description = "report migrations without a message"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "hello", .version = "1.0.0",
                  .description = "example rule: migration messages and protected tables",
                  .init = hello_init, .check_migration = hello_check, .fini = hello_fini,
                  .options = hello_options)
