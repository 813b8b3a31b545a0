/* SPDX-License-Identifier: MIT */
/* What every report writer shares: the pack's checkables in order, the
 * reports' words, the last activity. The writers and report.c both use
 * it; it uses neither, so that report.c (which picks a writer) and the
 * writers do not lean on each other. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/evidence.h"
#include "selfgrade/review.h"
#include "selfgrade/study.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

void report_checkables(const struct pack *p, const struct pack_entry ***v,
		       size_t *n)
{
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	/* The index is sorted by id; the report wants the pack's order:
	 * items as the tree has them, then mistakes, then attestations. */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < p->n_index; i++) {
			const struct pack_entry *e = &p->index[i];
			int k = progress_kind_of(e);
			if (k != pass)
				continue;
			xgrow(v, &cap, *n + 1, sizeof **v);
			(*v)[(*n)++] = e;
		}
	if (*n && (*v)[0]->kind == PACK_ITEM) {
		/* Tree order for the items: by position in the file. */
		size_t items = 0;
		while (items < *n && (*v)[items]->kind == PACK_ITEM)
			items++;
		qsort(*v, items, sizeof **v, report_by_pos);
	}
}

int report_by_pos(const void *a, const void *b)
{
	const struct pack_entry *x = *(const struct pack_entry *const *)a;
	const struct pack_entry *y = *(const struct pack_entry *const *)b;
	struct pack_pos px = pack_entry_pos(x), py = pack_entry_pos(y);

	return px.line != py.line ? (px.line > py.line) - (px.line < py.line)
				  : (px.col > py.col) - (px.col < py.col);
}

const char *report_level_title(const struct view *v)
{
	return v->level ? v->level->level->title : _(SG_WORD_NOT_YET);
}

const char *report_every_level(const struct view *v)
{
	if (v->reviewed && v->review_level != (v->level ? v->level->level : NULL))
		return _("Every level is met by the learner's own ticks; the "
			 "instructor's view differs.");
	return REPORT_EVERY_LEVEL;
}

const char *report_need_words(enum view_need n)
{
	static const char *const words[] = {
		[NEED_TICK] = N_("tick"), [NEED_CONFIRM] = N_("confirm avoided"),
		[NEED_ATTEST] = N_("attest"), [NEED_CRITICAL] = N_("tick (CRITICAL)")};
	return _(words[n]);
}

char *report_cohort_blocked(const struct cohort *c)
{
	return xasprintf(_("Blocked by a CRITICAL item: %zu of %zu. With ticks gone "
			   "stale after a content change: %zu of %zu."),
			 c->blocked, c->n_learners, c->stale_learners, c->n_learners);
}

char *report_cohort_evidence(const struct cohort *c)
{
	return xasprintf(P_("Evidence from the learners' projects: %zu tick backed, "
			    "%zu contradicted (%zu of %zu learners), %zu on the "
			    "learner's word only.",
			    "Evidence from the learners' projects: %zu ticks backed, "
			    "%zu contradicted (%zu of %zu learners), %zu on the "
			    "learner's word only.",
			    c->backed),
			 c->backed, c->contradicted, c->contradicted_learners,
			 c->n_learners, c->self_reported);
}

const char *report_review_title(const struct view *v)
{
	if (!v->reviewed)
		return NULL;
	return v->review_level ? v->review_level->title : _(SG_WORD_NOT_YET);
}

bool report_review_differs(const struct view *v)
{
	return v->reviewed && v->review_level != (v->level ? v->level->level : NULL);
}

void report_review_marks(const struct view *v, size_t *agreed, size_t *not_agreed)
{
	*agreed = *not_agreed = 0;
	for (size_t i = 0; i < v->n_reviews; i++) {
		*agreed += v->reviews[i].mark == REVIEW_AGREED;
		*not_agreed += v->reviews[i].mark == REVIEW_NOT_AGREED;
	}
}

char *report_review_brief(const struct view *v)
{
	size_t yes, no;

	if (!v->reviewed)
		return xstrdup("");
	report_review_marks(v, &yes, &no);
	return xasprintf(_("%s (agreed %zu, not agreed %zu)"), report_review_title(v), yes,
			 no);
}

char *report_reviews_text(const struct view *v, const struct report_words *w)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return xstrdup("");
	for (size_t i = 0; i < v->n_reviews; i++)
		fprintf(m, "%s%s: %s%s%s", i ? "\n" : "", v->reviews[i].entry_id,
			w->review[v->reviews[i].mark], v->reviews[i].text ? " " : "",
			v->reviews[i].text ? v->reviews[i].text : "");
	if (fclose(m) != 0 || !text) {
		free(text);
		return xstrdup("");
	}
	return text;
}

char *report_review_text(const struct prog_event *e)
{
	struct review rv;
	char *text;

	if (e->field && strcmp(e->field, DISPUTE_FIELD) == 0) {
		char *probe, *file, *value;
		if (!dispute_decode(e, &probe, &file, &value, &text))
			return NULL;
		free(probe);
		free(file);
		free(value);
		return text;
	}
	if (!e->field || strcmp(e->field, REVIEW_FIELD) != 0 || !review_decode(e, &rv))
		return NULL;
	text = rv.text;
	rv.text = NULL;
	review_clear(&rv);
	return text;
}

char *report_cohort_reviews(const struct cohort *c)
{
	return xasprintf(_("Reviewed by the instructor: %zu of %zu; the instructor's "
			   "level differs from the learner's own for %zu."),
			 c->reviewed, c->n_learners, c->review_differs);
}

/* The latest of the learner's own times (created, their own changes and
 * study), compared as text (RFC 3339 UTC
 * sorts as it reads); a value that is not a time is passed over, so that
 * it can neither win nor be shown. */
const char *report_last_activity(const struct report_learner *l)
{
	const char *last = "";

	if (l->created_at && timefmt_seconds(l->created_at) >= 0)
		last = l->created_at;
	if (l->last_at && strcmp(l->last_at, last) > 0 && timefmt_seconds(l->last_at) >= 0)
		last = l->last_at;
	/* The learner's own doing only (progress_is_own): an import, the
	 * evidence of a probe or an instructor's review is no activity of
	 * theirs. */
	for (size_t i = 0; i < l->n_events; i++) {
		const char *at = l->events[i].at;
		if (progress_is_own(&l->events[i]) && at && strcmp(at, last) > 0 &&
		    timefmt_seconds(at) >= 0)
			last = at;
	}
	for (size_t i = 0; i < l->n_sessions; i++) {
		const char *at = l->sessions[i].ended_at;
		if (at && strcmp(at, last) > 0 && timefmt_seconds(at) >= 0)
			last = at;
	}
	return last;
}

void out_time(struct out *o, const char *iso)
{
	char when[32];
	size_t n;

	timefmt_local(iso, when);
	for (n = 0; (when[n] >= '0' && when[n] <= '9') || when[n] == '-' || when[n] == ':' ||
		    when[n] == ' ';
	     n++)
		;
	if (n && !when[n])
		out_raw_n(o, when, n);
	else
		out_lit(o, TIMEFMT_NONE);
}

struct out *out_new(FILE *f, void (*text)(struct out *, const char *, size_t),
		    void (*code)(struct out *, const char *, size_t))
{
	struct out *o = xmalloc(sizeof *o);

	o->f = f;
	o->n = 0;
	o->text = text;
	o->code = code ? code : text;
	return o;
}

void out_flush(struct out *o)
{
	if (o->n)
		fwrite(o->buf, 1, o->n, o->f);
	o->n = 0;
}

/* One conversion, spec[0..len) ("%-08.3lld"), of the argument ap holds
 * next, as printf writes it; the argument taken from ap. */
static void out_number(struct out *o, const char *spec, size_t len, va_list *ap)
{
	char f[32], buf[512];
	char conv = spec[len - 1], mod = 0;
	int n;

	/* Length modifiers that change the argument's type. */
	for (size_t i = 1; i + 1 < len; i++)
		if (strchr("hljztL", spec[i]))
			mod = mod == 'l' && spec[i] == 'l' ? 'q' : spec[i];
	if (len >= sizeof f) {
		out_raw_n(o, spec, len); /* no spec of ours is this long */
		return;
	}
	memcpy(f, spec, len);
	f[len] = '\0';
	if (strchr("fFeEgGaA", conv)) {
		if (mod == 'L')
			n = snprintf(buf, sizeof buf, f, va_arg(*ap, long double));
		else
			n = snprintf(buf, sizeof buf, f, va_arg(*ap, double));
	} else if (strchr("di", conv)) {
		switch (mod) {
		case 'l': n = snprintf(buf, sizeof buf, f, va_arg(*ap, long)); break;
		case 'q': n = snprintf(buf, sizeof buf, f, va_arg(*ap, long long)); break;
		case 'j': n = snprintf(buf, sizeof buf, f, va_arg(*ap, intmax_t)); break;
		case 'z': n = snprintf(buf, sizeof buf, f, va_arg(*ap, ssize_t)); break;
		case 't': n = snprintf(buf, sizeof buf, f, va_arg(*ap, ptrdiff_t)); break;
		default: n = snprintf(buf, sizeof buf, f, va_arg(*ap, int)); break;
		}
	} else {
		switch (mod) {
		case 'l': n = snprintf(buf, sizeof buf, f, va_arg(*ap, unsigned long)); break;
		case 'q': n = snprintf(buf, sizeof buf, f, va_arg(*ap, unsigned long long)); break;
		case 'j': n = snprintf(buf, sizeof buf, f, va_arg(*ap, uintmax_t)); break;
		case 'z': n = snprintf(buf, sizeof buf, f, va_arg(*ap, size_t)); break;
		case 't': n = snprintf(buf, sizeof buf, f, va_arg(*ap, ptrdiff_t)); break;
		default: n = snprintf(buf, sizeof buf, f, va_arg(*ap, unsigned)); break;
		}
	}
	if (n > 0)
		out_raw_n(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	bool code = false;
	const char *s = fmt;

	/* By hand rather than with strspn and strcspn: a report formats a
	 * few short pieces per row, and the calls cost more than the
	 * scanning. */
	va_start(ap, fmt);
	for (;;) {
		const char *e = s, *d;
		int prec = -1;
		while (*e && *e != '%' && *e != '`')
			e++;
		out_raw_n(o, s, (size_t)(e - s));
		if (!*e)
			break;
		if (*e == '`') {
			/* A span opens only where the format closes it too (as
			 * Markdown reads it): an odd backtick in a translation
			 * is text, and what follows it escaped as text. */
			if (code || strchr(e + 1, '`')) {
				code = !code;
				out_putc(o, '`');
			} else {
				o->text(o, e, 1);
			}
			s = e + 1;
			continue;
		}
		/* %[flags][width][.precision][length]conversion */
		d = e + 1;
		while (*d == '-' || *d == '+' || *d == ' ' || *d == '#' || *d == '0')
			d++;
		while (*d >= '0' && *d <= '9')
			d++;
		if (d[0] == '.' && d[1] == '*' && d[2] == 's') {
			prec = va_arg(ap, int);
			d += 2;
		} else if (*d == '.') {
			prec = 0;
			for (d++; *d >= '0' && *d <= '9'; d++)
				prec = prec * 10 + (*d - '0');
		}
		while (*d == 'h' || *d == 'l' || *d == 'j' || *d == 'z' || *d == 't' || *d == 'L')
			d++;
		if (!*d || *d == '*' || *d == 'n' || *d == '$' || *d == 'p') {
			/* Not a conversion out_printf takes (a bug, or a
			 * translation's): the rest shown as written, no
			 * argument read past. */
			out_raw(o, e);
			break;
		}
		if (*d == '%') {
			out_putc(o, '%');
		} else if (*d == 's') {
			const char *a = va_arg(ap, const char *);
			size_t n = a ? strlen(a) : 0;
			if (prec >= 0 && (size_t)prec < n)
				n = (size_t)prec;
			if (n)
				(code ? o->code : o->text)(o, a, n);
		} else {
			out_number(o, e, (size_t)(d + 1 - e), &ap);
		}
		s = d + 1;
	}
	va_end(ap);
}

struct out_rendered {
	const char *src;
	char *text;
	size_t len;
	unsigned kind;
};

void out_cache_drop(struct out_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->v[i].text);
	free(c->v);
	memset(c, 0, sizeof *c);
}

void out_cache_open(struct out_cache *c)
{
	out_cache_drop(c);
	c->cap = 256;
	c->v = xcalloc(c->cap, sizeof *c->v);
}

static struct out_rendered *cache_slot(struct out_cache *c, const char *s, unsigned kind)
{
	size_t h = ((size_t)(uintptr_t)s >> 3) * 2 + kind, i;

	if (2 * (c->n + 1) > c->cap) {
		struct out_rendered *old = c->v;
		size_t n = c->cap;
		c->cap = n ? 2 * n : 256;
		c->v = xcalloc(c->cap, sizeof *c->v);
		c->n = 0;
		for (size_t k = 0; k < n; k++)
			if (old[k].src) {
				*cache_slot(c, old[k].src, old[k].kind) = old[k];
				c->n++;
			}
		free(old);
	}
	for (i = h & (c->cap - 1); c->v[i].src && (c->v[i].src != s || c->v[i].kind != kind);
	     i = (i + 1) & (c->cap - 1))
		;
	return &c->v[i];
}

void out_cached(struct out_cache *c, struct out *o, const char *s, unsigned kind,
		void (*write)(struct out *, const char *))
{
	struct out_rendered *r;

	if (!c->cap) {
		write(o, s);
		return;
	}
	r = cache_slot(c, s, kind);
	if (!r->src) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		struct out *mo;
		if (!m) {
			write(o, s);
			return;
		}
		mo = out_new(m, o->text, o->code);
		write(mo, s);
		out_flush(mo);
		free(mo);
		if (fclose(m) != 0 || !buf) {
			free(buf);
			write(o, s);
			return;
		}
		r->text = buf;
		r->len = len;
		r->src = s;
		r->kind = kind;
		c->n++;
	}
	out_raw_n(o, r->text, r->len); /* escaped when rendered */
}

char *report_tmp_template(const char *what)
{
	const char *dir = getenv("TMPDIR");

	return xasprintf("%s/selfgrade-%s-XXXXXX", dir && *dir ? dir : "/tmp", what);
}

int report_copy(FILE *in, size_t len, FILE *out)
{
	char buf[1 << 16];

	while (len) {
		size_t k = fread(buf, 1, len < sizeof buf ? len : sizeof buf, in);
		if (!k)
			break;
		if (fwrite(buf, 1, k, out) != k)
			return -1;
		if (len != SIZE_MAX)
			len -= k;
	}
	return ferror(in) || (len && len != SIZE_MAX) ? -1 : 0;
}

static void report_words_init(struct report_words *w)
{
	*w = (struct report_words){
		.note = _("note:"), .note_removed = _("note removed"),
		.cleared = _("cleared"), .ticked = _("ticked"),
		.unticked = _("unticked"), .undo = _("undo"), .redo = _("redo"),
		.review = {[REVIEW_COMMENT] = _("instructor's comment:"),
			   [REVIEW_AGREED] = _("instructor agrees:"),
			   [REVIEW_NOT_AGREED] = _("instructor disagrees:")},
		.dispute = _("disputes the probe:"),
		.dispute_withdrawn = _("dispute withdrawn")};
}

void report_basis_init(struct report_basis *b, const struct pack *p)
{
	report_checkables(p, &b->ordered, &b->n_ordered);
	report_words_init(&b->words);
}

void report_basis_free(struct report_basis *b)
{
	free(b->ordered);
	b->ordered = NULL;
	b->n_ordered = 0;
}

const char *report_change_words(const struct report_words *w,
				const struct prog_event *e, char *buf, size_t size)
{
	struct evidence ev;

	if (e->field && strcmp(e->field, EVIDENCE_FIELD) == 0 && evidence_decode(e, &ev)) {
		snprintf(buf, size, _("evidence: %s (%s)"), _(probe_verdict_name(ev.verdict)),
			 ev.probe_id);
		evidence_clear(&ev);
		return buf;
	}
	if (e->field && strcmp(e->field, "note") == 0)
		return e->new_ ? w->note : w->note_removed;
	/* A dispute is the learner's answer to a probe, never a tick; its
	 * text is the caller's (report_review_text). */
	if (e->field && strcmp(e->field, DISPUTE_FIELD) == 0)
		return e->new_ ? w->dispute : w->dispute_withdrawn;
	/* A review is the instructor's word, never a tick of the
	 * learner's; its text is the caller's (report_review_text). */
	if (e->field && strcmp(e->field, REVIEW_FIELD) == 0) {
		struct review rv;
		if (!review_decode(e, &rv))
			return w->review[REVIEW_COMMENT];
		enum review_mark m = rv.mark;
		review_clear(&rv);
		return w->review[m];
	}
	return !e->new_ ? w->cleared : strcmp(e->new_, "1") == 0 ? w->ticked : w->unticked;
}

const char **report_step_words(const struct report_words *w,
			       const struct report_learner *l)
{
	size_t n = l->n_events;
	const char **words = xcalloc(n ? n : 1, sizeof *words);
	enum prog_step_kind *kind = xmalloc((n ? n : 1) * sizeof *kind);

	progress_event_steps(l->events, n, kind, NULL);
	for (size_t i = 0; i < n; i++)
		words[i] = kind[i] == STEP_UNDO ? w->undo : kind[i] == STEP_REDO ? w->redo : NULL;
	free(kind);
	return words;
}
