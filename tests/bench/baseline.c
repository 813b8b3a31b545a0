/* SPDX-License-Identifier: MIT */
/* The SPEC §9 baseline: a bare C program that only parses a pack's YAML
 * files with libyaml and runs one query on the database. `selfgrade score`
 * is measured against it. Usage: baseline PACK_DIR DB */
#include <sqlite3.h>
#include <stdio.h>
#include <yaml.h>

static const char *const files[] = {"pack.yaml",      "checklist.yaml",
				    "mistakes.yaml",  "rubric.yaml",
				    "takeaways.yaml", "tables.yaml"};

int main(int argc, char **argv)
{
	long events = 0;
	sqlite3 *db;
	sqlite3_stmt *st;
	char path[4096];

	if (argc != 3)
		return 2;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		yaml_parser_t p;
		yaml_event_t e;
		FILE *f;
		int done = 0;
		snprintf(path, sizeof path, "%s/%s", argv[1], files[i]);
		if (!(f = fopen(path, "rb")))
			continue;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_file(&p, f);
		while (!done && yaml_parser_parse(&p, &e)) {
			done = e.type == YAML_STREAM_END_EVENT;
			events++;
			yaml_event_delete(&e);
		}
		yaml_parser_delete(&p);
		fclose(f);
	}
	if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM state WHERE done = 1",
			       -1, &st, NULL) != SQLITE_OK)
		return 1;
	if (sqlite3_step(st) == SQLITE_ROW)
		printf("%ld events, %d done\n", events, sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
