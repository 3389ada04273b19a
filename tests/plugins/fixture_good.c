/* fixture_good.c — a well-formed rule plugin used by the loader tests: options of every type, a state, reports. */
#include <stdio.h>
#include "mrt_sdk.h"

struct good_state {
	const mrt_host_api *api; /* borrowed until fini */
	int64_t limit;
	bool loud;
	const char *greeting;    /* borrowed from the options until fini */
	enum mrt_severity sev;
	size_t nskip;
};

static int good_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct good_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	s->limit = api->opt_int(opts, "limit");
	s->loud = api->opt_bool(opts, "loud");
	s->greeting = api->opt_string(opts, "greeting");
	s->sev = api->opt_severity(opts, "level");
	s->nskip = api->opt_list_count(opts, "skip");
	*state = s;
	return MRT_OK;
}

static int good_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	struct good_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_func *up = api->migration_upgrade(m);
	for (size_t i = 0; i < api->func_op_count(up); i++) {
		const mrt_op *o = api->func_op(up, i);
		const char *table = api->op_table(o);
		if (table && api->created_in_revision(m, table, o))
			continue;
		int rc = api->report(ctx, s->loud ? MRT_SEV_ERROR : MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o),
		                     "a hint", "%s: %s on %s (limit %lld)", s->greeting ? s->greeting : "(null)",
		                     api->op_name(o), table ? table : "?", (long long)s->limit);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int good_check_graph(void *state, mrt_ctx *ctx, const mrt_graph *g)
{
	struct good_state *s = state;
	return s->api->report(ctx, MRT_SEV_INFO, 0, 0, NULL, "graph has %zu revisions and %zu heads",
	                      s->api->graph_count(g), s->api->graph_head_count(g));
}

static void good_fini(void *state)
{
	struct good_state *s = state;
	s->api->free(s);
}

static const mrt_option_spec good_options[] = {
	{.name = "limit", .type = MRT_OPT_INT, .def = "10", .min = 1, .max = 100, .description = "a bounded integer"},
	{.name = "loud", .type = MRT_OPT_BOOL, .def = "false", .description = "report as errors"},
	{.name = "greeting", .type = MRT_OPT_STRING, .def = "hello", .description = "message prefix"},
	{.name = "skip", .type = MRT_OPT_STRLIST, .def = "a, b", .description = "tables to skip"},
	{.name = "level", .type = MRT_OPT_SEVERITY, .def = "warning", .description = "a severity"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-good", .version = "1.0.0",
                  .description = "well-formed fixture", .init = good_init, .check_migration = good_check,
                  .check_graph = good_check_graph, .fini = good_fini, .options = good_options)
