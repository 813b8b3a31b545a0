/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the content loader. The first byte picks which file
 * of a small valid pack the rest of the input replaces, so that every
 * schema and the cross-file checks are reached, not only the YAML layer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "selfgrade/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const base[PF_COUNT] = {
	[PF_PACK] = "id: p\ntitle: P\nversion: '1'\n",
	[PF_CHECKLIST] = ("sections:\n- id: s\n  number: 1\n  title: S\n"
			  "  items:\n  - id: a\n    text: A\n    items:\n"
			  "    - {id: a.b, text: B, critical: true, rule: R}\n"),
	[PF_MISTAKES] = ("mistakes:\n- {id: m, number: 1, title: T, error: E,"
			 " symptoms: [x], fix: {lang: json, code: '{}'},"
			 " table: t, prevention: P, related: [a.b]}\n"),
	[PF_RUBRIC] = ("levels:\n- id: l\n  title: L\n  criteria:\n"
		       "  - {id: c, text: C, requires: [a, m], attest: true}\n"),
	[PF_TAKEAWAYS] = "takeaways: [{id: k, number: 1, text: K}]\n",
	[PF_TABLES] = "tables: [{id: t, title: T, columns: [a, b], rows: [[1, 2]]}]\n",
	[PF_PROBES] = ("probes: [{id: p, for: m, kind: field-unique, files: "
		       "'**/*.json', connector: X, field: [a, 'b.*'], at_least: 2}]\n"),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src[PF_COUNT];
	size_t len[PF_COUNT];
	struct diag_list d = {0};
	struct pack *p;

	if (size == 0)
		return 0;
	for (int f = 0; f < PF_COUNT; f++) {
		src[f] = base[f];
		len[f] = 0;
		while (base[f][len[f]])
			len[f]++;
	}
	src[data[0] % PF_COUNT] = (const char *)data + 1;
	len[data[0] % PF_COUNT] = size - 1;
	p = pack_load_mem(src, len, pack_file_names, &d);
	if (p)
		free(pack_to_json(p));
	pack_free(p);
	diag_list_free(&d);
	return 0;
}
