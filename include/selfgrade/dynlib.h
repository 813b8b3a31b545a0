/* SPDX-License-Identifier: MIT */
/* A library loaded the first time a command needs it, its functions bound
 * by name (doc/design.md, "Libraries loaded on demand"): hogweed, ICU,
 * libxlsxwriter and the live sources' clients cost every command their
 * loading and relocation when linked, although few commands use them.
 *
 * A user lists the functions once, as an X-macro of (return type, field,
 * symbol, parameters), and gets from that one list both the struct of
 * pointers and the symbols in the same order:
 *
 *	#define PQ(X) X(void, finish, "PQfinish", (PGconn *)) ...
 *	static struct { PQ(DYNLIB_FIELD) } pq;
 *	static const char *const pq_symbols[] = {PQ(DYNLIB_SYMBOL) NULL};
 *	static struct dynlib libpq = DYNLIB(pq, pq_symbols, "libpq.so.5");
 */
#ifndef SELFGRADE_DYNLIB_H
#define SELFGRADE_DYNLIB_H

#define DYNLIB_FIELD(ret, field, symbol, params) ret(*field) params;
#define DYNLIB_SYMBOL(ret, field, symbol, params) symbol,

struct dynlib {
	const char *const *files;   /* the names to try in turn, NULL-ended */
	const char *const *symbols; /* NULL-ended, in the order of fns' fields */
	void *fns;		    /* a struct of as many function pointers */
	void *so;		    /* the library, once loaded */
	/* After a failure: the symbol not found, or NULL when no file
	 * loaded (dlerror() then says why). */
	const char *missing;
};
/* A struct dynlib for the struct of pointers fns, its symbols and the
 * files to try (one or more names). */
#define DYNLIB(fns, symbols, ...) \
	{(const char *const[]){__VA_ARGS__, NULL}, (symbols), &(fns), NULL, NULL}

/* 0 when d is loaded (now or before) and every symbol bound; -1 when no
 * file loads or a symbol is missing (d->missing), the library closed
 * again so that a later call tries afresh. */
int dynlib_load(struct dynlib *d);

#endif
