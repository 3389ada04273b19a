/*
 * irreversible_downgrade.c — MRT003 irreversible-downgrade: downgrade() (or downgrade_<name>()) raises.
 *
 * Fires once per downgrade function that is only a raise (body kind RAISES) or that contains a raise which is not
 * under a condition: `raise NotImplementedError(...)`, `raise RuntimeError(...)`, a bare `raise Exception`. The
 * finding sits on the raise and names the exception. A raise under if/try (e.g. only in offline mode, or only for
 * one dialect) is not reported: the rollback works in the other cases.
 *
 * MRT002 (noop-downgrade) does not fire on raising downgrades, so the two never report the same function.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *id_hint = "if the revision really cannot be undone, keep the raise and record the decision: "
                             "`# mrt: ignore[MRT003] <why>`; otherwise write the operations that undo the upgrade";

static int id_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const char *rev = api->migration_revision(m);
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_DOWNGRADE)
			continue;
		bool only_raises = api->func_body(fn) == MRT_BODY_RAISES;
		const mrt_raise *hit = NULL;
		size_t nr = api->func_raise_count(fn);
		for (size_t i = 0; i < nr && !hit; i++) {
			const mrt_raise *r = api->func_raise(fn, i);
			if (only_raises || !api->raise_conditional(r))
				hit = r;
		}
		if (!hit && !only_raises)
			continue;
		const char *exc = hit ? api->raise_exception(hit) : NULL;
		const char *msg = hit ? api->raise_message(hit) : NULL;
		unsigned line = hit ? api->raise_line(hit) : api->func_line(fn);
		unsigned col = hit ? api->raise_col(hit) : 1;
		char why[200];
		why[0] = '\0';
		if (msg && *msg)
			snprintf(why, sizeof(why), " (\"%.150s\")", msg);
		int rc = api->report(ctx, MRT_SEV_DEFAULT, line, col, id_hint,
		                     "%s() raises %s%s: `alembic downgrade` cannot step back past revision %s, automated "
		                     "rollback is blocked",
		                     api->func_name(fn) ? api->func_name(fn) : "downgrade", exc && *exc ? exc : "an exception",
		                     why, rev ? rev : "?");
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static const mrt_option_spec id_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "irreversible-downgrade", .version = "1.0.0",
                  .description = "downgrade() raises: automated rollback is blocked", .init = mrk_init,
                  .check_migration = id_check, .fini = mrk_fini, .options = id_options)
