/* The interactive tutor's entry point. The screens arrive with the TUI
 * issue; until then this checks what it can and says so plainly. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

int cmd_tui(struct cli *c)
{
	struct pack *p;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("selfgrade: the tutor needs a terminal; without one use "
		      "the headless commands (selfgrade validate, selfgrade "
		      "dump; see selfgrade --help)\n",
		      stderr);
		return EXIT_USAGE;
	}
	p = cli_load_pack(c);
	if (!p)
		return EXIT_DATA;
	printf("selfgrade: loaded '%s' (%s). The interactive screens are not "
	       "built yet; use 'selfgrade dump' to read the pack.\n",
	       p->title, p->version);
	pack_free(p);
	return EXIT_DATA;
}
