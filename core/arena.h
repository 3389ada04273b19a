/*
 * arena.h — region allocator for everything built while one file is analysed.
 *
 * The lexer's tokens, the parser's model and the SQL statements of one migration live in one arena; dropping the
 * migration is one arena_release(). Nothing allocated here is freed alone.
 *
 * Ownership: the arena owns every byte it hands out; pointers stay valid until arena_release()/arena_clear().
 * Allocation failure: arena_alloc() returns NULL and sets arena->oom; callers check the pointer (or oom, once, at the
 * end of a phase).
 */
#ifndef MRT_ARENA_H
#define MRT_ARENA_H

#include <stddef.h>
#include <stdbool.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* owned: newest block first */
	size_t total;             /* bytes obtained from malloc, for statistics */
	bool oom;                 /* set once any allocation failed */
};

/* Sets up an empty arena (allocates nothing). */
void arena_init(struct arena *a);
/* Frees every block; the arena is empty afterwards and may be reused. */
void arena_release(struct arena *a);
/* Keeps the first block for reuse, frees the others: cheap reset between files. */
void arena_clear(struct arena *a);

/* Returns n zeroed bytes aligned for any type, or NULL on out-of-memory. */
void *arena_alloc(struct arena *a, size_t n);
/* Returns n bytes aligned for any type, NOT zeroed (for buffers the caller fills at once), or NULL. */
void *arena_alloc_uninit(struct arena *a, size_t n);
/* Copies s[0..n) and a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grows an array kept in the arena: returns a copy of old[0..count) with room for cap_new elements (the old block is
 * simply abandoned to the arena). */
void *arena_grow(struct arena *a, void *old, size_t count, size_t cap_new, size_t elem_size);

/*
 * Growable array in an arena:  ARENA_PUSH(a, items, count, cap, value)  appends value, doubling the capacity.
 * Evaluates to 0 on success, -1 on out-of-memory (the array is unchanged then).
 */
#define ARENA_PUSH(a, items, count, cap, value)                                                                   \
	(((count) < (cap) || (((items) = arena_grow((a), (items), (count), (cap) ? (cap)*2 : 8, sizeof(*(items)))) && \
	                      ((cap) = (cap) ? (cap)*2 : 8)))                                                       \
	     ? ((items)[(count)++] = (value), 0)                                                                    \
	     : -1)

#endif
