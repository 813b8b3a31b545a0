/* SPDX-License-Identifier: MIT */
/* The tutor as a shared object (tutor.so): the curses code and ncursesw
 * are loaded only when the tutor runs, so that the headless commands do
 * not pay for loading and relocating the terminal libraries (README,
 * "Libraries loaded on demand"). The executable exports the core and the
 * CLI's session functions, which the tutor calls; the module exports
 * only what is below (it is built with hidden visibility). */
#include "cli/cli.h"

#define EXPORT __attribute__((visibility("default")))

/* The version and the interface (a hash of cli.h, CMakeLists.txt) the
 * module was built for: the executable refuses a module of another, as
 * struct cli may differ between them. */
EXPORT extern const char selfgrade_tutor_build[];
EXPORT int selfgrade_tutor_main(struct cli *c);

EXPORT const char selfgrade_tutor_build[] = SG_TUTOR_BUILD;

EXPORT int selfgrade_tutor_main(struct cli *c)
{
	return cmd_tui(c);
}
