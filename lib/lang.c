#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "lang.h"
#include "text.h"

int nx_cld2_detect(const char *text, int len, char *code, int size);

void
nx_lang_init(void)
{
#if defined(__GLIBC__)
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/*
 * Common words that mark a language, lower case and without diacritics
 * (the vote reads folded text).  Words shared by several of these
 * languages ("a", "de", "la", "in", "are", "am") are left out: they prove
 * nothing.
 */
static const char *const stopwords[][80] = {
    {"ro", "si", "este", "sunt", "sa", "nu", "cu", "pe", "pentru", "care",
	"mai", "din", "cum", "ce", "iti", "imi", "poti", "despre", "aceasta",
	"acest", "aceste", "acesta", "fi", "fost", "eu", "tu", "esti", "dupa",
	"foarte", "sau", "unei", "unui", "daca", "acum", "aici", "fara", "prin",
	"intre", "toate", "toti", "lor", "lui", "fie", "fiecare", "alt", "alta",
	"alte", "nou", "noua", "trebuie", "poate", "putea", "cand", "unde",
	"asa", "doar", "inca", "deja", "dar", "ceva", "nici", "decat", "catre",
	"asupra", "cele", "cel", "cea", "ale", "acestei", "acestui", "avea",
	NULL},
    {"en", "the", "and", "is", "to", "of", "what", "you", "it", "that", "for",
	"how", "do", "this", "with", "can", "be", "was", "not", "have", "your",
	"will", "from", "which", "there", "about", "would", "should", "does",
	"why", "when", NULL},
    {"fr", "le", "les", "et", "est", "une", "des", "du", "pour", "pas", "que",
	"qui", "dans", "sur", "avec", "vous", "nous", "ce", "ne", "au", NULL},
    {"it", "il", "gli", "della", "che", "non", "per", "sono", "una", "di",
	"del", "questo", "anche", "come", "più", "nel", "essere", NULL},
    {"es", "el", "los", "las", "que", "por", "una", "para", "es", "del", "está",
	"esta", "pero", "como", "más", "sus", "también", NULL},
    {"de", "der", "die", "das", "und", "ist", "nicht", "mit", "den", "ein",
	"eine", "zu", "sie", "ich", "auf", "für", "werden", NULL},
    {"pt", "os", "uma", "para", "não", "com", "que", "do", "da", "em", "são",
	"você", "mais", "também", "seu", "sua", NULL},
};
#define NLANGS (sizeof(stopwords) / sizeof(stopwords[0]))

/* Endings of Romanian inflection (definite genitive, plurals, verbs):
 * a word that ends so is a vote for Romanian. */
static const char *const endings[] = {"ului", "ilor", "elor", "urile", "eaza",
    "area", "iunea", "iunii", "tii", "tie", "ita", "esc"};

static int
ends_romanian(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		size_t k = strlen(endings[i]);

		if (len > k + 1 && memcmp(w + len - k, endings[i], k) == 0)
			return 1;
	}
	return 0;
}

/* The language whose stopwords s has most (ties: none), or NULL. */
static const char *
vote(const char *s, size_t n)
{
	int score[NLANGS] = {0}, best = -1, tie = 0;
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *w = p;
		size_t len;

		while (p < end && *p != ' ')
			p++;
		len = (size_t)(p - w);
		score[0] += ends_romanian(w, len);
		for (size_t l = 0; l < NLANGS && len > 0; l++)
			for (size_t k = 1; stopwords[l][k] != NULL; k++)
				if (stopwords[l][k][0] == w[0] &&
				    strnlen(stopwords[l][k], len + 1) == len &&
				    memcmp(stopwords[l][k], w, len) == 0)
					score[l]++;
		p++;
	}
	for (size_t l = 0; l < NLANGS; l++) {
		if (score[l] == 0)
			continue;
		if (best < 0 || score[l] > score[best]) {
			best = (int)l;
			tie = 0;
		} else if (score[l] == score[best])
			tie = 1;
	}
	return best >= 0 && !tie ? stopwords[best][0] : NULL;
}

/* Letters that only Romanian, of these languages, writes. */
static int
romanian_letter(const unsigned char *p)
{
	return (p[0] == 0xC4 && (p[1] == 0x82 || p[1] == 0x83)) || /* Ă ă */
	    (p[0] == 0xC8 && p[1] >= 0x98 && p[1] <= 0x9B) || /* Ș ș Ț ț */
	    (p[0] == 0xC5 &&
		(p[1] == 0x9E || p[1] == 0x9F || p[1] == 0xA2 ||
		    p[1] == 0xA3)); /* Ş ş Ţ ţ */
}

int
nx_lang_detect(char *code, const char *s, size_t n, struct nx_buf *scratch)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t words = 0, marks = 0;
	int inword = 0;
	const char *said;

	strcpy(code, "und");
	if (nx_text_length(s, n) < NX_LANG_MIN_CHARS)
		return 0;
	/* The text for CLD2: ș ț (comma below) as ş ţ (cedilla). */
	nx_buf_reset(scratch);
	if (nx_buf_reserve(scratch, n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
			inword = 0;
		else if (!inword) {
			inword = 1;
			words++;
		}
		if (i + 1 < n && romanian_letter(p + i)) {
			marks++;
			if (c == 0xC8) {
				/* U+0218..021B → U+015E, 015F, 0162, 0163 */
				static const unsigned char ced[] = {
				    0x9E, 0x9F, 0xA2, 0xA3};

				scratch->data[scratch->len++] = (char)0xC5;
				scratch->data[scratch->len++] =
				    (char)ced[p[i + 1] - 0x98];
				i++;
				continue;
			}
		}
		scratch->data[scratch->len++] = (char)c;
	}
	if (marks * 8 >= words)
		goto ro;
	if (nx_cld2_detect(scratch->data, (int)scratch->len, code, 8) < 0)
		strcpy(code, "un");
	if (strcmp(code, "ro") == 0)
		return 0;
	/* The vote, on the folded words. */
	nx_buf_reset(scratch);
	if (nx_text_normalize(scratch, s, n, NX_NORM_PUNCT, NULL) == 0 &&
	    (said = vote(scratch->data, scratch->len)) != NULL &&
	    strcmp(said, "ro") == 0)
		goto ro;
	if (strcmp(code, "un") == 0)
		strcpy(code, "und");
	else {
		/* ISO 639-1: "zh-Hant" and the like keep their language */
		char *dash = strchr(code, '-');

		if (dash != NULL)
			*dash = '\0';
	}
	return 0;
ro:
	strcpy(code, "ro");
	return 0;
}
