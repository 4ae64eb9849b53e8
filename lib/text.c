#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "text.h"

int
nx_text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t need;
		uint32_t cp, min;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if ((size_t)(end - p) <= need)
			return 0;
		for (size_t i = 1; i <= need; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += need + 1;
	}
	return 1;
}

size_t
nx_text_length(const char *s, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += ((unsigned char)s[i] & 0xC0) != 0x80;
	return len;
}

static int
is_space(utf8proc_int32_t c, utf8proc_category_t cat)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
	    cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP;
}

static int
is_punct(utf8proc_category_t cat)
{
	return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO;
}

int
nx_text_normalize(char **out, size_t *outlen, const char *s, size_t n,
    int flags, struct nx_error *err)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len, i = 0;
	size_t o = 0;
	int pending = 0;

	*out = NULL;
	*outlen = 0;
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &mapped,
	    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
		UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
		UTF8PROC_LUMP);
	if (len < 0) {
		if (len == UTF8PROC_ERROR_NOMEM) {
			errno = ENOMEM;
			return nx_error_sys(err, "normalise");
		}
		return nx_error_set(err, "normalise: %s",
		    utf8proc_errmsg(len));
	}
	/* Collapse in place: the output is never longer than the input. */
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;
		utf8proc_category_t cat;

		k = utf8proc_iterate(mapped + i, len - i, &c);
		if (k <= 0)
			break;
		cat = utf8proc_category(c);
		if (is_space(c, cat) ||
		    ((flags & NX_NORM_PUNCT) != 0 && is_punct(cat))) {
			pending = o > 0;
		} else {
			if (pending)
				mapped[o++] = ' ';
			pending = 0;
			for (utf8proc_ssize_t j = 0; j < k; j++)
				mapped[o++] = mapped[i + j];
		}
		i += k;
	}
	mapped[o] = '\0';
	*out = (char *)mapped;
	*outlen = o;
	return 0;
}
