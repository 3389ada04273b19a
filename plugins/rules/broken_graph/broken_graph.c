/*
 * broken_graph.c — MRT035 broken-revision-graph: the revision graph the core built has problems.
 *
 * Reports each problem the core found (several heads without a merge, a down_revision or depends_on naming a missing
 * revision, a revision id declared twice, cycles, files without a revision id, duplicate branch labels) once, at the
 * file and line the core names, with what to do. A history whose branches were merged has one head and is healthy;
 * separate labelled branches are not "several heads" (the core decides both).
 *
 * The finding's revision is the revision of the problem's file, so a reasoned `suppress:` entry in mrt.yaml
 * ({rule: MRT035, revision: <id>, reason: ...}) can silence a known problem.
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *bg_hint(enum mrt_graph_problem_kind k)
{
	switch (k) {
	case MRT_GP_MULTIPLE_HEADS:
		return "join the heads with `alembic merge heads -m \"merge\"` (or give independent branches their own "
		       "branch_labels)";
	case MRT_GP_MISSING_PARENT:
		return "make down_revision name an existing revision (a typo, or a deleted or unmerged file?)";
	case MRT_GP_DUPLICATE:
		return "give one of the files a new revision id (`alembic revision` generates unique ids) and re-link its "
		       "children";
	case MRT_GP_CYCLE:
		return "a revision cannot descend from itself: fix the down_revision chain";
	case MRT_GP_NO_REVISION:
		return "add `revision = \"...\"` to the file, or move it out of the versions directory";
	case MRT_GP_DUPLICATE_LABEL:
		return "branch labels must be unique: rename one of them";
	default:
		return NULL;
	}
}

/* Revision of the node whose file is path, or NULL. */
static const char *bg_revision_of(const mrt_host_api *api, const mrt_graph *g, const char *path)
{
	if (!path)
		return NULL;
	size_t n = api->graph_count(g);
	for (size_t i = 0; i < n; i++) {
		const char *p = api->graph_path(g, i);
		if (p && !strcmp(p, path))
			return api->graph_revision(g, i);
	}
	return NULL;
}

static int bg_check(void *state, mrt_ctx *ctx, const mrt_graph *g)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	size_t n = api->graph_problem_count(g);
	for (size_t k = 0; k < n; k++) {
		enum mrt_graph_problem_kind kind = api->graph_problem_kind(g, k);
		if (kind == MRT_GP_MULTIPLE_HEADS && api->graph_head_count(g) < 2)
			continue; /* defensive: a merged history has one head */
		const char *msg = api->graph_problem_message(g, k);
		const char *path = api->graph_problem_path(g, k);
		int rc = api->report_at(ctx, path, bg_revision_of(api, g, path), MRT_SEV_DEFAULT,
		                        api->graph_problem_line(g, k), 0, bg_hint(kind), "%s",
		                        msg ? msg : "broken revision graph");
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static const mrt_option_spec bg_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "broken-revision-graph", .version = "1.0.0",
                  .description = "several heads, missing or duplicate revisions, cycles", .init = mrk_init,
                  .check_graph = bg_check, .fini = mrk_fini, .options = bg_options)
