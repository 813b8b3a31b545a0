/* SPDX-License-Identifier: MIT */
/* The tutor as a shared object (tutor.so): the curses code and ncursesw
 * are loaded only when the tutor runs, so that the headless commands do
 * not pay for loading and relocating the terminal libraries (doc/design.md,
 * "Libraries loaded on demand"). The executable exports what of the core
 * and the model the tutor calls (a dynamic list made from this module);
 * the module exports only what is below (it is built with hidden
 * visibility). */
#include "tui/tutor.h"

#define EXPORT __attribute__((visibility("default")))

/* The version and the interface (a hash of the headers shared with the
 * executable) the module was built for: the executable refuses a module
 * of another build, whose structs may differ from its own. */
EXPORT extern const char selfgrade_tutor_build[];
EXPORT int selfgrade_tutor_check(void);
EXPORT int selfgrade_tutor_run(const struct session *ss, bool study);

EXPORT const char selfgrade_tutor_build[] = SG_TUTOR_BUILD;

EXPORT int selfgrade_tutor_check(void)
{
	return tutor_check();
}

EXPORT int selfgrade_tutor_run(const struct session *ss, bool study)
{
	return tutor_run(ss, study);
}
