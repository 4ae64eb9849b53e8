#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "lang.h"
#include "text.h"

/* Text none of us wrote: Debian's Romanian gettext catalogues, English
 * msgids beside their Romanian msgstrs. */
#define LOCALE "/usr/share/locale/ro/LC_MESSAGES"

struct tally {
	unsigned long right, all;
};

/* Drop the words of b that are options (-x, --long) or paths and
 * assignments (a/b, X=Y): they are the same in every language. */
static void
drop_technical(struct nx_buf *b)
{
	size_t o = 0, i = 0, n = b->len;

	while (i < n) {
		size_t j = i;
		int keep;

		while (j < n && b->data[j] != ' ')
			j++;
		keep = b->data[i] != '-' &&
		    memchr(b->data + i, '/', j - i) == NULL &&
		    memchr(b->data + i, '=', j - i) == NULL;
		if (keep) {
			if (o > 0)
				b->data[o++] = ' ';
			memmove(b->data + o, b->data + i, j - i);
			o += j - i;
		}
		i = j + 1;
	}
	b->len = o;
}

/* A catalogue string as prose: formats, markup, mnemonics, options and
 * paths dropped, white space collapsed. */
static void
clean(struct nx_buf *b, const char *s)
{
	int space = 0;

	nx_buf_reset(b);
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '%') { /* %s %d %1$s %-10.3f %% */
			p++;
			while (
			    *p != '\0' && strchr("0123456789$.-+# lhzjt", *p))
				p++;
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '<') { /* markup */
			while (*p != '\0' && *p != '>')
				p++;
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '_' || *p == '&') /* mnemonics */
			continue;
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			space = b->len > 0;
			continue;
		}
		if (space)
			nx_buf_addc(b, ' ');
		space = 0;
		nx_buf_addc(b, *p);
	}
	drop_technical(b);
	nx_buf_addc(b, '\0');
}

static void
score(struct tally *t, const char *text, int want_ro, struct nx_buf *scratch)
{
	char code[8];

	ck_assert_int_eq(nx_lang_detect(code, text, strlen(text), scratch), 0);
	t->all++;
	t->right += (strcmp(code, "ro") == 0) == want_ro;
	if (getenv("NX_LANG_MISSES") != NULL &&
	    (strcmp(code, "ro") == 0) != want_ro)
		fprintf(stderr, "%s\t%s\n", code, text);
}

/* The bucket of a text by its length in characters, or -1. */
static int
bucket(const char *s)
{
	size_t n = nx_text_length(s, strlen(s));

	return n >= 100 ? 1 : n >= 30 ? 0 : -1;
}

static void
read_catalogue(const char *path, struct tally t[2][3], struct nx_buf *scratch)
{
	FILE *fp = fopen(path, "rb");
	long size;
	unsigned char *mo;
	uint32_t n, orig, trans;
	struct nx_buf en = NX_BUF_INIT, ro = NX_BUF_INIT, nodia = NX_BUF_INIT;
	struct nx_error err;

	ck_assert_msg(
	    fp != NULL, "cannot open %s (its package is missing)", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	mo = malloc((size_t)size + 1);
	ck_assert_int_eq(fread(mo, 1, (size_t)size, fp), size);
	fclose(fp);
	memcpy(&n, mo + 8, 4);
	memcpy(&orig, mo + 12, 4);
	memcpy(&trans, mo + 16, 4);
	if (*(uint32_t *)mo != 0x950412de) { /* not little-endian .mo */
		free(mo);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol, oo, tl, to;
		int b;

		memcpy(&ol, mo + orig + 8 * i, 4);
		memcpy(&oo, mo + orig + 8 * i + 4, 4);
		memcpy(&tl, mo + trans + 8 * i, 4);
		memcpy(&to, mo + trans + 8 * i + 4, 4);
		if (ol == 0 || tl == 0 || oo + ol >= (uint32_t)size ||
		    to + tl >= (uint32_t)size)
			continue;
		/* strings end in NUL; plurals hold several: the first. */
		clean(&en, (const char *)mo + oo);
		clean(&ro, (const char *)mo + to);
		if (strcmp(en.data, ro.data) == 0 ||
		    !nx_text_utf8_valid(ro.data, strlen(ro.data)) ||
		    (b = bucket(ro.data)) < 0 || bucket(en.data) < 0)
			continue;
		nx_buf_reset(&nodia);
		ck_assert_int_eq(nx_text_map(&nodia, ro.data, strlen(ro.data),
				     NX_MAP_STRIP_MARKS, &err),
		    0);
		nx_buf_addc(&nodia, '\0');
		score(&t[b][0], en.data, 0, scratch);
		score(&t[b][1], ro.data, 1, scratch);
		score(&t[b][2], nodia.data, 1, scratch);
	}
	nx_buf_free(&en);
	nx_buf_free(&ro);
	nx_buf_free(&nodia);
	free(mo);
}

/*
 * The catalogues measured: those of packages every Debian 12 system with
 * this project's build dependencies has (required and important ones, and
 * binutils), so that the figures are the same on every machine; a catalogue
 * that is missing fails the test rather than shrinking the corpus.
 */
static const char *const catalogues[] = {"Linux-PAM", "apt", "bash", "bfd",
    "binutils", "coreutils", "diffutils", "dpkg", "findutils", "gnutls30",
    "gold", "gprof", "grep", "libapt-pkg6.0", "libidn2", "opcodes", "procps-ng",
    "sed", "shadow", "tar", "xz"};

START_TEST(test_lang_accuracy_on_gettext_catalogues)
{
	static const char *const names[] = {"30-99", ">=100"};
	struct tally t[2][3];
	struct nx_buf scratch = NX_BUF_INIT;
	size_t files = sizeof(catalogues) / sizeof(catalogues[0]);

	memset(t, 0, sizeof(t));
	nx_lang_init();
	for (size_t i = 0; i < files; i++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s.mo", LOCALE, catalogues[i]);
		read_catalogue(path, t, &scratch);
	}
	for (int b = 0; b < 2; b++) {
		unsigned long right = t[b][0].right + t[b][1].right,
			      all = t[b][0].all + t[b][1].all;

		printf("lang %s chars (%zu catalogues): ro-vs-en %.2f%% of %lu "
		       "(en %lu/%lu, ro %lu/%lu); ro without diacritics "
		       "%.2f%% of %lu\n",
		    names[b], files, 100.0 * (double)right / (double)all, all,
		    t[b][0].right, t[b][0].all, t[b][1].right, t[b][1].all,
		    100.0 * (double)t[b][2].right / (double)t[b][2].all,
		    t[b][2].all);
	}
	ck_assert_uint_gt(t[0][0].all, 300);
	ck_assert_uint_gt(t[1][0].all, 100);
	/* pairs of 100 characters and more: 99 % */
	ck_assert_uint_ge((t[1][0].right + t[1][1].right) * 100,
	    (t[1][0].all + t[1][1].all) * 99);
	/* Romanian typed without diacritics, 30-100 characters: 93.5 %
	 * (measured: 94.0 % of 4,555) */
	ck_assert_uint_ge(t[0][2].right * 1000, t[0][2].all * 935);
	nx_buf_free(&scratch);
}
END_TEST

START_TEST(test_lang_short_text_is_und_and_prior_decides)
{
	struct nx_buf scratch = NX_BUF_INIT;
	char code[8];
	static const char ro[] = "Îți aduci aminte ce am vorbit până acum?";
	static const char ro_plain[] =
	    "Iti aduci aminte ce am vorbit pana acum si despre ce?";
	static const char en[] = "Do you remember what we talked about so far?";

	ck_assert_int_eq(nx_lang_detect(code, "Cine ești?", 11, &scratch), 0);
	ck_assert_str_eq(code, "und");
	ck_assert_int_eq(nx_lang_detect(code, ro, strlen(ro), &scratch), 0);
	ck_assert_str_eq(code, "ro");
	ck_assert_int_eq(
	    nx_lang_detect(code, ro_plain, strlen(ro_plain), &scratch), 0);
	ck_assert_str_eq(code, "ro");
	ck_assert_int_eq(nx_lang_detect(code, en, strlen(en), &scratch), 0);
	ck_assert_str_eq(code, "en");
	nx_buf_free(&scratch);
}
END_TEST

Suite *
lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_lang_short_text_is_und_and_prior_decides);
	tcase_add_test(tc, test_lang_accuracy_on_gettext_catalogues);
	suite_add_tcase(s, tc);
	return s;
}
