/* SPDX-License-Identifier: MIT */
/* A fault-injection shim, loaded with LD_PRELOAD into the real binary.
 *
 * It counts the calls the process makes to write, pwrite, fsync,
 * fdatasync, rename, open and ftruncate (those named in FAULT_OPS, default
 * all) and makes call number FAULT_N fail with FAULT_ERRNO (default EIO);
 * with FAULT_EVERY=1, that call and every later one. At exit it writes the
 * count to FAULT_REPORT, so that a driver knows when N has passed the last
 * call. FAULT_STOP=OP stops the process (SIGSTOP) at its first OP call, for
 * tests that signal it at a known point. FAULT_NOLINK=1 makes renameat2
 * and link unsupported, as on filesystems without them; FAULT_NOOPENAT2=1
 * makes openat2 unknown (ENOSYS), as on kernels before 5.6. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long target = -1, calls;
static int fail_errno = EIO, every, nolink, noopenat2, stopped;
static const char *ops, *stop_at;

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

__attribute__((constructor)) static void init(void)
{
	const char *n = getenv("FAULT_N"), *e = getenv("FAULT_ERRNO");

	target = n ? atol(n) : 0;
	if (e && strcmp(e, "ENOSPC") == 0)
		fail_errno = ENOSPC;
	every = getenv("FAULT_EVERY") && atoi(getenv("FAULT_EVERY"));
	nolink = getenv("FAULT_NOLINK") && atoi(getenv("FAULT_NOLINK"));
	noopenat2 =
	    getenv("FAULT_NOOPENAT2") && atoi(getenv("FAULT_NOOPENAT2"));
	ops = getenv("FAULT_OPS");
	stop_at = getenv("FAULT_STOP");
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("FAULT_REPORT");
	char buf[32];
	int fd, k;

	if (!path)
		return;
	fd = REAL(open)(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	k = snprintf(buf, sizeof buf, "%ld\n", calls);
	if (REAL(write)(fd, buf, (size_t)k) != k)
		k = 0;
	close(fd);
}

/* Whether this call of op is the one (or one of those) to fail. */
static int fail(const char *op)
{
	if (stop_at && !stopped && strcmp(stop_at, op) == 0) {
		stopped = 1;
		raise(SIGSTOP);
	}
	if (ops) {
		const char *p = strstr(ops, op);
		size_t n = strlen(op);
		if (!p || (p != ops && p[-1] != ',') || (p[n] && p[n] != ','))
			return 0;
	}
	calls++;
	if (target > 0 && (calls == target || (every && calls > target))) {
		errno = fail_errno;
		return 1;
	}
	return 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return fail("write") ? -1 : REAL(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return fail("pwrite") ? -1 : REAL(pwrite)(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return fail("pwrite") ? -1 : REAL(pwrite64)(fd, buf, n, off);
}

int fsync(int fd)
{
	return fail("fsync") ? -1 : REAL(fsync)(fd);
}

int fdatasync(int fd)
{
	return fail("fdatasync") ? -1 : REAL(fdatasync)(fd);
}

int rename(const char *a, const char *b)
{
	return fail("rename") ? -1 : REAL(rename)(a, b);
}

int ftruncate(int fd, off_t n)
{
	return fail("ftruncate") ? -1 : REAL(ftruncate)(fd, n);
}

int ftruncate64(int fd, off_t n)
{
	return fail("ftruncate") ? -1 : REAL(ftruncate64)(fd, n);
}

#define OPEN_BODY(real, ...)                                                   \
	mode_t mode = 0;                                                       \
	if (flags & (O_CREAT | O_TMPFILE)) {                                   \
		va_list ap;                                                    \
		va_start(ap, flags);                                           \
		mode = (mode_t)va_arg(ap, int);                                \
		va_end(ap);                                                    \
	}                                                                      \
	return fail("open") ? -1 : REAL(real)(__VA_ARGS__, flags, mode);

int open(const char *path, int flags, ...)
{
	OPEN_BODY(open, path)
}

int open64(const char *path, int flags, ...)
{
	OPEN_BODY(open64, path)
}

int openat(int dir, const char *path, int flags, ...)
{
	OPEN_BODY(openat, dir, path)
}

int openat64(int dir, const char *path, int flags, ...)
{
	OPEN_BODY(openat64, dir, path)
}

int link(const char *a, const char *b)
{
	if (nolink) {
		errno = EPERM;
		return -1;
	}
	return fail("rename") ? -1 : REAL(link)(a, b);
}

long syscall(long nr, ...)
{
	va_list ap;
	long a[5];

	va_start(ap, nr);
	for (int i = 0; i < 5; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_renameat2) {
		if (nolink) {
			errno = EINVAL;
			return -1;
		}
		if (fail("rename"))
			return -1;
	}
#ifdef SYS_openat2
	if (nr == SYS_openat2 && noopenat2) {
		errno = ENOSYS;
		return -1;
	}
#endif
	return REAL(syscall)(nr, a[0], a[1], a[2], a[3], a[4]);
}
