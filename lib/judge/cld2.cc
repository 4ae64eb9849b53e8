// The one C++ file: CLD2's C++ interface behind a C function (see lang.h).
#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cstring>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" int nx_cld2_detect(const char *text, int len, char *code,
    int size);

// CLD2's language for text (valid UTF-8), best effort, no hints: its code
// ("en", "ro", "un" for unknown…) into code[0..size).  Returns 0, or -1.
extern "C" int
nx_cld2_detect(const char *text, int len, char *code, int size)
{
	CLD2::CLDHints hints = {nullptr, "", CLD2::UNKNOWN_ENCODING,
	    CLD2::UNKNOWN_LANGUAGE};
	CLD2::Language lang3[3];
	int percent3[3], text_bytes;
	double score3[3];
	bool reliable;
	CLD2::Language lang = CLD2::ExtDetectLanguageSummary(text, len, true,
	    &hints, CLD2::kCLDFlagBestEffort, lang3, percent3, score3, nullptr,
	    &text_bytes, &reliable);
	const char *c = CLD2::LanguageCode(lang);

	if (c == nullptr || std::strlen(c) + 1 > (size_t)size)
		return -1;
	std::strcpy(code, c);
	return 0;
}
