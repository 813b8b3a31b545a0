/* SPDX-License-Identifier: MIT */
/* Libraries loaded on first use (selfgrade/dynlib.h). */
#include <dlfcn.h>
#include <string.h>

#include "selfgrade/dynlib.h"

typedef void (*fn_ptr)(void);

int dynlib_load(struct dynlib *d)
{
	size_t n = 0;

	if (d->so)
		return 0;
	d->missing = NULL;
	for (size_t i = 0; d->files[i] && !d->so; i++)
		d->so = dlopen(d->files[i], RTLD_NOW | RTLD_LOCAL);
	if (!d->so)
		return -1;
	/* The struct and the symbols come from one list (DYNLIB_FIELD,
	 * DYNLIB_SYMBOL): pointer n is symbol n. */
	for (; d->symbols[n]; n++) {
		void *f = dlsym(d->so, d->symbols[n]);
		if (!f) {
			d->missing = d->symbols[n];
			break;
		}
		/* dlsym gives a function as void *, which ISO C does not
		 * convert: copied byte for byte (POSIX makes them alike). */
		memcpy((char *)d->fns + n * sizeof(fn_ptr), &f, sizeof f);
	}
	if (d->missing) {
		dlclose(d->so);
		d->so = NULL;
		return -1;
	}
	return 0;
}
