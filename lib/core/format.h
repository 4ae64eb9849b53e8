/*
 * format: write a record as one line of any output format (--format).
 *
 *   neutral {"id","source","system","context","prompt","steps",
 *                "reasoning","completion","metadata"}
 *   instruction  {"prompt","completion","metadata"}
 *   chat         {"messages":[system?, …context, user, assistant],"metadata"}
 *   completion   {"text":"<|system|>\n…\n<|user|>\n…\n<|assistant|>\n…"}
 *   alpaca       {"instruction","input","output","system"?,"history"?}
 *   sharegpt     {"conversations":[{"from","value"},…]}
 *
 * Tool turns (an assistant's calls, a tool's results) are written in the
 * neutral and chat formats as OpenAI's messages ({"role":"assistant",
 * "content":null,"tool_calls":[…]}, {"role":"tool","tool_call_id",
 * "content"}), in sharegpt as function_call and observation; the other
 * formats leave them out (nx_format_holds_tools).
 *
 * Preference records (a pair: chosen and rejected; a labelled completion)
 * are written as their trainers read them:
 *
 *   instruction  TRL plain: {"prompt","chosen","rejected","metadata"} or
 *                {"prompt","completion","label","metadata"}; no system
 *                prompt, no context
 *   chat         TRL conversational: {"prompt":[system?, …context, user],
 *                "chosen":[assistant],"rejected":[assistant],"metadata"}
 *                or {"prompt":[…],"completion":[assistant],"label",
 *                "metadata"}
 *   sharegpt     LLaMA-Factory ranking: {"conversations":[…, human],
 *                "chosen":{"from":"gpt","value"},"rejected":{…}}, or KTO
 *                {"conversations":[…, human, gpt],"kto_tag"}
 *   alpaca       LLaMA-Factory's alpaca ranking row: {"instruction","input",
 *                "chosen","rejected","system"?,"history"?}, or KTO
 *                {"instruction","input","output","label",…}
 *   openai-preference  pairs only: {"input":{"messages":[…, user]},
 *                "preferred_output":[assistant],
 *                "non_preferred_output":[assistant]}, no metadata
 *   mlx-preference  pairs only, mlx-lm-lora's DPO/ORPO rows:
 *                {"system"?,"prompt","chosen","rejected","metadata"}; no
 *                context
 *
 * The other formats refuse them.  A pair's reasoning is the chosen reply's
 * alone, so it is written in the neutral format only.
 *
 * Absent optional fields are left out.  Output is compact JSON with non-ASCII
 * left unescaped, ending in a newline.
 */
#ifndef NX_FORMAT_H
#define NX_FORMAT_H

#include "buf.h"
#include "choice.h"
#include "record.h"

enum nx_format {
	NX_FORMAT_NEUTRAL,
	NX_FORMAT_INSTRUCTION,
	NX_FORMAT_CHAT,
	NX_FORMAT_COMPLETION,
	NX_FORMAT_ALPACA,
	NX_FORMAT_SHAREGPT,
	NX_FORMAT_COMPLETION_SYSTEM, /* completion with a <|system|> block */
	NX_FORMAT_OPENAI_PREFERENCE, /* pairs only */
	NX_FORMAT_MLX_PREFERENCE     /* pairs only */
};
#define NX_FORMAT_LAST NX_FORMAT_MLX_PREFERENCE

/* What a final format does with a record's reasoning (--reasoning). */
enum nx_reasoning {
	NX_REASONING_DROP,  /* left out (the default) */
	NX_REASONING_THINK, /* "<think>\n…\n</think>\n\n" before the answer */
	NX_REASONING_FIELD  /* chat: "reasoning_content" in the last message */
};

/* The names of the formats and of the reasoning modes (--format,
 * --reasoning). */
extern const struct nx_cli_choice nx_formats[], nx_reasonings[];

/* The reasoning mode called name (drop, think, field); 0, or -1. */
int nx_reasoning_parse(enum nx_reasoning *out, const char *name);

/* Whether fmt writes tool turns (neutral, chat, sharegpt); the other
 * formats leave out nx_record_tool_turns of each record. */
int nx_format_holds_tools(enum nx_format fmt);

/* The format called name; 0, or -1 if there is none. */
int nx_format_parse(enum nx_format *out, const char *name);

/* The name of fmt ("chat"); static. */
const char *nx_format_name(enum nx_format fmt);


/*
 * Append rec as one line in format fmt to b.  Returns 0, or -1 with err
 * filled when memory runs out or the format cannot hold the record (alpaca
 * history needs the context to be user/assistant pairs).  On failure b may
 * hold part of the line: the caller truncates it.
 */
int nx_format_write(struct nx_buf *b, enum nx_format fmt,
    const struct nx_record *rec, struct nx_error *err);

/*
 * The same, with the record's reasoning kept as how says.  The neutral
 * format always keeps it, as "reasoning"; NX_REASONING_FIELD is for the
 * chat format only (-1 with err filled for a record with reasoning in any
 * other).
 */
int nx_format_write_reasoning(struct nx_buf *b, enum nx_format fmt,
    enum nx_reasoning how, const struct nx_record *rec,
    struct nx_error *err);

/*
 * Append s[0..n) as a JSON string literal.  Bytes that are not valid UTF-8
 * become U+FFFD, so the output is always valid JSON.  0, or -1 (no memory).
 */
int nx_format_json_string(struct nx_buf *b, const char *s, size_t n);

/*
 * Append ,"key":"v" (v as a JSON string) for a metadata object being
 * built; nothing when v is absent.  0, or -1 (no memory).
 */
int nx_format_json_field(struct nx_buf *b, const char *key, struct nx_str v);

/* Append v as compact JSON.  0, or -1. */
int nx_format_json_value(struct nx_buf *b, const json_t *v);

#endif
