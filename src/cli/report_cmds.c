/* SPDX-License-Identifier: MIT */
/* export, import, verify: reports for instructors. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/exchange.h"
#include "selfgrade/report.h"
#include "selfgrade/review.h"
#include "selfgrade/view.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* Review files bigger than this are not read: one learner's reviews
 * (each at most a note's 64 KiB) are decoded whole by jansson, at up to a
 * dozen times their size, and a first review file can come from anyone. */
#define MAX_REVIEW_FILE (4u * 1024u * 1024u)

/* The temporary file being written, removed if a signal ends the export
 * half-way: a killed export leaves nothing behind. */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

static void drop_tmp(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_tmp(bool on)
{
	static const int sigs[] = {SIGTERM, SIGHUP, SIGINT};
	struct sigaction sa = {0};

	sa.sa_handler = on ? drop_tmp : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

#define EXISTS N_("selfgrade: %s exists; use --force to replace it\n")

/* The warning about unsigned learners, in the plural of the file's
 * learners; "carries"/"carry" follows the unsigned count in English. */
static const char *unsigned_words(size_t n_unsigned, size_t n)
{
	if (n_unsigned == 1)
		return P_("selfgrade: %s: warning: %zu of %zu learner carries no "
			  "signature: nothing shows the file came from their "
			  "own database%s\n",
			  "selfgrade: %s: warning: %zu of %zu learners carries no "
			  "signature: nothing shows the file came from their "
			  "own database%s\n",
			  n);
	return P_("selfgrade: %s: warning: %zu of %zu learner carry no "
		  "signature: nothing shows the file came from their "
		  "own database%s\n",
		  "selfgrade: %s: warning: %zu of %zu learners carry no "
		  "signature: nothing shows the file came from their "
		  "own database%s\n",
		  n);
}

/* What a path that is not a regular file is, for the refusal. */
static const char *kind_of(mode_t m)
{
	return S_ISDIR(m)    ? _("a directory")
	       : S_ISLNK(m)  ? _("a symbolic link")
	       : S_ISFIFO(m) ? _("a FIFO (named pipe)")
	       : S_ISSOCK(m) ? _("a socket")
	       : S_ISCHR(m)  ? _("a character device")
	       : S_ISBLK(m)  ? _("a block device")
			     : _("not a regular file");
}

/* Copies the finished temporary file to a path that must be new, for
 * filesystems with neither renameat2's no-replace nor hard links. */
static int copy_new(int from, const char *path)
{
	char buf[65536];
	ssize_t k;
	int to = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);

	if (to < 0)
		return -1;
	if (lseek(from, 0, SEEK_SET) != 0)
		goto fail;
	while ((k = read(from, buf, sizeof buf)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto fail;
		for (ssize_t o = 0; o < k;) {
			ssize_t w = write(to, buf + o, (size_t)(k - o));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto fail;
			o += w;
		}
	}
	if (fsync(to) != 0)
		goto fail;
	return close(to);
fail:
	k = errno;
	close(to);
	unlink(path);
	errno = (int)k;
	return -1;
}

/* Moves tmp to path only if path does not exist: renameat2's no-replace
 * where the kernel and filesystem have it, else a hard link, else a copy
 * to a file created exclusively. */
static int move_new(const char *tmp, int fd, const char *path)
{
	if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, path,
		    RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	if (link(tmp, path) == 0)
		return unlink(tmp), 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS &&
	    errno != EMLINK)
		return -1;
	if (copy_new(fd, path) != 0)
		return -1;
	return unlink(tmp), 0;
}

/* Makes the rename itself durable. */
static void sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		slash[slash == dir] = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* The temporary file beside an export's path: PATH.selfgrade-XXXXXX. */
#define TMP_MARK ".selfgrade-"
/* A temporary this young is left alone even when unlocked: a writer takes
 * its lock just after creating the file. */
#define TMP_STALE_SECONDS 10

/* Removes the temporaries an export killed with SIGKILL left beside path
 * (no handler runs then). Each writer holds a lock on its temporary for as
 * long as it lives, so a lock that can be taken means no writer is left.
 * Only names this program makes (path, TMP_MARK and six letters or
 * digits), regular files of this user with mode 0600, not locked and not
 * changed in the last TMP_STALE_SECONDS, are removed. */
static void clean_stale(const char *path)
{
	const char *b = strrchr(path, '/'), *base = b ? b + 1 : path;
	char *dir = b ? xstrndup(path, (size_t)(b - path)) : xstrdup(".");
	size_t nb = strlen(base), nm = strlen(TMP_MARK);
	DIR *d = opendir(*dir ? dir : "/");
	struct dirent *de;

	while (d && (de = readdir(d))) {
		const char *n = de->d_name;
		struct stat st, again;
		bool ours = strncmp(n, base, nb) == 0 &&
			    strncmp(n + nb, TMP_MARK, nm) == 0 &&
			    strlen(n + nb + nm) == 6;
		char *full;
		int fd;
		for (int i = 0; ours && i < 6; i++)
			ours = isalnum((unsigned char)n[nb + nm + i]);
		if (!ours)
			continue;
		full = xasprintf("%s/%s", *dir ? dir : "", n);
		fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && (st.st_mode & 07777) == 0600 &&
		    time(NULL) - st.st_mtime >= TMP_STALE_SECONDS &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 && lstat(full, &again) == 0 &&
		    again.st_dev == st.st_dev && again.st_ino == st.st_ino)
			unlink(full);
		if (fd >= 0)
			close(fd);
		free(full);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* Writes the report to path through a temporary file beside it (mode
 * 0600), so that a reader never sees half a report. Only a regular file
 * (with --force) or a new path is written: a device, FIFO, socket,
 * directory or symbolic link is refused even with --force, as replacing
 * it is never what was meant. */
static int write_file(const struct report *r, const struct report_format_def *f,
		      const char *path, bool force)
{
	/* One file is written at a time, and closed before the next. */
	static char file_buf[REPORT_BUFFER];
	struct stat st;
	int fd, rc = EXIT_DATA;
	FILE *out = NULL;
	char *err = NULL;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, _("selfgrade: %s is %s; export -o writes only to a "
				  "regular file or a new path ('-o -' for standard "
				  "output)\n"),
			path, kind_of(st.st_mode));
		return EXIT_DATA;
	}
	if (errno = 0, lstat(path, &st) == 0 && !force) {
		fprintf(stderr, _(EXISTS), path);
		return EXIT_DATA;
	}
	if ((size_t)snprintf(tmp_path, sizeof tmp_path, "%s" TMP_MARK "XXXXXX", path) >=
	    sizeof tmp_path) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(ENAMETOOLONG));
		return EXIT_DATA;
	}
	clean_stale(path);
	guard_tmp(true);
	fd = mkstemp(tmp_path);
	if (fd < 0) {
		fprintf(stderr, _("selfgrade: %s: cannot create: %s\n"), path,
			strerror(errno));
		guard_tmp(false);
		return EXIT_DATA;
	}
	/* Held until the file is closed: clean_stale() of another export
	 * leaves it alone while this one lives. */
	flock(fd, LOCK_EX | LOCK_NB);
	tmp_live = 1;
	out = fdopen(fd, "w");
	if (out)
		setvbuf(out, file_buf, _IOFBF, sizeof file_buf);
	if (out && report_write(r, f, out, &err) == 0 && fflush(out) == 0 &&
	    fsync(fd) == 0) {
		if (force ? rename(tmp_path, path) == 0
			  : move_new(tmp_path, fd, path) == 0) {
			rc = EXIT_OK;
			tmp_live = 0;
			sync_dir(path);
		} else if (errno == EEXIST) {
			fprintf(stderr, _(EXISTS), path);
		} else {
			fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
		}
	} else if (err) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, err);
		free(err);
	} else {
		fprintf(stderr, _("selfgrade: %s: cannot write: %s\n"), path,
			strerror(errno));
	}
	if (out)
		fclose(out);
	else
		close(fd);
	if (tmp_live)
		unlink(tmp_path);
	tmp_live = 0;
	guard_tmp(false);
	return rc;
}

/* A learner's name as a file name: letters and digits of any script
 * kept, anything a file system or a shell would trip on made '_'. */
static char *file_stem(const char *name)
{
	char *out = xmalloc(strlen(name) + 2), *o = out;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		bool keep = *p >= 0x80 || (*p >= '0' && *p <= '9') ||
			    ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || *p == '-' ||
			    (*p == '.' && o != out);
		*o++ = keep ? (char)*p : '_';
	}
	*o = '\0';
	if (strlen(out) > 96) { /* cut on a character boundary */
		o = out + 96;
		while (o > out && ((unsigned char)*o & 0xC0) == 0x80)
			o--;
		*o = '\0';
	}
	return out;
}

/* What --split keeps from one learner's file to the next. */
struct split {
	const struct report_format_def *f;
	const char *dir;
	bool force;
	char **used; /* each learner's path ("" none), to give a second one
			of the same name NAME-2.FORMAT */
};

/* One learner's file (the collector hands each over, read): EXIT_OK, or
 * the exit code that stops the split. */
static int split_one(const struct report *one, size_t i, void *ctx)
{
	struct split *sp = ctx;
	const struct report_learner *l = &one->learners[0];
	char *stem, *path;
	int k = 1, rc;

	/* Review files: one for each learner reviewed, none for the rest
	 * (there is nothing to sign). */
	if ((sp->f->caps & REPORT_ONE_LEARNER) && !l->n_reviews_given) {
		sp->used[i] = xstrdup("");
		return EXIT_OK;
	}
	stem = file_stem(l->name);
	for (;;) {
		bool taken = false;
		path = k == 1 ? xasprintf("%s/%s.%s", sp->dir, stem, sp->f->name)
			      : xasprintf("%s/%s-%d.%s", sp->dir, stem, k, sp->f->name);
		for (size_t j = 0; j < i && !taken; j++)
			taken = strcmp(sp->used[j], path) == 0;
		if (!taken)
			break;
		free(path);
		k++;
	}
	sp->used[i] = path;
	rc = write_file(one, sp->f, path, sp->force);
	if (rc == EXIT_OK)
		printf("%s\n", path);
	/* A gradebook that left its learner out says so for its own file,
	 * before the next file's message replaces it. */
	if (one->left_out && *one->left_out) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, *one->left_out);
		free(*one->left_out);
		*one->left_out = NULL;
	}
	free(stem);
	return rc;
}

/* One file per learner in dir: NAME.FORMAT, a second one of the same
 * name NAME-2.FORMAT; each written as -o writes it. */
static int write_split(const struct report *r, const struct report_format_def *f,
		       const char *dir, bool force)
{
	struct split sp = {f, dir, force, xcalloc(r->n ? r->n : 1, sizeof *sp.used)};
	char *err = NULL;
	int rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "selfgrade: %s: %s\n", dir, strerror(errno));
		free(sp.used);
		return EXIT_DATA;
	}
	rc = report_each_one(r, split_one, &sp, &err);
	if (rc < 0)
		rc = cli_report_error(err);
	for (size_t i = 0; i < r->n; i++)
		free(sp.used[i]);
	free(sp.used);
	return rc;
}

int cmd_export(struct cli *c)
{
	struct session ss;
	struct report r;
	char *err = NULL;
	const struct report_format_def *f;
	int sort;
	struct {
		const char *format, *output, *sort, *level, *split, *grade_item, *grade,
			*key, *sep;
		bool all, force, unsigned_ok, bom, feedback, percent, skip_missing;
	} o = {0};
	const struct cli_opt opts[] = {
	    CLI_OPT_TEXT("format", &o.format),
	    CLI_OPT_FLAG("all", &o.all),
	    {.name = "output", .letter = 'o', .kind = CLI_TEXT, .to = &o.output},
	    CLI_OPT_FLAG("force", &o.force),
	    CLI_OPT_TEXT("sort", &o.sort),
	    CLI_OPT_TEXT("level", &o.level),
	    CLI_OPT_TEXT("split", &o.split),
	    CLI_OPT_FLAG("bom", &o.bom),
	    CLI_OPT_CHOICE("sep", &o.sep, ",|;|tab",
			   N_("--sep takes ',', ';' or tab: '%s'")),
	    CLI_OPT_TEXT("grade-item", &o.grade_item),
	    CLI_OPT_CHOICE("grade", &o.grade, "instructor|self",
			   N_("--grade takes instructor or self: '%s'")),
	    CLI_OPT_CHOICE("key", &o.key, "email|id_number",
			   N_("--key takes email or id_number: '%s'")),
	    CLI_OPT_FLAG("feedback", &o.feedback),
	    CLI_OPT_FLAG("percent", &o.percent),
	    CLI_OPT_FLAG("skip-missing", &o.skip_missing),
	    CLI_OPT_FLAG("unsigned", &o.unsigned_ok),
	    CLI_OPT_END,
	};
	int rc = cli_parse(c, opts);

	if (rc)
		return rc;
	f = o.format ? report_format_of(o.format) : NULL;
	sort = o.sort ? report_sort_of(o.sort) : SORT_NAME;

	if (!f) {
		fprintf(stderr, _("selfgrade: export needs --format %s (see "
				  "'selfgrade --help')\n"),
			report_format_names());
		return EXIT_USAGE;
	}
	if (sort < 0) {
		fputs(_("selfgrade: --sort takes name, level, progress or "
			"activity\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if (o.force && (!o.output || strcmp(o.output, "-") == 0) && !o.split) {
		fputs(_("selfgrade: --force goes with -o FILE or --split DIR\n"), stderr);
		return EXIT_USAGE;
	}
	if (o.bom && !(f->caps & REPORT_BOM)) {
		fprintf(stderr, _("selfgrade: --bom goes with --format %s\n"),
			report_formats_with(REPORT_BOM));
		return EXIT_USAGE;
	}
	if (o.grade_item && !(f->caps & REPORT_GRADE_ITEM)) {
		fprintf(stderr, _("selfgrade: --grade-item goes with --format %s\n"),
			report_formats_with(REPORT_GRADE_ITEM));
		return EXIT_USAGE;
	}
	if ((o.grade || o.percent || o.skip_missing) && !(f->caps & REPORT_GRADE_ITEM)) {
		fprintf(stderr, _("selfgrade: --grade, --percent and --skip-missing go with "
				  "--format %s\n"),
			report_formats_with(REPORT_GRADE_ITEM));
		return EXIT_USAGE;
	}
	if ((o.key || o.feedback) && !(f->caps & REPORT_MOODLE)) {
		fprintf(stderr, _("selfgrade: --key and --feedback go with --format %s\n"),
			report_formats_with(REPORT_MOODLE));
		return EXIT_USAGE;
	}
	if (o.sep && !(f->caps & REPORT_SEP)) {
		fprintf(stderr, _("selfgrade: --sep goes with --format %s\n"),
			report_formats_with(REPORT_SEP));
		return EXIT_USAGE;
	}
	if (o.split && (o.output || !o.all)) {
		fputs(_("selfgrade: --split DIR goes with --all, without -o\n"), stderr);
		return EXIT_USAGE;
	}
	rc = session_open(c, &ss, o.all ? FOR_COHORT : FOR_LEARNER);
	if (rc != EXIT_OK)
		return rc;
	if (report_level_check(ss.pack, o.level, &err)) {
		fprintf(stderr, _("selfgrade: --level: %s\n"), err);
		free(err);
		session_end(&ss);
		return EXIT_USAGE;
	}
	/* A format with a part per learner has each written as the first
	 * pass reads it (one read of the cohort); --split writes a file per
	 * learner instead. */
	if (o.all && f->spool && !o.split
		    ? report_open_parts(ss.store, ss.pack, f, (enum report_sort)sort, o.level,
					&r, &err)
	    : o.all ? report_open(ss.store, ss.pack, f->needs_events, f->needs_summary,
				   (enum report_sort)sort, o.level, &r, &err)
		     : report_collect(ss.store, ss.pack, (const char *const[]){ss.learner}, 1,
				    f->needs_events, &r, &err)) {
		session_end(&ss);
		return cli_report_error(err);
	}
	/* A learner's own export carries their signature, which only the
	 * database holding their key can make: without it the instructor
	 * refuses the file, so say why and how before writing it. */
	if (!o.all && strcmp(f->name, "json") == 0 && r.n == 1 && !r.learners[0].signature &&
	    !o.unsigned_ok) {
		fprintf(stderr,
			_("selfgrade: %s's signing key is not in this database (it stays "
			  "on the machine that created them), so this export would be "
			  "unsigned and an instructor who has a signed one refuses it; "
			  "on that machine run 'selfgrade learner export-key %s FILE', "
			  "here 'selfgrade learner import-key FILE'; or export with "
			  "--unsigned\n"),
			ss.learner, ss.learner);
		report_free(&r);
		session_end(&ss);
		return EXIT_DATA;
	}
	r.bom = o.bom;
	r.grade_item = o.grade_item;
	r.grade_self = o.grade && strcmp(o.grade, "self") == 0;
	r.key = o.key;
	r.feedback = o.feedback;
	r.percent = o.percent;
	r.skip_missing = o.skip_missing;
	r.sep = !o.sep ? 0 : strcmp(o.sep, "tab") == 0 ? '\t' : o.sep[0];
	char *left_out = NULL;
	r.left_out = &left_out;
	char own_public[65], own_secret[65];
	if (o.all && !o.split && (f->caps & REPORT_ONE_LEARNER)) {
		fputs(_("selfgrade: a review file is for one learner (--learner NAME), "
			"or one file per learner (--all --split DIR)\n"),
		      stderr);
		report_free(&r);
		session_end(&ss);
		return EXIT_USAGE;
	}
	if (f->caps & REPORT_SIGNED) {
		if (store_own_key(ss.store, own_public, own_secret, &err)) {
			report_free(&r);
			session_end(&ss);
			return cli_report_error(err);
		}
		r.sign_public = own_public;
		r.sign_secret = own_secret;
	}
	if (!o.all && report_select(&r, (enum report_sort)sort, o.level, &err)) {
		fprintf(stderr, _("selfgrade: --level: %s\n"), err);
		free(err);
		rc = EXIT_USAGE;
	} else if (o.split) {
		rc = write_split(&r, f, o.split, o.force);
	} else if (o.output && strcmp(o.output, "-") != 0) {
		rc = write_file(&r, f, o.output, o.force);
	} else if (report_write(&r, f, stdout, &err) || fflush(stdout) != 0) {
		rc = err ? cli_report_error(err) : EXIT_DATA;
	}
	if (left_out) {
		fprintf(stderr, "selfgrade: %s\n", left_out);
		free(left_out);
	}
	memset(own_secret, 0, sizeof own_secret);
	report_free(&r);
	session_end(&ss);
	return rc;
}

/* The whole review file, or NULL with the reason printed. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t k;
		if (n + 65536 + 1 > cap)
			xgrow(&buf, &cap, n + 65536 + 1, 1);
		k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (n > MAX_REVIEW_FILE) {
			fprintf(stderr, _("selfgrade: %s: larger than a review file can be "
					  "(%u MiB)\n"),
				path, MAX_REVIEW_FILE >> 20);
			fclose(f);
			free(buf);
			return NULL;
		}
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, _("selfgrade: %s: cannot read: %s\n"), path,
			strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The learners of the file by name: all of a few, the first of many
 * ("A, B and 42 more"); caller frees. */
static char *names_of(const struct exchange_result *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	for (size_t i = 0; m && i < res->n_learners; i++)
		fprintf(m, "%s%s", i ? ", " : "", cli_safe(res->learners[i].name));
	if (m && res->n > res->n_learners)
		fprintf(m, P_(" and %zu more", " and %zu more", res->n - res->n_learners),
			res->n - res->n_learners);
	if (m)
		fclose(m);
	return text ? text : xstrdup("");
}

/* One export: read, checked and, with a store, merged by the core
 * (exchange_file); said here. For verify (strict), an export made from
 * other content fails too, since its pack's fields could not be checked;
 * import takes it with a warning, as its log is sound. */
/* import's --rename OLD=NEW, at most 16. */
struct renames {
	const char *v[16];
	int n;
};

static bool add_rename(void *to, const char *arg)
{
	struct renames *rn = to;

	if (!strchr(arg, '=') || rn->n == 16)
		return false;
	rn->v[rn->n++] = arg;
	return true;
}

static int check_file(const struct renames *rn, const char *path, const struct pack *p,
		      struct store *store, bool strict)
{
	struct exchange_result res;
	enum exchange_outcome how;
	char *err = NULL, *names;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
		goto refused;
	}
	how = exchange_file(f, path, p, store, strict, rn->v, rn->n, &res, &err);
	fclose(f);
	if (how == EXCHANGE_UNREADABLE) {
		exchange_result_free(&res);
		cli_report_error(err);
		goto refused;
	}
	for (size_t i = 0; i < res.check.n; i++)
		fprintf(stderr, "selfgrade: %s: %s\n", path, res.check.problems[i]);
	if (res.check.n_unsigned && res.check.n == 0)
		/* TRANSLATORS: the plural follows the learners of the
		 * file; the unsigned ones are a count among them. */
		fprintf(stderr, unsigned_words(res.check.n_unsigned, res.n), path,
			res.check.n_unsigned, res.n,
			res.version < 3 ? _(" (an export of an older version)") : "");
	if (res.check.other_content)
		fprintf(stderr, _("selfgrade: %s: %s: made from other content (%s %s, "
				  "content %.12s) than the pack loaded; levels, "
				  "counts, criteria, what is still needed, stale "
				  "marks, attestations and mistakes avoided could "
				  "not be checked\n"),
			path, strict ? _("not verified") : _("warning"), res.pack_id,
			res.pack_version, res.content_hash);
	if (res.version < REPORT_VERSION && res.check.n == 0)
		fprintf(stderr, _("selfgrade: %s: note: an export of version %d, "
				  "which states fewer fields; what it states was "
				  "checked\n"),
			path, res.version);
	if (how == EXCHANGE_UNSOUND) {
		exchange_result_free(&res);
		goto refused;
	}
	if (how == EXCHANGE_MERGE_FAILED) {
		fprintf(stderr, _("selfgrade: %s: %s; nothing changed\n"), path,
			res.merge_err ? res.merge_err : _("cannot merge"));
		exchange_result_free(&res);
		return EXIT_DATA;
	}
	names = names_of(&res);
	if (strict)
		printf(P_("%s: ok: %zu learner (%s), hash chains intact, %zu signed, every "
			  "field follows from the event logs and the pack\n",
			  "%s: ok: %zu learners (%s), hash chains intact, %zu signed, every "
			  "field follows from the event logs and the pack\n",
			  res.n),
		       path, res.n, names, res.n - res.check.n_unsigned);
	if (store) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		bool elsewhere = false;
		if (res.notices)
			printf("%s: %s", path, res.notices);
		/* A learner this file added nothing to, whose progress came
		 * from another file: someone else's file, or a copy. */
		for (size_t i = 0; i < res.n_learners; i++) {
			const struct exchange_learner *w = &res.learners[i];
			if (w->added || w->fresh || !w->before || strcmp(w->before, base) == 0)
				continue;
			printf(_("%s holds %s (imported before from %s)\n"), path,
			       cli_safe(w->name), cli_safe(w->before));
			elsewhere = true;
		}
		/* A learner bringing their progress to a second machine
		 * learns here why its exports will not be signed. */
		for (size_t i = 0; i < res.n_keyless; i++)
			fprintf(stderr,
				_("selfgrade: %s: note: %s's signing key stays on the "
				  "machine that created them, so exports of %s from here "
				  "are unsigned; to sign them, run 'selfgrade learner "
				  "export-key %s FILE' there and 'selfgrade learner "
				  "import-key FILE' here\n"),
				path, res.keyless[i], res.keyless[i], res.keyless[i]);
		if (res.added) {
			/* Two counts, two plurals: one sentence in two parts. */
			printf(P_("%s: imported %zu learner (%s)", "%s: imported %zu learners (%s)",
				  res.n),
			       path, res.n, names);
			printf(P_(", %zu new change\n", ", %zu new changes\n", res.added),
			       res.added);
		} else if (res.n_fresh) {
			printf(P_("%s: added %zu learner (%s), with no progress yet\n",
				  "%s: added %zu learners (%s), with no progress yet\n",
				  res.n_fresh),
			       path, res.n_fresh, names);
		} else if (elsewhere) {
			printf(_("%s: nothing new\n"), path);
		} else {
			printf(_("%s: nothing new for %s (imported before)\n"), path, names);
		}
	}
	free(names);
	exchange_result_free(&res);
	return EXIT_OK;
refused:
	if (store)
		fprintf(stderr, _("selfgrade: %s: not imported; nothing changed\n"), path);
	else
		fprintf(stderr, _("selfgrade: %s: FAILED\n"), path);
	return EXIT_DATA;
}

int cmd_verify(struct cli *c)
{
	struct pack *p;
	const struct renames none = {0};
	int rc = cli_parse(c, NULL);

	if (rc)
		return rc;
	if (!(p = cli_load_pack(c)))
		return EXIT_DATA;
	int failed = 0;
	for (int i = 0; i < c->argc; i++)
		if (check_file(&none, c->argv[i], p, NULL, true) != EXIT_OK) {
			rc = EXIT_DATA;
			failed++;
		}
	/* Two counts, two plurals: one sentence in two parts. */
	printf(P_("%d file ok", "%d files ok", c->argc - failed), c->argc - failed);
	printf(P_(", %d failed\n", ", %d failed\n", failed), failed);
	pack_free(p);
	return rc;
}

/* Read up to its "format" only: an export is not read twice. */
static bool is_review_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *format = f ? report_file_format(f, NULL, 0) : NULL;
	bool yes = format && strcmp(format, REVIEW_FORMAT) == 0;

	if (f)
		fclose(f);
	free(format);
	return yes;
}

/* An instructor's review file, into the learner's own log. */
static int import_review(struct session *ss, const char *path)
{
	struct review_file f;
	size_t len, added = 0;
	char *text = slurp(path, &len), *err = NULL, now[32];
	int rc = EXIT_OK;

	if (!text)
		return EXIT_DATA;
	if (report_review_parse(text, len, path, &f, &err)) {
		free(text);
		return cli_report_error(err);
	}
	free(text);
	/* A review is of an entry of the pack that takes one: an unknown id
	 * would stay in the learner's log for good. */
	for (size_t i = 0; i < f.n; i++) {
		const struct pack_entry *e = pack_find(ss->pack, f.events[i].item_id);
		if (rules_can_note(e) != VIEW_OK) {
			fprintf(stderr, _("selfgrade: %s: reviews[%zu]: '%s' is no item, mistake "
					  "or criterion of the pack loaded; nothing changed\n"),
				path, i, f.events[i].item_id);
			report_review_free(&f);
			return EXIT_DATA;
		}
	}
	store_now(now);
	if (store_merge_reviews(ss->store, f.uid, f.key, f.events, f.n, now, &added, &err)) {
		fprintf(stderr, _("selfgrade: %s: %s; nothing changed\n"), path, err);
		free(err);
		rc = EXIT_DATA;
	} else {
		printf(P_("%s: %zu new review by key %.16s...\n",
			  "%s: %zu new reviews by key %.16s...\n", added),
		       path, added, f.key);
	}
	report_review_free(&f);
	return rc;
}

int cmd_import(struct cli *c)
{
	struct session ss;
	struct renames rn = {0};
	const struct cli_opt opts[] = {
	    CLI_OPT_ADD("rename", &rn, add_rename,
			N_("--rename takes OLD=NEW (at most 16): '%s'")),
	    CLI_OPT_END,
	};
	int rc = cli_parse(c, opts), status = EXIT_OK;

	if (rc != EXIT_OK || (rc = session_open(c, &ss, FOR_COHORT)) != EXIT_OK)
		return rc;
	for (int i = 0; i < c->argc; i++) {
		const char *path = c->argv[i];
		if (is_review_file(path))
			status |= import_review(&ss, path);
		else if (check_file(&rn, path, ss.pack, ss.store, false) != EXIT_OK)
			status = EXIT_DATA;
	}
	/* A database this import made, and every file refused: not kept. */
	store_close_unused(ss.store);
	ss.store = NULL;
	session_end(&ss);
	return status;
}
