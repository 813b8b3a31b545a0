/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the import and verify path: any bytes as a JSON
 * export, read (report_parse) and, when it reads, checked (report_verify)
 * against the real pack, through the public API of selfgrade/report.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "selfgrade/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pack *pack;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report r;
	struct report_check chk;
	char *err = NULL;

	if (!pack) {
		struct diag_list d = {0};
		pack =
		    pack_load(SG_SOURCE_DIR "/checklists/multi-database", &d);
		diag_list_free(&d);
		if (!pack)
			abort();
	}
	if (report_parse((const char *)data, size, "fuzz", pack, &r, &err)) {
		free(err);
		return 0;
	}
	report_verify(&r, pack, &chk);
	report_check_free(&chk);
	report_free(&r);
	return 0;
}
