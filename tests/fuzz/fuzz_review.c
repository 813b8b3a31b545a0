/* SPDX-License-Identifier: MIT */
/* libFuzzer target for review files, as `import` meets them: any bytes
 * are asked for their format the way the command asks (from a FILE, up to
 * the "format" key only) and from memory, which must agree, then read as a
 * review file (report_review_parse: the JSON, the learner, the key, each
 * review decoded and its signer compared, the signature checked). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/report.h"
#include "selfgrade/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct review_file rf;
	char *err = NULL, *from_mem, *from_file = NULL;
	FILE *f = size ? fmemopen((void *)data, size, "rb") : NULL;

	from_mem = report_file_format(NULL, text, size);
	if (f) {
		from_file = report_file_format(f, NULL, 0);
		fclose(f);
		/* One file, one answer, however it is read. */
		if ((from_mem == NULL) != (from_file == NULL) ||
		    (from_mem && strcmp(from_mem, from_file) != 0))
			abort();
	}
	free(from_mem);
	free(from_file);
	(void)report_is_review(text, size);

	if (report_review_parse(text, size, "fuzz", &rf, &err)) {
		if (!err)
			abort(); /* a refusal always says why */
		free(err);
		return 0;
	}
	/* Read: a learner, a key, at least one review by that key. */
	if (rf.n == 0 || !sign_is_hex(rf.uid, 16) || !sign_is_hex(rf.key, 32))
		abort();
	for (size_t i = 0; i < rf.n; i++)
		if (!rf.events[i].item_id || !rf.events[i].new_ || !rf.events[i].at)
			abort();
	report_review_free(&rf);
	return 0;
}
