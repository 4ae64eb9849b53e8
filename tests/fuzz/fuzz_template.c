/* The YAML template loader, and expanding what it accepts. */
#include <stdint.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nx_templates *t;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	if (nx_templates_new(&t, &err) < 0)
		return 0;
	if (nx_templates_load(t, (const char *)data, size, "fuzz", &err) == 0)
		for (size_t i = 0; i < nx_templates_count(t); i++) {
			const struct nx_template *tp = nx_templates_get(t, i);
			struct nx_choice c;

			nx_template_choose(&c, tp, tp->combos - 1);
			nx_template_expand(&b, tp, tp->prompts[c.prompt], &c);
			nx_template_expand(
			    &b, tp, tp->completions[c.completion], &c);
		}
	nx_buf_free(&b);
	nx_templates_free(t);
	return 0;
}
