/* export, import, verify: reports for instructors. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/report.h"
#include "selfgrade/xalloc.h"

/* Exports bigger than this are not read (a cohort of thousands is a few
 * MiB). */
#define MAX_EXPORT (256u * 1024u * 1024u)

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

/* What a path that is not a regular file is, for the refusal. */
static const char *kind_of(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISLNK(m)  ? "a symbolic link"
	       : S_ISFIFO(m) ? "a FIFO (named pipe)"
	       : S_ISSOCK(m) ? "a socket"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
			     : "not a regular file";
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

/* Writes the report to path through a temporary file beside it (mode
 * 0600), so that a reader never sees half a report. Only a regular file
 * (with --force) or a new path is written: a device, FIFO, socket,
 * directory or symbolic link is refused even with --force, as replacing
 * it is never what was meant. */
static int write_file(const struct report *r, enum report_format f,
		      const char *path, bool force)
{
	struct stat st;
	int fd, rc = EXIT_DATA;
	FILE *out = NULL;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "selfgrade: %s is %s; export -o writes only to a "
				"regular file or a new path ('-o -' for standard "
				"output)\n",
			path, kind_of(st.st_mode));
		return EXIT_DATA;
	}
	if (errno = 0, lstat(path, &st) == 0 && !force) {
		fprintf(stderr, "selfgrade: %s exists; use --force to replace it\n",
			path);
		return EXIT_DATA;
	}
	if ((size_t)snprintf(tmp_path, sizeof tmp_path, "%s.XXXXXX", path) >=
	    sizeof tmp_path) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(ENAMETOOLONG));
		return EXIT_DATA;
	}
	guard_tmp(true);
	fd = mkstemp(tmp_path);
	if (fd < 0) {
		fprintf(stderr, "selfgrade: %s: cannot create: %s\n", path,
			strerror(errno));
		guard_tmp(false);
		return EXIT_DATA;
	}
	tmp_live = 1;
	out = fdopen(fd, "w");
	if (out && report_write(r, f, out) == 0 && fflush(out) == 0 &&
	    fsync(fd) == 0) {
		if (force ? rename(tmp_path, path) == 0
			  : move_new(tmp_path, fd, path) == 0) {
			rc = EXIT_OK;
			tmp_live = 0;
			sync_dir(path);
		} else if (errno == EEXIST) {
			fprintf(stderr, "selfgrade: %s exists; use --force to "
					"replace it\n",
				path);
		} else {
			fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
		}
	} else {
		fprintf(stderr, "selfgrade: %s: cannot write: %s\n", path,
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

int cmd_export(struct cli *c)
{
	struct session ss;
	struct report r;
	char *err = NULL;
	int f = c->format ? report_format_of(c->format) : -1;
	int rc;

	if (f < 0) {
		fprintf(stderr, "selfgrade: export needs --format json, csv, md or "
				"html (see 'selfgrade --help')\n");
		return EXIT_USAGE;
	}
	if (c->force && (!c->output || strcmp(c->output, "-") == 0)) {
		fputs("selfgrade: --force goes with -o FILE\n", stderr);
		return EXIT_USAGE;
	}
	rc = session_open(c, &ss, c->all ? FOR_COHORT : FOR_LEARNER);
	if (rc != EXIT_OK)
		return rc;
	if (report_collect(ss.store, ss.pack,
			   c->all ? NULL : (const char *const[]){ss.learner}, 1,
			   f != REPORT_CSV, &r, &err)) {
		session_end(&ss);
		return cli_report_error(err);
	}
	if (c->output && strcmp(c->output, "-") != 0)
		rc = write_file(&r, (enum report_format)f, c->output, c->force);
	else if (report_write(&r, (enum report_format)f, stdout) ||
		 fflush(stdout) != 0)
		rc = EXIT_DATA;
	report_free(&r);
	session_end(&ss);
	return rc;
}

/* The whole file, or NULL with the reason printed. */
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
		if (n > MAX_EXPORT) {
			fprintf(stderr, "selfgrade: %s: larger than an export can be "
					"(%u MiB)\n",
				path, MAX_EXPORT >> 20);
			fclose(f);
			free(buf);
			return NULL;
		}
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "selfgrade: %s: cannot read: %s\n", path,
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

/* Reads and checks one export: 0 and *r filled when it is sound. */
static int check_file(const char *path, const struct pack *p, struct report *r,
		      bool quiet_ok)
{
	char *text, *err = NULL, **problems = NULL;
	size_t len, n = 0;
	bool other;

	text = slurp(path, &len);
	if (!text)
		return EXIT_DATA;
	if (report_parse(text, len, path, p, r, &err)) {
		free(text);
		return cli_report_error(err);
	}
	free(text);
	report_verify(r, p, &problems, &n, &other);
	if (other)
		fprintf(stderr, "selfgrade: %s: warning: made from other content "
				"than the pack loaded (%s %s); levels are not "
				"re-derived\n",
			path, r->pack_id, r->pack_version);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, problems[i]);
		free(problems[i]);
	}
	free(problems);
	if (n) {
		report_free(r);
		return EXIT_DATA;
	}
	if (!quiet_ok)
		printf("%s: ok: %zu learner%s, hash chains intact, states and "
		       "levels follow from the event logs\n",
		       path, r->n, r->n == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_verify(struct cli *c)
{
	struct pack *p = cli_load_pack(c);
	int rc = EXIT_OK;

	if (!p)
		return EXIT_DATA;
	for (int i = 0; i < c->argc; i++) {
		struct report r;
		if (check_file(c->argv[i], p, &r, false) == EXIT_OK)
			report_free(&r);
		else
			rc = EXIT_DATA;
	}
	pack_free(p);
	return rc;
}

int cmd_import(struct cli *c)
{
	struct session ss;
	int rc = session_open(c, &ss, FOR_COHORT), status = EXIT_OK;

	if (rc != EXIT_OK)
		return rc;
	for (int i = 0; i < c->argc; i++) {
		const char *path = c->argv[i];
		struct report r;
		struct store_merge *m;
		size_t added = 0;
		char now[32], *err = NULL;
		if (check_file(path, ss.pack, &r, true) != EXIT_OK) {
			fprintf(stderr, "selfgrade: %s: not imported; nothing "
					"changed\n",
				path);
			status = EXIT_DATA;
			continue;
		}
		m = report_merge_list(&r);
		store_now(now);
		if (store_merge(ss.store, ss.pack, m, r.n, now, &added, &err)) {
			fprintf(stderr, "selfgrade: %s: %s; nothing changed\n", path, err);
			free(err);
			status = EXIT_DATA;
		} else if (added) {
			printf("%s: imported %zu learner%s, %zu new change%s\n", path,
			       r.n, r.n == 1 ? "" : "s", added, added == 1 ? "" : "s");
		} else {
			printf("%s: nothing new (imported before)\n", path);
		}
		free(m);
		report_free(&r);
	}
	session_end(&ss);
	return status;
}
