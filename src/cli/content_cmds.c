/* SPDX-License-Identifier: MIT */
/* validate and dump: the commands that prove the content loads. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "selfgrade/i18n.h"

struct pack *cli_load_pack(const struct cli *c)
{
	struct diag_list d = {0};
	char *dir = cli_content_dir(c);
	struct pack *p = pack_load_except(
		dir, c->lean ? 1u << PF_PROBES | 1u << PF_TABLES | 1u << PF_TAKEAWAYS : 0,
		&d);

	diag_print(&d, stderr);
	diag_list_free(&d);
	free(dir);
	return p;
}

static size_t count_items(const struct pack_item *it, size_t n)
{
	size_t total = n;
	for (size_t i = 0; i < n; i++)
		total += count_items(it[i].items, it[i].n_items);
	return total;
}


int cmd_validate(struct cli *c)
{
	struct pack *p;
	size_t items = 0, criteria = 0;
	int rc = cli_parse(c, NULL);

	if (rc)
		return rc;
	if (!(p = cli_load_pack(c)))
		return EXIT_DATA;
	for (size_t i = 0; i < p->n_sections; i++)
		items += count_items(p->sections[i].items, p->sections[i].n_items);
	for (size_t i = 0; i < p->n_levels; i++)
		criteria += p->levels[i].n_criteria;
	printf(_("%s: ok: pack '%s' %s: "), p->dir, p->id, p->version);
	printf(P_("%zu section", "%zu sections", p->n_sections), p->n_sections);
	printf(P_(", %zu item", ", %zu items", items), items);
	printf(P_(", %zu mistake", ", %zu mistakes", p->n_mistakes), p->n_mistakes);
	printf(P_(", %zu level", ", %zu levels", p->n_levels), p->n_levels);
	printf(P_(" with %zu criterion", " with %zu criteria", criteria), criteria);
	printf(P_(", %zu takeaway", ", %zu takeaways", p->n_takeaways), p->n_takeaways);
	printf(P_(", %zu table", ", %zu tables", p->n_tables), p->n_tables);
	printf(P_(", %zu probe", ", %zu probes", p->n_probes), p->n_probes);
	putchar('\n');
	pack_free(p);
	return EXIT_OK;
}

int cmd_dump(struct cli *c)
{
	struct pack *p;
	char *json;
	int rc = cli_parse(c, NULL);

	if (rc)
		return rc;
	if (!(p = cli_load_pack(c)))
		return EXIT_DATA;
	json = pack_to_json(p);
	if (!json || printf("%s\n", json) < 0 || fflush(stdout) != 0) {
		fputs(_("selfgrade: dump: cannot write the JSON\n"), stderr);
		rc = EXIT_DATA;
	}
	free(json);
	pack_free(p);
	return rc;
}
