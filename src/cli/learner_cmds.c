/* SPDX-License-Identifier: MIT */
/* learner add | list | remove | set | export-key | import-key. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/field.h"
#include "selfgrade/name.h"
#include "selfgrade/exchange.h"
#include "selfgrade/roster.h"
#include "selfgrade/sign.h"
#include "selfgrade/store.h"
#include "selfgrade/i18n.h"

#define KEY_FORMAT "selfgrade-key"

static int add(struct store *s, struct cli *c, char **err)
{
	char now[32], *name = name_normal(c->argv[1], NULL);

	store_now(now);
	if (store_learner_add(s, c->argv[1], now, err) == 0)
		printf(_("added learner '%s'\n"), name);
	free(name);
	return 0;
}

/* OLD NEW: a name corrected (a look-alike letter, a typo). */
static int rename_one(struct store *s, struct cli *c, char **err)
{
	char *name = name_normal(c->argv[2], NULL);

	if (store_learner_rename(s, c->argv[1], c->argv[2], err) == 0)
		printf(_("renamed learner '%s' to '%s'\n"), cli_safe(c->argv[1]),
		       cli_safe(name ? name : c->argv[2]));
	free(name);
	return 0;
}

/* FILE: a class roster into the gradebook fields (roster.h), with what
 * was matched, new, left unmatched, or ambiguous. */
static int roster(struct store *s, struct cli *c, char **err)
{
	struct roster_result r;
	FILE *f = fopen(c->argv[1], "rb");
	int rc;

	if (!f) {
		fprintf(stderr, "selfgrade: %s: %s\n", c->argv[1], strerror(errno));
		return EXIT_DATA;
	}
	rc = roster_apply(f, c->argv[1], s, &r, err);
	fclose(f);
	if (rc)
		return 0;
	if (r.n_ambiguous) {
		fprintf(stderr, P_("selfgrade: %s: %zu row matches more than one learner "
				   "here; nothing changed:\n%s\n",
				   "selfgrade: %s: %zu rows match more than one learner "
				   "here; nothing changed:\n%s\n",
				   r.n_ambiguous),
			c->argv[1], r.n_ambiguous, cli_safe(r.ambiguous));
		roster_result_free(&r);
		return EXIT_DATA;
	}
	/* Three counts, three plurals: one sentence in three parts. */
	printf(P_("%s: %zu learner", "%s: %zu learners", r.rows), c->argv[1], r.rows);
	printf(P_(", %zu matched", ", %zu matched", r.matched), r.matched);
	printf(P_(" (%zu changed)", " (%zu changed)", r.changed), r.changed);
	printf(P_(", %zu new (not here yet)", ", %zu new (not here yet)", r.n_fresh),
	       r.n_fresh);
	printf(P_(", %zu here not in the roster\n", ", %zu here not in the roster\n",
		  r.n_unmatched),
	       r.n_unmatched);
	if (r.fresh)
		printf(_("new (not here yet):\n%s\n"), cli_safe(r.fresh));
	if (r.unmatched)
		printf(_("here, not in the roster:\n%s\n"), cli_safe(r.unmatched));
	roster_result_free(&r);
	return 0;
}

/* NAME FILE: the learner's new key after a lost machine, taken from
 * their first export of the new one, on purpose and said (as ssh-keygen
 * -R removes a host's old key: never silently). */
static int accept_key(struct store *s, struct cli *c, char **err)
{
	struct pack *p = cli_load_pack(c);
	struct exchange_result res;
	enum exchange_outcome how;
	char now[32], *old = NULL;
	const char *base = strrchr(c->argv[2], '/') ? strrchr(c->argv[2], '/') + 1 : c->argv[2];
	int64_t id;
	FILE *f;

	if (!p)
		return EXIT_DATA;
	if (store_learner_find(s, c->argv[1], &id, err)) {
		pack_free(p);
		return 0;
	}
	if (!(f = fopen(c->argv[2], "rb"))) {
		fprintf(stderr, "selfgrade: %s: %s\n", c->argv[2], strerror(errno));
		pack_free(p);
		return EXIT_DATA;
	}
	how = exchange_file(f, c->argv[2], p, NULL, false, NULL, 0, &res, err);
	fclose(f);
	pack_free(p);
	if (how == EXCHANGE_UNREADABLE)
		return 0;
	if (how != EXCHANGE_SOUND || res.n != 1 || !res.learners[0].key ||
	    !res.learners[0].uid[0]) {
		for (size_t i = 0; i < res.check.n; i++)
			fprintf(stderr, "selfgrade: %s: %s\n", c->argv[2], res.check.problems[i]);
		fprintf(stderr, _("selfgrade: %s: a new key is taken from a sound export of "
				  "one learner, signed by it (selfgrade export --format json "
				  "on their new machine); nothing changed\n"),
			c->argv[2]);
		exchange_result_free(&res);
		return EXIT_DATA;
	}
	store_now(now);
	if (store_learner_rekey(s, id, res.learners[0].uid, res.learners[0].key, base, now, &old,
				err) == 0)
		printf(_("%s: key %.16s replaced by %.16s (from %s), logged; now import %s\n"),
		       cli_safe(c->argv[1]), old ? old : "-", res.learners[0].key,
		       cli_safe(base), cli_safe(c->argv[2]));
	free(old);
	exchange_result_free(&res);
	return 0;
}

static int remove_one(struct store *s, struct cli *c, char **err)
{
	if (store_learner_remove(s, c->argv[1], err) == 0)
		printf(_("removed learner '%s' and their progress\n"), c->argv[1]);
	return 0;
}

static int list(struct store *s, struct cli *c, char **err)
{
	char **names;
	size_t n;

	(void)c;
	if (store_learner_list(s, &names, &n, err))
		return 0;
	for (size_t i = 0; i < n; i++) {
		puts(names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* NAME KEY=VALUE...: the fields a gradebook maps rows by; canvas_id and
 * login are this database's own (the instructor's LMS). */
static int set(struct store *s, struct cli *c, char **err)
{
	struct store_identity who;
	int64_t id;
	const char *v[5];
	char *lms[2];
	bool lms_given = false;
	static const char *const keys[] = {"email", "id_number", "section", "canvas_id",
					   "login"};

	if (store_learner_find(s, c->argv[1], &id, err) ||
	    store_identity(s, id, false, &who, err))
		return 0;
	if (store_learner_lms(s, id, &lms[0], &lms[1], err)) {
		store_identity_clear(&who);
		return 0;
	}
	v[0] = who.email;
	v[1] = who.id_number;
	v[2] = who.section;
	v[3] = lms[0];
	v[4] = lms[1];
	for (int i = 2; i < c->argc; i++) {
		const char *eq = strchr(c->argv[i], '=');
		int k = 0;
		while (k < 5 && (!eq || strncmp(c->argv[i], keys[k], (size_t)(eq - c->argv[i])) ||
				 keys[k][eq - c->argv[i]]))
			k++;
		if (k == 5) {
			store_identity_clear(&who);
			free(lms[0]);
			free(lms[1]);
			fprintf(stderr, _("selfgrade: learner set takes email=, id_number=, "
					  "section=, canvas_id= and login= (not '%.40s')\n"),
				c->argv[i]);
			return EXIT_USAGE;
		}
		v[k] = *(eq + 1) ? eq + 1 : NULL;
		lms_given |= k >= 3;
	}
	if (store_learner_set(s, id, v[0], v[1], v[2], err) == 0 &&
	    (!lms_given || store_learner_lms_set(s, id, v[3], v[4], err) == 0)) {
		printf(_("%s: email %s, id_number %s, section %s\n"), cli_safe(who.name),
		       v[0] ? v[0] : "-", v[1] ? v[1] : "-", v[2] ? v[2] : "-");
		if (v[3] || v[4])
			printf(_("%s: canvas_id %s, login %s\n"), cli_safe(who.name),
			       v[3] ? v[3] : "-", v[4] ? v[4] : "-");
	}
	store_identity_clear(&who);
	free(lms[0]);
	free(lms[1]);
	return 0;
}

/* NAME FILE: the learner with their secret key, for their other machine.
 * A new file only, mode 0600: it is the learner's to keep. */
static int export_key(struct store *s, struct cli *c, char **err)
{
	struct store_identity who;
	json_t *o;
	char *text;
	int64_t id;
	int fd, rc = 0;

	if (store_learner_find(s, c->argv[1], &id, err) ||
	    store_identity(s, id, true, &who, err))
		return 0;
	if (!who.secret[0]) {
		store_identity_clear(&who);
		fprintf(stderr, _("selfgrade: '%s': this database holds only their "
				  "public key (it came with an import)\n"),
			c->argv[1]);
		return EXIT_DATA;
	}
	o = json_pack("{s:s,s:i,s:s,s:s,s:s,s:s,s:s}", "format", KEY_FORMAT, "version",
		      1, "id", who.uid, "name", who.name, "created_at", who.created_at,
		      "public", who.public_key, "secret", who.secret);
	text = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	memset(who.secret, 0, sizeof who.secret);
	fd = open(c->argv[2], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
		fprintf(stderr, "selfgrade: %s: %s\n", c->argv[2], strerror(errno));
		if (fd >= 0)
			unlink(c->argv[2]);
		rc = EXIT_DATA;
	} else {
		printf(_("wrote the key of '%s' to %s: keep it private, and bring it to "
			 "their other machine with 'selfgrade learner import-key'\n"),
		       who.name, c->argv[2]);
	}
	if (fd >= 0)
		close(fd);
	free(text);
	store_identity_clear(&who);
	return rc;
}

static int import_key(struct store *s, struct cli *c, char **err)
{
	json_error_t je;
	FILE *f = fopen(c->argv[1], "rb");
	json_t *o;
	const char *fmt, *uid, *name, *created, *pub, *secret;
	char now[32], md[65], sig[SIGN_SIG_HEX];
	int rc = 0;

	/* Opened here, so that a file that cannot be read says why, with no
	 * line and column (jansson gives -1 for those). */
	if (!f) {
		fprintf(stderr, _("selfgrade: %s: cannot read: %s\n"), c->argv[1],
			strerror(errno));
		return EXIT_DATA;
	}
	o = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!o) {
		if (je.line > 0)
			fprintf(stderr, "selfgrade: %s:%d:%d: %s\n", c->argv[1], je.line,
				je.column, je.text);
		else
			fprintf(stderr, "selfgrade: %s: %s\n", c->argv[1], je.text);
		return EXIT_DATA;
	}
	fmt = json_string_value(json_object_get(o, "format"));
	uid = json_string_value(json_object_get(o, "id"));
	name = json_string_value(json_object_get(o, "name"));
	created = json_string_value(json_object_get(o, "created_at"));
	pub = json_string_value(json_object_get(o, "public"));
	secret = json_string_value(json_object_get(o, "secret"));
	/* The pair must be one: sign something with it and check. */
	memset(md, 'a', 64);
	md[64] = '\0';
	if (!fmt || strcmp(fmt, KEY_FORMAT) || !sign_is_hex(uid, 16) || !name ||
	    store_name_check(name, NULL) || !created ||
	    field_check(FIELD_TIME, "created_at", created, strlen(created), NULL) ||
	    !sign_is_hex(pub, 32) ||
	    !sign_is_hex(secret, 32) || sign_digest(pub, secret, md, sig) ||
	    !sign_check(pub, md, sig)) {
		fprintf(stderr, _("selfgrade: %s: not a learner's key file from "
				  "'selfgrade learner export-key'\n"),
			c->argv[1]);
		rc = EXIT_DATA;
	} else {
		store_now(now);
		if (store_learner_take_key(s, uid, name, created, pub, secret, now, err) == 0)
			printf(_("'%s' has their key on this machine now\n"), name);
	}
	json_decref(o);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(struct store *s, struct cli *c, char **err);
	int min_args, max_args; /* with the subcommand's own name */
} subs[] = {
	{"add", add, 2, 2},		{"list", list, 1, 1},
	{"remove", remove_one, 2, 2},	{"set", set, 3, 7},
	{"rename", rename_one, 3, 3},	{"roster", roster, 2, 2},
	{"accept-key", accept_key, 3, 3},
	{"export-key", export_key, 3, 3}, {"import-key", import_key, 2, 2},
};

int cmd_learner(struct cli *c)
{
	struct store *s;
	char *err = NULL;
	int rc;
	size_t k = 0;

	if ((rc = cli_parse(c, NULL)))
		return rc;
	/* learner list only reads. */
	c->readonly = c->argc == 1 && strcmp(c->argv[0], "list") == 0;
	while (k < sizeof subs / sizeof *subs && strcmp(c->argv[0], subs[k].name))
		k++;
	if (k == sizeof subs / sizeof *subs || c->argc < subs[k].min_args ||
	    c->argc > subs[k].max_args) {
		fputs(_("selfgrade: usage: selfgrade learner add NAME | list | remove NAME "
			"| rename OLD NEW | set NAME KEY=VALUE... | roster FILE | export-key NAME "
			"FILE | import-key FILE | accept-key NAME FILE\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_store(c, &s)) != EXIT_OK)
		return rc;
	rc = subs[k].run(s, c, &err);
	/* A database made for a command that then wrote nothing (a key file
	 * refused, a name refused) is not left behind. */
	store_close_unused(s);
	if (err)
		return cli_report_error(err);
	return rc;
}
