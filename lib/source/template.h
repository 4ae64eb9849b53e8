/*
 * template: synthetic Q&A templates loaded from YAML (libyaml).
 *
 *   version: 1
 *   defaults: {system: "You are NOVA, a helpful AI assistant."}
 *   slots:                        # shared by the file's templates
 *     provider:
 *       - {name: Claude, maker: Anthropic}
 *       - {name: Mistral, maker: Mistral AI}
 *   templates:
 *     - name: provider-en
 *       lang: en
 *       topic: providers
 *       system: "…"               # optional; defaults.system otherwise
 *       slots: {…}                # optional; local lists win
 *       prompts: ["Who makes {provider}?", …]
 *       completions: ["{provider} is made by {provider.maker}.", …]
 *
 * A text's "{slot}" is the value (or a map value's "name"), "{slot.key}"
 * another key of a map value, "{{" and "}}" literal braces.  Values are not
 * expanded again, so no template can recurse.  Every prompt pairs with every
 * completion and every value of each slot they use, one slot value shared
 * by both: that product is the template's number of combinations.
 *
 * Ownership: a struct nx_templates owns every template, slot and string it
 * hands out; they live until nx_templates_free.
 */
#ifndef NX_TEMPLATE_H
#define NX_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* No template may have more combinations than this. */
#define NX_TEMPLATE_MAX_COMBOS ((uint64_t)1 << 40)

struct nx_templates;
struct nx_text; /* a compiled text: literal pieces and slot references */

struct nx_template {
	const char *name, *lang, *topic, *system;
	const char *file; /* where it was defined */
	long line;
	size_t nprompts, ncompletions;
	const struct nx_text **prompts, **completions;
	size_t nslots; /* the slots its texts use */
	const struct nx_slot **slots;
	uint64_t combos; /* nprompts × ncompletions × Π slot sizes */
};

/* A template's choice: which prompt, completion and slot values. */
struct nx_choice {
	size_t prompt, completion;
	size_t value[16]; /* per used slot */
};
#define NX_TEMPLATE_MAX_SLOTS 16

int nx_templates_new(struct nx_templates **out, struct nx_error *err);

/*
 * Add the templates of one YAML document text[0..len); file names it in
 * messages, which read "FILE:LINE: message".  Returns 0, or -1 with err
 * filled (then nothing of this text was added).
 */
int nx_templates_load(struct nx_templates *t, const char *text, size_t len,
    const char *file, struct nx_error *err);

size_t nx_templates_count(const struct nx_templates *t);

/* Template i; borrowed from t. */
const struct nx_template *nx_templates_get(
    const struct nx_templates *t, size_t i);

/* Decode combination k (< tp->combos) into a choice. */
void nx_template_choose(
    struct nx_choice *c, const struct nx_template *tp, uint64_t k);

/* Append text filled with the choice's slot values to b; 0, or -1 (memory). */
int nx_template_expand(struct nx_buf *b, const struct nx_template *tp,
    const struct nx_text *text, const struct nx_choice *c);

void nx_templates_free(struct nx_templates *t);

#endif
