/*
 * runner.c — spawns `python -m pytest_mrt.runner`, talks line-delimited JSON to it, kills it on timeout.
 *
 * Pipes: requests go to the child's stdin (to_child), answers come from its stdout (from_child); both ends here are
 * non-blocking and every wait is a poll() bounded by the call's deadline. The child's stderr is an unlinked temporary
 * file (no pipe to drain, no deadlock when a migration logs a lot); its tail is read with pread().
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define RUNNER_URL_ENV "MRT_RUNNER_URL"
#define RUNNER_MAX_LINE ((size_t)256 * 1024 * 1024) /* an answer longer than this is a protocol error */
#define RUNNER_TERM_GRACE_S 2.0                     /* SIGTERM → SIGKILL */
#define RUNNER_QUIT_WAIT_S 5.0                      /* quit → SIGTERM */
#define RUNNER_DEFAULT_START_S 60.0

struct runner {
	/* options, owned copies */
	char *python, *alembic_ini, *url, *ini_section, *cwd, *pythonpath;
	char **argv; /* owned NULL-terminated copy of opts.argv, or NULL */
	double start_timeout_s;

	pid_t pid;      /* -1 when no process */
	int to_child;   /* owned, -1 when closed */
	int from_child; /* owned, -1 when closed */
	int err_fd;     /* owned: unlinked temp file holding the child's stderr, -1 when none */
	int last_status; /* waitpid status of the last reaped child, or -1 */
	char *buf;      /* owned: bytes read from the child not yet consumed */
	size_t len, cap;
	json_t *hello;  /* owned reference, or NULL */
};

/* ------------------------------------------------------------------------------------------------------------ */
/* small helpers                                                                                                */

static char *runner_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

static double runner_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void runner_sleep(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Milliseconds left until deadline (deadline <= 0: infinite → -1), at least 0. */
static int runner_poll_ms(double deadline)
{
	if (deadline <= 0)
		return -1;
	double left = deadline - runner_now();
	if (left <= 0)
		return 0;
	if (left > (double)INT_MAX / 1000.0)
		return INT_MAX;
	return (int)(left * 1000.0) + 1;
}

static void runner_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* Appends printf text to err (err already holds a NUL-terminated string). */
__attribute__((format(printf, 3, 4))) static void runner_errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	size_t used = strnlen(err, errlen);
	if (used >= errlen - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err + used, errlen - used, fmt, ap);
	va_end(ap);
}

static void runner_seterr(char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
}

/* ------------------------------------------------------------------------------------------------------------ */
/* stderr file and process state                                                                                */

size_t runner_stderr_tail(const struct runner *r, char *buf, size_t buflen)
{
	if (!buf || buflen == 0)
		return 0;
	buf[0] = '\0';
	if (!r || r->err_fd < 0)
		return 0;
	struct stat st;
	if (fstat(r->err_fd, &st) != 0 || st.st_size <= 0)
		return 0;
	size_t want = buflen - 1;
	off_t off = 0;
	if ((unsigned long long)st.st_size > (unsigned long long)want)
		off = st.st_size - (off_t)want;
	else
		want = (size_t)st.st_size;
	size_t got = 0;
	while (got < want) {
		ssize_t n = pread(r->err_fd, buf + got, want - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	/* a NUL written by the child would cut the text short; show it as '?' */
	for (size_t i = 0; i < got; i++)
		if (buf[i] == '\0')
			buf[i] = '?';
	return got;
}

/* Appends "; stderr: <tail>" to err with as much of the tail as fits. */
static void runner_err_with_stderr(const struct runner *r, char *err, size_t errlen)
{
	if (!err || errlen == 0)
		return;
	size_t used = strnlen(err, errlen);
	static const char sep[] = "; stderr: ";
	if (used + sizeof sep + 16 > errlen)
		return;
	size_t room = errlen - used - (sizeof sep - 1);
	char *tail = malloc(room);
	if (!tail)
		return;
	size_t n = runner_stderr_tail(r, tail, room);
	/* trim trailing newlines */
	while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r'))
		tail[--n] = '\0';
	if (n > 0)
		runner_errf(err, errlen, "%s%s", sep, tail);
	else
		runner_errf(err, errlen, "; stderr is empty");
	free(tail);
}

static void runner_describe_status(int status, char *err, size_t errlen)
{
	if (WIFEXITED(status))
		runner_errf(err, errlen, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		runner_errf(err, errlen, "killed by signal %d", WTERMSIG(status));
	else
		runner_errf(err, errlen, "wait status %d", status);
}

/* Waits up to wait_s for the child to exit; returns true when reaped (status in r->last_status). */
static bool runner_reap(struct runner *r, double wait_s)
{
	if (r->pid <= 0)
		return true;
	double deadline = runner_now() + wait_s;
	for (;;) {
		int status = 0;
		pid_t w = waitpid(r->pid, &status, WNOHANG);
		if (w == r->pid) {
			r->last_status = status;
			r->pid = -1;
			return true;
		}
		if (w < 0 && errno != EINTR) { /* ECHILD: someone else reaped it */
			r->last_status = -1;
			r->pid = -1;
			return true;
		}
		if (runner_now() >= deadline)
			return false;
		runner_sleep(0.01);
	}
}

/* Kills the child's process group (SIGTERM, grace, SIGKILL) and reaps the child. */
static void runner_kill(struct runner *r)
{
	if (r->pid <= 0)
		return;
	pid_t pid = r->pid;
	if (kill(-pid, SIGTERM) != 0)
		kill(pid, SIGTERM);
	if (!runner_reap(r, RUNNER_TERM_GRACE_S)) {
		if (kill(-pid, SIGKILL) != 0)
			kill(pid, SIGKILL);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		r->last_status = status;
		r->pid = -1;
	} else {
		/* the leader is gone; anything it left in its group goes too */
		kill(-pid, SIGKILL);
	}
}

/* Ends the current process, whatever its state, and forgets its pipes and buffered bytes (stderr is kept). */
static void runner_shutdown(struct runner *r)
{
	runner_close(&r->to_child);
	runner_close(&r->from_child);
	runner_kill(r);
	r->len = 0;
	if (r->hello) {
		json_decref(r->hello);
		r->hello = NULL;
	}
}

/* The child closed its output or a write failed: reap it (briefly), describe it, end it. */
static enum runner_status runner_died(struct runner *r, const char *what, char *err, size_t errlen)
{
	runner_close(&r->to_child);
	runner_close(&r->from_child);
	if (!runner_reap(r, 1.0))
		runner_kill(r);
	runner_errf(err, errlen, "runner died %s (", what);
	if (r->last_status >= 0)
		runner_describe_status(r->last_status, err, errlen);
	else
		runner_errf(err, errlen, "status unknown");
	runner_errf(err, errlen, ")");
	runner_err_with_stderr(r, err, errlen);
	runner_shutdown(r);
	return RUNNER_DIED;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* I/O                                                                                                          */

/* Writes all of data[0..n) before deadline. */
static enum runner_status runner_write_all(struct runner *r, const char *data, size_t n, double deadline,
                                           double timeout_s, char *err, size_t errlen)
{
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(r->to_child, data + done, n - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = r->to_child, .events = POLLOUT };
			int rc = poll(&p, 1, runner_poll_ms(deadline));
			if (rc < 0 && errno == EINTR)
				continue;
			if (rc < 0) {
				runner_errf(err, errlen, "poll: %s", strerror(errno));
				runner_shutdown(r);
				return RUNNER_ERROR;
			}
			if (rc == 0) {
				runner_errf(err, errlen, "timeout: the runner did not read its request within %.1f s; killed",
				            timeout_s);
				runner_shutdown(r);
				return RUNNER_TIMEOUT;
			}
			if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
				return runner_died(r, "while reading its request", err, errlen);
			continue;
		}
		if (w < 0 && errno == EPIPE)
			return runner_died(r, "before reading its request", err, errlen);
		runner_errf(err, errlen, "write to runner: %s", w < 0 ? strerror(errno) : "wrote nothing");
		runner_shutdown(r);
		return RUNNER_ERROR;
	}
	return RUNNER_OK;
}

/* Reads one line (without its '\n') before deadline. On RUNNER_OK line and linelen point into r->buf; the caller
 * consumes it with runner_consume(r, linelen + 1). */
static enum runner_status runner_read_line(struct runner *r, double deadline, double timeout_s, const char *phase,
                                           const char **line, size_t *linelen, char *err, size_t errlen)
{
	size_t scanned = 0;
	for (;;) {
		char *nl = r->len > scanned ? memchr(r->buf + scanned, '\n', r->len - scanned) : NULL;
		if (nl) {
			*line = r->buf;
			*linelen = (size_t)(nl - r->buf);
			return RUNNER_OK;
		}
		scanned = r->len;
		if (r->len >= RUNNER_MAX_LINE) {
			runner_errf(err, errlen, "protocol: answer line longer than %zu bytes; runner stopped",
			            (size_t)RUNNER_MAX_LINE);
			runner_shutdown(r);
			return RUNNER_PROTOCOL;
		}
		if (r->cap - r->len < 4096) {
			size_t ncap = r->cap ? r->cap * 2 : 65536;
			char *nb = realloc(r->buf, ncap);
			if (!nb) {
				runner_errf(err, errlen, "out of memory reading the runner's answer");
				runner_shutdown(r);
				return RUNNER_ERROR;
			}
			r->buf = nb;
			r->cap = ncap;
		}
		ssize_t n = read(r->from_child, r->buf + r->len, r->cap - r->len);
		if (n > 0) {
			r->len += (size_t)n;
			continue;
		}
		if (n == 0)
			return runner_died(r, phase, err, errlen);
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			runner_errf(err, errlen, "read from runner: %s", strerror(errno));
			runner_shutdown(r);
			return RUNNER_ERROR;
		}
		struct pollfd p = { .fd = r->from_child, .events = POLLIN };
		int rc = poll(&p, 1, runner_poll_ms(deadline));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			runner_errf(err, errlen, "poll: %s", strerror(errno));
			runner_shutdown(r);
			return RUNNER_ERROR;
		}
		if (rc == 0) {
			runner_errf(err, errlen, "timeout: no answer from the runner within %.1f s (%s); runner killed",
			            timeout_s, phase);
			runner_shutdown(r);
			return RUNNER_TIMEOUT;
		}
		/* POLLIN or POLLHUP: the next read() tells which (data, or 0 at end of file) */
	}
}

static void runner_consume(struct runner *r, size_t n)
{
	if (n >= r->len) {
		r->len = 0;
		return;
	}
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
}

/* Reads one line and parses it as a JSON object (new reference in *out). */
static enum runner_status runner_read_json(struct runner *r, double deadline, double timeout_s, const char *phase,
                                           json_t **out, char *err, size_t errlen)
{
	const char *line = NULL;
	size_t linelen = 0;
	enum runner_status st = runner_read_line(r, deadline, timeout_s, phase, &line, &linelen, err, errlen);
	if (st != RUNNER_OK)
		return st;
	json_error_t jerr;
	json_t *j = json_loadb(line, linelen, JSON_REJECT_DUPLICATES, &jerr);
	if (!j || !json_is_object(j)) {
		char head[81];
		size_t hn = linelen < sizeof head - 1 ? linelen : sizeof head - 1;
		memcpy(head, line, hn);
		head[hn] = '\0';
		for (size_t i = 0; i < hn; i++)
			if ((unsigned char)head[i] < 0x20)
				head[i] = ' ';
		runner_errf(err, errlen, "protocol: the runner wrote %s (%s): \"%s\"; runner stopped",
		            j ? "JSON that is not an object" : "a line that is not JSON", j ? "expected {...}" : jerr.text,
		            head);
		json_decref(j);
		runner_consume(r, linelen + 1);
		runner_err_with_stderr(r, err, errlen);
		runner_shutdown(r);
		return RUNNER_PROTOCOL;
	}
	runner_consume(r, linelen + 1);
	*out = j;
	return RUNNER_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* spawning                                                                                                     */

static void runner_free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* Builds the child's environment: ours without PYTHONPATH and MRT_RUNNER_URL, plus the new ones. */
static char **runner_build_env(const struct runner *r)
{
	size_t n = 0;
	for (char **e = environ; e && *e; e++)
		n++;
	char **env = calloc(n + 3, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	const char *old_pp = getenv("PYTHONPATH");
	for (char **e = environ; e && *e; e++) {
		if (strncmp(*e, "PYTHONPATH=", 11) == 0 || strncmp(*e, RUNNER_URL_ENV "=", sizeof RUNNER_URL_ENV) == 0)
			continue;
		if (!(env[k++] = runner_strdup(*e)))
			goto oom;
	}
	/* PYTHONPATH = opts.pythonpath : source tree : caller's */
	const char *parts[3] = { r->pythonpath, NULL, old_pp };
	/* the source tree (a build tree's mrt), else the copy installed beside mrt: <prefix>/share/mrt/python */
	char installed[PATH_MAX];
#ifdef MRT_SOURCE_DIR
	{
		char probe[PATH_MAX];
		int pn = snprintf(probe, sizeof probe, "%s/pytest_mrt/runner.py", MRT_SOURCE_DIR);
		if (pn > 0 && (size_t)pn < sizeof probe && access(probe, R_OK) == 0)
			parts[1] = MRT_SOURCE_DIR;
	}
#endif
	if (!parts[1]) {
		char exe[PATH_MAX];
		ssize_t en = readlink("/proc/self/exe", exe, sizeof exe - 1);
		char *slash = en > 0 ? (exe[en] = '\0', strrchr(exe, '/')) : NULL;
		if (slash) {
			*slash = '\0';
			char probe[PATH_MAX + 64];
			int pn = snprintf(installed, sizeof installed, "%s/../share/mrt/python", exe);
			int qn = snprintf(probe, sizeof probe, "%s/pytest_mrt/runner.py", installed);
			if (pn > 0 && (size_t)pn < sizeof installed && qn > 0 && (size_t)qn < sizeof probe &&
			    access(probe, R_OK) == 0)
				parts[1] = installed;
		}
	}
	size_t total = sizeof "PYTHONPATH=";
	for (int i = 0; i < 3; i++)
		if (parts[i] && *parts[i])
			total += strlen(parts[i]) + 1;
	char *pp = malloc(total);
	if (!pp)
		goto oom;
	size_t off = (size_t)snprintf(pp, total, "PYTHONPATH=");
	bool first = true;
	for (int i = 0; i < 3; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		off += (size_t)snprintf(pp + off, total - off, "%s%s", first ? "" : ":", parts[i]);
		first = false;
	}
	env[k++] = pp;
	if (r->url) {
		size_t ul = strlen(r->url) + sizeof RUNNER_URL_ENV + 1;
		char *u = malloc(ul);
		if (!u)
			goto oom;
		snprintf(u, ul, "%s=%s", RUNNER_URL_ENV, r->url);
		env[k++] = u;
	}
	env[k] = NULL;
	return env;
oom:
	runner_free_strv(env);
	return NULL;
}

/* Builds the default command (or copies opts.argv): a new NULL-terminated vector of owned strings. */
static char **runner_build_argv(const struct runner *r)
{
	if (r->argv) {
		size_t n = 0;
		while (r->argv[n])
			n++;
		char **v = calloc(n + 1, sizeof *v);
		if (!v)
			return NULL;
		for (size_t i = 0; i < n; i++)
			if (!(v[i] = runner_strdup(r->argv[i]))) {
				runner_free_strv(v);
				return NULL;
			}
		return v;
	}
	const char *python = r->python;
	if (!python) {
		const char *envpy = getenv("MRT_PYTHON");
		python = envpy && *envpy ? envpy : "python3";
	}
	const char *args[16];
	size_t n = 0;
	args[n++] = python;
	args[n++] = "-m";
	args[n++] = "pytest_mrt.runner";
	args[n++] = "--alembic-ini";
	args[n++] = r->alembic_ini;
	if (r->url) {
		args[n++] = "--url-env";
		args[n++] = RUNNER_URL_ENV;
	}
	args[n++] = "--name";
	args[n++] = r->ini_section ? r->ini_section : "alembic";
	if (r->cwd) {
		args[n++] = "--cwd";
		args[n++] = r->cwd;
	}
	char **v = calloc(n + 1, sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!(v[i] = runner_strdup(args[i]))) {
			runner_free_strv(v);
			return NULL;
		}
	return v;
}

static int runner_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int runner_pipe_cloexec(int p[2])
{
	if (pipe(p) != 0)
		return -1;
	if (fcntl(p[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(p[1], F_SETFD, FD_CLOEXEC) != 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	return 0;
}

/* A fresh unlinked temp file for the child's stderr. */
static int runner_open_errfile(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/mrt-runner-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* Child side of fork(): only async-signal-safe calls. Never returns. */
static void runner_exec_child(int in_rd, int out_wr, int err_fd, int report_fd, long maxfd, char **argv, char **env)
{
	setpgid(0, 0);
	/* first lift every descriptor we keep above 2 (any of them may be 0..2 if the host closed its stdio), then put
	 * the three in place; dup2 to another number clears FD_CLOEXEC */
	int rep = fcntl(report_fd, F_DUPFD_CLOEXEC, 3);
	int a = fcntl(in_rd, F_DUPFD, 3), b = fcntl(out_wr, F_DUPFD, 3), c = fcntl(err_fd, F_DUPFD, 3);
	if (rep < 0)
		_exit(127);
	if (a < 0 || b < 0 || c < 0 || dup2(a, 0) < 0 || dup2(b, 1) < 0 || dup2(c, 2) < 0)
		goto fail;
	for (long fd = 3; fd < maxfd; fd++)
		if (fd != rep)
			close((int)fd);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	environ = env;
	execvp(argv[0], argv);
fail:;
	int e = errno;
	ssize_t w = write(rep, &e, sizeof e);
	(void)w;
	_exit(127);
}

static enum runner_status runner_spawn(struct runner *r, char *err, size_t errlen)
{
	int in_p[2] = { -1, -1 }, out_p[2] = { -1, -1 }, rep[2] = { -1, -1 };
	char **argv = NULL, **env = NULL;
	enum runner_status st = RUNNER_ERROR;

	/* a dead child must show as EPIPE on write, not kill us */
	struct sigaction sa;
	if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_IGN;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGPIPE, &sa, NULL);
	}

	runner_close(&r->err_fd);
	r->err_fd = runner_open_errfile();
	if (r->err_fd < 0) {
		runner_errf(err, errlen, "cannot create a temporary file for the runner's stderr: %s", strerror(errno));
		goto out;
	}
	argv = runner_build_argv(r);
	env = runner_build_env(r);
	if (!argv || !env) {
		runner_errf(err, errlen, "out of memory starting the runner");
		goto out;
	}
	if (runner_pipe_cloexec(in_p) != 0 || runner_pipe_cloexec(out_p) != 0 || runner_pipe_cloexec(rep) != 0) {
		runner_errf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}
	long maxfd = sysconf(_SC_OPEN_MAX);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;

	pid_t pid = fork();
	if (pid < 0) {
		runner_errf(err, errlen, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		runner_exec_child(in_p[0], out_p[1], r->err_fd, rep[1], maxfd, argv, env);

	setpgid(pid, pid); /* also done by the child: whoever runs first wins, both agree */
	r->pid = pid;
	r->last_status = -1;
	runner_close(&in_p[0]);
	runner_close(&out_p[1]);
	runner_close(&rep[1]);
	r->to_child = in_p[1];
	r->from_child = out_p[0];
	in_p[1] = out_p[0] = -1;

	/* exec failure: the report pipe carries errno; success closes it (CLOEXEC) with nothing written */
	int child_errno = 0;
	ssize_t got;
	do
		got = read(rep[0], &child_errno, sizeof child_errno);
	while (got < 0 && errno == EINTR);
	if (got == (ssize_t)sizeof child_errno) {
		runner_reap(r, 5.0);
		runner_errf(err, errlen, "cannot run '%s': %s", argv[0], strerror(child_errno));
		if (child_errno == ENOENT && !r->argv)
			runner_errf(err, errlen, " (set MRT_PYTHON or --python to a Python that has Alembic)");
		runner_shutdown(r);
		goto out;
	}
	if (runner_set_nonblock(r->to_child) != 0 || runner_set_nonblock(r->from_child) != 0) {
		runner_errf(err, errlen, "fcntl: %s", strerror(errno));
		runner_shutdown(r);
		goto out;
	}

	/* greeting */
	double t = r->start_timeout_s > 0 ? r->start_timeout_s : RUNNER_DEFAULT_START_S;
	json_t *hello = NULL;
	char sub[4096] = "";
	st = runner_read_json(r, runner_now() + t, t, "before its greeting", &hello, sub, sizeof sub);
	if (st != RUNNER_OK) {
		runner_errf(err, errlen, "cannot start the Alembic runner (%s): %s", argv[0], sub);
		goto out;
	}
	if (!json_is_string(json_object_get(hello, "hello"))) {
		runner_errf(err, errlen, "protocol: the runner's first line is not a greeting");
		json_decref(hello);
		runner_shutdown(r);
		st = RUNNER_PROTOCOL;
		goto out;
	}
	if (!runner_answer_ok(hello)) {
		const char *type = runner_answer_type(hello), *msg = runner_answer_error(hello);
		runner_errf(err, errlen, "the Alembic runner could not load the project: %s: %s", type ? type : "Error",
		            msg ? msg : "(no message)");
		json_decref(hello);
		runner_shutdown(r);
		st = RUNNER_ERROR;
		goto out;
	}
	r->hello = hello;
	st = RUNNER_OK;
out:
	if (in_p[0] >= 0)
		close(in_p[0]);
	if (in_p[1] >= 0)
		close(in_p[1]);
	if (out_p[0] >= 0)
		close(out_p[0]);
	if (out_p[1] >= 0)
		close(out_p[1]);
	if (rep[0] >= 0)
		close(rep[0]);
	if (rep[1] >= 0)
		close(rep[1]);
	runner_free_strv(argv);
	runner_free_strv(env);
	return st;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* public API                                                                                                   */

static void runner_free(struct runner *r)
{
	if (!r)
		return;
	runner_shutdown(r);
	runner_close(&r->err_fd);
	free(r->python);
	free(r->alembic_ini);
	free(r->url);
	free(r->ini_section);
	free(r->cwd);
	free(r->pythonpath);
	runner_free_strv(r->argv);
	free(r->buf);
	free(r);
}

enum runner_status runner_start(const struct runner_opts *o, struct runner **out, char *err, size_t errlen)
{
	runner_seterr(err, errlen);
	if (!out)
		return RUNNER_ERROR;
	*out = NULL;
	if (!o || (!o->alembic_ini && !o->argv)) {
		runner_errf(err, errlen, "runner_start: alembic_ini is required");
		return RUNNER_ERROR;
	}
	struct runner *r = calloc(1, sizeof *r);
	if (!r) {
		runner_errf(err, errlen, "out of memory");
		return RUNNER_ERROR;
	}
	r->pid = -1;
	r->to_child = r->from_child = r->err_fd = -1;
	r->last_status = -1;
	r->start_timeout_s = o->start_timeout_s;
	bool oom = false;
#define RUNNER_COPY(field)                                       \
	do {                                                     \
		if (o->field && !(r->field = runner_strdup(o->field))) \
			oom = true;                              \
	} while (0)
	RUNNER_COPY(python);
	RUNNER_COPY(alembic_ini);
	RUNNER_COPY(url);
	RUNNER_COPY(ini_section);
	RUNNER_COPY(cwd);
	RUNNER_COPY(pythonpath);
#undef RUNNER_COPY
	if (o->argv && !oom) {
		size_t n = 0;
		while (o->argv[n])
			n++;
		if (n == 0) {
			runner_errf(err, errlen, "runner_start: argv is empty");
			runner_free(r);
			return RUNNER_ERROR;
		}
		r->argv = calloc(n + 1, sizeof *r->argv);
		if (!r->argv)
			oom = true;
		for (size_t i = 0; !oom && i < n; i++)
			if (!(r->argv[i] = runner_strdup(o->argv[i])))
				oom = true;
	}
	if (oom) {
		runner_errf(err, errlen, "out of memory");
		runner_free(r);
		return RUNNER_ERROR;
	}
	enum runner_status st = runner_spawn(r, err, errlen);
	if (st != RUNNER_OK) {
		runner_free(r);
		return st;
	}
	*out = r;
	return RUNNER_OK;
}

enum runner_status runner_restart(struct runner *r, char *err, size_t errlen)
{
	runner_seterr(err, errlen);
	if (!r)
		return RUNNER_ERROR;
	runner_shutdown(r);
	return runner_spawn(r, err, errlen);
}

enum runner_status runner_call(struct runner *r, json_t *request, double timeout_s, json_t **answer, char *err,
                               size_t errlen)
{
	runner_seterr(err, errlen);
	if (answer)
		*answer = NULL;
	if (!r || !request || !answer) {
		runner_errf(err, errlen, "runner_call: bad arguments");
		return RUNNER_ERROR;
	}
	if (r->pid <= 0 || r->to_child < 0 || r->from_child < 0) {
		runner_errf(err, errlen, "the runner is not running (restart it)");
		return RUNNER_DIED;
	}
	char *text = json_dumps(request, JSON_COMPACT);
	if (!text) {
		runner_errf(err, errlen, "runner_call: cannot encode the request");
		return RUNNER_ERROR;
	}
	size_t n = strlen(text);
	char *line = malloc(n + 2);
	if (!line) {
		free(text);
		runner_errf(err, errlen, "out of memory");
		return RUNNER_ERROR;
	}
	memcpy(line, text, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	free(text);

	double deadline = timeout_s > 0 ? runner_now() + timeout_s : 0;
	enum runner_status st = runner_write_all(r, line, n + 1, deadline, timeout_s, err, errlen);
	free(line);
	if (st != RUNNER_OK)
		return st;
	return runner_read_json(r, deadline, timeout_s, "while answering", answer, err, errlen);
}

int runner_stop(struct runner *r)
{
	if (!r)
		return -1;
	int result = -1;
	if (r->pid > 0 && r->to_child >= 0) {
		json_t *quit = json_pack("{s:s}", "cmd", "quit");
		json_t *ans = NULL;
		char err[256];
		if (quit && runner_call(r, quit, RUNNER_QUIT_WAIT_S, &ans, err, sizeof err) == RUNNER_OK) {
			runner_close(&r->to_child); /* end of input as well */
			if (runner_reap(r, RUNNER_QUIT_WAIT_S))
				result = r->last_status;
		}
		json_decref(ans);
		json_decref(quit);
	}
	runner_free(r); /* kills whatever is left */
	return result;
}

bool runner_alive(const struct runner *r)
{
	return r && r->pid > 0;
}

pid_t runner_pid(const struct runner *r)
{
	return r && r->pid > 0 ? r->pid : -1;
}

json_t *runner_hello(const struct runner *r)
{
	return r ? r->hello : NULL;
}

bool runner_answer_ok(const json_t *answer)
{
	return json_is_true(json_object_get(answer, "ok"));
}

const char *runner_answer_type(const json_t *answer)
{
	return json_string_value(json_object_get(answer, "type"));
}

const char *runner_answer_error(const json_t *answer)
{
	return json_string_value(json_object_get(answer, "error"));
}

double runner_answer_duration(const json_t *answer)
{
	json_t *d = json_object_get(answer, "duration");
	return json_is_number(d) ? json_number_value(d) : -1.0;
}

const char *runner_status_name(enum runner_status s)
{
	switch (s) {
	case RUNNER_OK:
		return "ok";
	case RUNNER_ERROR:
		return "error";
	case RUNNER_TIMEOUT:
		return "timeout";
	case RUNNER_DIED:
		return "died";
	case RUNNER_PROTOCOL:
		return "protocol";
	}
	return "unknown";
}
