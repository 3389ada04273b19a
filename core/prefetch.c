/* prefetch.c — see prefetch.h. */
#include "prefetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser.h"

/* Below this many files a thread costs more than it hides. */
#define PREFETCH_MIN_FILES 8

struct prefetch {
	char *const *paths;     /* borrowed */
	size_t n;
	size_t next_fill;       /* worker: the next file to read */
	size_t next_take;       /* caller: the next file to hand out */
	unsigned depth;
	struct prefetch_slot *slots; /* owned: depth slots; file i goes to slot i % depth */
	prefetch_skip_fn skip;
	void *user;
	bool threaded;
	bool stop;              /* the caller is closing: the worker leaves */
	bool worker_waits;      /* the worker sleeps on worker_cv until a slot is free (or stop) */
	size_t worker_wants;    /* while it waits: the file it is to read next */
	bool caller_waits;      /* the caller sleeps on caller_cv until its file is ready */
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t worker_cv;
	pthread_cond_t caller_cv;
};

/* Reads and parses file i into slot s (no lock held: the slot belongs to whoever fills it). */
static void fill(struct prefetch *p, struct prefetch_slot *s, size_t i)
{
	s->index = i;
	s->path = p->paths[i];
	s->err[0] = '\0';
	memset(&s->m, 0, sizeof(s->m));
	if (p->skip && p->skip(p->user, s->path)) {
		s->status = PREFETCH_SKIPPED;
		return;
	}
	if (filebuf_read(&s->buf, s->path, s->err, sizeof(s->err)) != 0) {
		s->status = PREFETCH_READ_FAILED;
		return;
	}
	arena_clear(&s->arena);
	if (parse_migration(&s->arena, s->path, s->buf.data, s->buf.len, &s->m) != 0) {
		snprintf(s->err, sizeof(s->err), "%s: out of memory while parsing", s->path);
		s->status = PREFETCH_NOMEM;
		return;
	}
	s->status = PREFETCH_PARSED;
}

static void *worker_main(void *arg)
{
	struct prefetch *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->next_fill < p->n) {
		size_t i = p->next_fill;
		struct prefetch_slot *s = &p->slots[i % p->depth];
		if (s->busy) {
			p->worker_waits = true;
			p->worker_wants = i;
			pthread_cond_wait(&p->worker_cv, &p->mu);
			p->worker_waits = false;
			continue;
		}
		s->busy = true;
		p->next_fill++;
		pthread_mutex_unlock(&p->mu);
		fill(p, s, i);
		pthread_mutex_lock(&p->mu);
		s->ready = true;
		if (p->caller_waits)
			pthread_cond_signal(&p->caller_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct prefetch *prefetch_open(char *const *paths, size_t n, unsigned depth, bool threaded, prefetch_skip_fn skip,
                               void *user)
{
	struct prefetch *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->depth = depth ? depth : 1;
	p->slots = calloc(p->depth, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	for (unsigned i = 0; i < p->depth; i++) {
		arena_init(&p->slots[i].arena);
		filebuf_init(&p->slots[i].buf);
	}
	p->paths = paths;
	p->n = n;
	p->skip = skip;
	p->user = user;
	if (threaded && n > 0) {
		pthread_mutex_init(&p->mu, NULL);
		pthread_cond_init(&p->worker_cv, NULL);
		pthread_cond_init(&p->caller_cv, NULL);
		p->threaded = pthread_create(&p->worker, NULL, worker_main, p) == 0;
		if (!p->threaded) {
			pthread_cond_destroy(&p->caller_cv);
			pthread_cond_destroy(&p->worker_cv);
			pthread_mutex_destroy(&p->mu);
		}
	}
	return p;
}

bool prefetch_threaded(const struct prefetch *p)
{
	return p && p->threaded;
}

struct prefetch_slot *prefetch_next(struct prefetch *p)
{
	if (!p || p->next_take >= p->n)
		return NULL;
	size_t i = p->next_take++;
	struct prefetch_slot *s = &p->slots[i % p->depth];
	if (!p->threaded) {
		s->busy = true;
		fill(p, s, i);
		return s;
	}
	pthread_mutex_lock(&p->mu);
	while (!(s->ready && s->index == i)) {
		p->caller_waits = true;
		pthread_cond_wait(&p->caller_cv, &p->mu);
		p->caller_waits = false;
	}
	s->ready = false;
	pthread_mutex_unlock(&p->mu);
	return s;
}

void prefetch_done(struct prefetch *p, struct prefetch_slot *s)
{
	if (!p || !s)
		return;
	if (!p->threaded) {
		s->busy = false;
		return;
	}
	pthread_mutex_lock(&p->mu);
	s->busy = false;
	/* a worker that is ahead waits for exactly one slot, the one of the file it is to read next: wake it when that
	   one comes back, not at every file (it then fills every slot freed meanwhile: a caller giving back a whole
	   batch wakes it about once) */
	if (p->worker_waits && s->index + p->depth == p->worker_wants)
		pthread_cond_signal(&p->worker_cv);
	pthread_mutex_unlock(&p->mu);
}

void prefetch_close(struct prefetch *p)
{
	if (!p)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_signal(&p->worker_cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->worker, NULL);
		pthread_cond_destroy(&p->caller_cv);
		pthread_cond_destroy(&p->worker_cv);
		pthread_mutex_destroy(&p->mu);
	}
	for (unsigned i = 0; i < p->depth; i++) {
		arena_release(&p->slots[i].arena);
		filebuf_release(&p->slots[i].buf);
	}
	free(p->slots);
	free(p);
}

bool prefetch_worth_it(size_t n, unsigned jobs)
{
	if (jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 1 ? 2 : 1;
	}
	return jobs >= 2 && n >= PREFETCH_MIN_FILES;
}
