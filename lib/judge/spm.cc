// SentencePiece's C++ processor behind C functions (see spm.h), for the
// tokenizer.model files tokenizer.c hands over.
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <sentencepiece_processor.h>

#include "spm.h"

struct nx_spm {
	sentencepiece::SentencePieceProcessor sp;
	std::vector<int> ids;
};

extern "C" struct nx_spm *
nx_spm_open(const char *path, char *msg, size_t size)
{
	nx_spm *p = new (std::nothrow) nx_spm;

	if (p == nullptr) {
		std::snprintf(msg, size, "out of memory");
		return nullptr;
	}
	try {
		const auto status = p->sp.Load(path);

		if (!status.ok()) {
			std::snprintf(msg, size, "%s", status.ToString().c_str());
			delete p;
			return nullptr;
		}
	} catch (const std::exception &e) {
		std::snprintf(msg, size, "%s", e.what());
		delete p;
		return nullptr;
	}
	return p;
}

extern "C" long
nx_spm_encode(struct nx_spm *p, const char *s, size_t n, const int **ids)
{
	try {
		p->ids.clear();
		if (!p->sp.Encode(std::string(s, n), &p->ids).ok())
			return -1;
	} catch (const std::exception &) {
		return -1;
	}
	*ids = p->ids.data();
	return (long)p->ids.size();
}

extern "C" void
nx_spm_free(struct nx_spm *p)
{
	delete p;
}
