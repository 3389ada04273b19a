/*
 * cli_paths.c — where `mrt` finds its plugins and rules.d/ with no flags.
 *
 * From the build tree: <build>/core/mrt finds <build>/plugins-out/ and the source tree's rules.d/ (compile-time
 * paths). From an install prefix: <prefix>/bin/mrt finds <prefix>/lib/mrt/plugins and <prefix>/share/mrt/rules.d
 * (relative to the executable, so a relocated prefix works too), then the configured install paths.
 * MRT_PLUGIN_DIR and MRT_RULES_DIR in the environment override both.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Directory of the running executable into buf ("" when unknown). */
static void exe_dir(char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	buf[0] = '\0';
	if (n <= 0)
		return;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(buf, size, "%s", path);
}

static const char *find_dir(const char *env, const char *const *rel, const char *build_dir, const char *install_dir,
                            char *buf, size_t size)
{
	const char *e = getenv(env);
	if (e && *e) {
		snprintf(buf, size, "%s", e);
		return buf;
	}
	char exe[PATH_MAX];
	exe_dir(exe, sizeof(exe));
	if (exe[0]) {
		for (size_t i = 0; rel[i]; i++) {
			int n = snprintf(buf, size, "%s/%s", exe, rel[i]);
			if (n > 0 && (size_t)n < size && is_dir(buf))
				return buf;
		}
	}
	if (is_dir(build_dir)) {
		snprintf(buf, size, "%s", build_dir);
		return buf;
	}
	snprintf(buf, size, "%s", install_dir);
	return buf;
}

const char *cli_plugin_dir(char *buf, size_t size)
{
	static const char *const rel[] = {"../plugins-out", "../lib/mrt/plugins", "../lib64/mrt/plugins", NULL};
	return find_dir("MRT_PLUGIN_DIR", rel, MRT_BUILD_PLUGIN_DIR, MRT_INSTALL_PLUGIN_DIR, buf, size);
}

const char *cli_rules_dir(char *buf, size_t size)
{
	/* from the build tree the exe sits in <build>/core: the rules live in the source tree */
	static const char *const rel[] = {"../share/mrt/rules.d", NULL};
	char exe[PATH_MAX];
	exe_dir(exe, sizeof(exe));
	char probe[PATH_MAX + 32];
	snprintf(probe, sizeof(probe), "%s/../plugins-out", exe);
	if (!getenv("MRT_RULES_DIR") && exe[0] && is_dir(probe) && is_dir(MRT_BUILD_RULES_DIR)) {
		snprintf(buf, size, "%s", MRT_BUILD_RULES_DIR);
		return buf;
	}
	return find_dir("MRT_RULES_DIR", rel, MRT_BUILD_RULES_DIR, MRT_INSTALL_RULES_DIR, buf, size);
}

const char *cli_project_config_path(const char *given, const char *ini, char *buf, size_t size)
{
	struct stat sb;
	if (given)
		return given;
	if (stat("mrt.yaml", &sb) == 0)
		return "mrt.yaml";
	const char *slash = ini ? strrchr(ini, '/') : NULL;
	if (!slash)
		return NULL; /* alembic.ini in the current directory: ./mrt.yaml was the place to look */
	int n = snprintf(buf, size, "%.*s/mrt.yaml", (int)(slash - ini), ini);
	if (n > 0 && (size_t)n < size && stat(buf, &sb) == 0)
		return buf;
	return NULL;
}
