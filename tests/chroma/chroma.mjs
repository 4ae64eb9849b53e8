// Drive a real Chroma (the Rust server inside the npm package
// chromadb-js-bindings-linux-x64-gnu) for the tests.
//
//   node chroma.mjs serve MODULE DIR PORT
//       run Chroma on 127.0.0.1:PORT, persisting to DIR
//   node chroma.mjs load PORT COLLECTION RECORDS.jsonl [EXPECTED.json]
//       apply the records in order, then save Chroma's own get() answer
//   node chroma.mjs burst PORT COLLECTION N
//       add N cached entries, one request each, printing the slowest (ms)
//   node chroma.mjs bulk PORT COLLECTION N
//       add N cached entries (Romanian and English) in batches, for benches
//
// A record line: {"id","document"?,"metadata"?,"embedding"?,"op"?} with op
// add (default), upsert, update or delete.  {"$float": x} in metadata
// forces a REAL (JSON.parse cannot keep 1.0).
import { createRequire } from "module";
import { readFileSync, writeFileSync } from "fs";

const [cmd, ...args] = process.argv.slice(2);
const base = (port) =>
  `http://127.0.0.1:${port}/api/v2/tenants/default_tenant/databases/default_database`;

// A deterministic vector of dims from the id, so stores are reproducible.
function vector(id, dims = 8) {
  let h = 2166136261;
  for (const c of Buffer.from(id)) h = Math.imul(h ^ c, 16777619) >>> 0;
  const v = [];
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    v.push(((h % 2000) - 1000) / 1000);
  }
  return v;
}

// JSON text where {"$float": x} becomes a number with a decimal point.
function body(obj) {
  return JSON.stringify(obj, (k, v) =>
    v && typeof v === "object" && "$float" in v ? `\u0000F${v.$float}\u0000` : v
  ).replace(/"\\u0000F(-?[0-9.e+-]+)\\u0000"/g, (m, x) =>
    /[.e]/.test(x) ? x : `${x}.0`);
}

async function post(url, obj) {
  const r = await fetch(url, { method: "POST", body: body(obj),
    headers: { "content-type": "application/json" } });
  const text = await r.text();
  if (!r.ok) throw new Error(`${url}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function collection(port, name) {
  const c = await post(`${base(port)}/collections`,
    { name, get_or_create: true, metadata: { "hnsw:space": "cosine" } });
  return `${base(port)}/collections/${c.id}`;
}

async function load(port, name, file, expected) {
  const url = await collection(port, name);
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
  for (const line of lines) {
    const r = JSON.parse(line);
    const op = r.op || "add";
    if (op === "delete") {
      await post(`${url}/delete`, { ids: [r.id] });
      continue;
    }
    const req = { ids: [r.id] };
    if (op !== "update" || r.embedding) req.embeddings = [r.embedding || vector(r.id)];
    if ("document" in r) req.documents = [r.document];
    if ("metadata" in r) req.metadatas = [r.metadata];
    await post(`${url}/${op}`, req);
  }
  if (expected) {
    const got = await post(`${url}/get`, { include: ["documents", "metadatas"] });
    writeFileSync(expected, JSON.stringify(got, null, 1) + "\n");
  }
}

async function burst(port, name, n) {
  const url = await collection(port, name);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const id = `burst-${i}`;
    const q = `Întrebarea ${i}?`;
    const t = Date.now();
    await post(`${url}/add`, { ids: [id], embeddings: [vector(id)],
      documents: [`Q: ${q}\nA: Răspunsul ${i}.`],
      metadatas: [{ type: "cached_qa", source: "burst", question: q,
        cached_at: `2026-01-05T10:00:${String(i % 60).padStart(2, "0")}` }] });
    worst = Math.max(worst, Date.now() - t);
  }
  console.log(worst);
}

async function bulk(port, name, n) {
  const url = await collection(port, name);
  for (let start = 0; start < n; start += 1000) {
    const req = { ids: [], embeddings: [], documents: [], metadatas: [] };
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const ro = i % 2 === 0;
      const q = ro ? `Ce știi despre subiectul ${i}?` : `What do you know about topic ${i}?`;
      const a = (ro ? `Despre subiectul ${i} știu că memoria semantică păstrează răspunsul și îl refolosește. `
                    : `About topic ${i} I know that the semantic cache keeps the answer and reuses it. `).repeat(3);
      req.ids.push(`entry-${i}`);
      req.embeddings.push(vector(`entry-${i}`));
      req.documents.push(`Q: ${q}\nA: ${a}`);
      req.metadatas.push({ type: "cached_qa", question: q, cached_at: "2026-01-07T08:00:00",
        answer_length: a.length, source: ro ? "mistral" : "claude", chunk_index: 0, total_chunks: 1 });
    }
    await post(`${url}/add`, req);
  }
}

if (cmd === "serve") {
  const require = createRequire(import.meta.url);
  const chroma = require(args[0]);
  chroma.cli(["chroma", "run", "--path", args[1], "--host", "127.0.0.1", "--port", args[2]]);
} else if (cmd === "load") {
  await load(args[0], args[1], args[2], args[3]);
} else if (cmd === "bulk") {
  await bulk(args[0], args[1], Number(args[2]));
} else if (cmd === "burst") {
  await burst(args[0], args[1], Number(args[2]));
} else {
  console.error("usage: chroma.mjs serve|load|burst …");
  process.exit(2);
}
