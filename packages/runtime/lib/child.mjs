/**
 * The isolated child: a plain Node process (no TypeScript, no jest) that
 * loads code and calls it on request, so that a crash in generated code kills
 * this process and not its parent. src/isolated.ts spawns it and speaks its
 * protocol:
 *
 *   stdin (requests, one JSON object per line)
 *     { "op": "load", "id": n, "code": "<base64>" }   map code read-only executable
 *     { "op": "call", "id": n, "offset": o, "params": [...], "results": [...], "args": [...] }
 *     { "op": "free", "id": n }                        unmap code n
 *   fd 3 (responses, one JSON line per request, in order)
 *     { "ok": true } | { "values": [...] } | { "error": "message" }
 *
 * Values travel in ffi.mjs's wire form. Each response is written with a
 * synchronous write before the next request runs, so when the process dies
 * the parent knows which request was running: the first without a response.
 * The child's own stdout and stderr stay free for the generated code.
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  bytesAt,
  callable,
  checkSignature,
  fromWire,
  mapPages,
  protectPages,
  toWire,
  unmapPages,
} from './ffi.mjs';

const RESPONSES = 3;

/** Loaded code by id: its mapping and the callables made so far (by offset and signature). */
const loaded = new Map();

function load(id, base64) {
  const bytes = Buffer.from(base64, 'base64');
  const mapping = mapPages(bytes.length);
  bytesAt(mapping.address, bytes.length).set(bytes);
  protectPages(mapping.address, mapping.size, 'rx');
  loaded.set(id, { mapping, length: bytes.length, functions: new Map() });
  return { ok: true };
}

function call(request) {
  const code = loaded.get(request.id);
  if (code === undefined) throw new Error(`no code loaded with id ${request.id}`);
  const { offset, params, results, args } = request;
  if (!Number.isInteger(offset) || offset < 0 || offset >= code.length) {
    throw new Error(`offset ${offset} is outside the code (${code.length} bytes)`);
  }
  const signature = { params, results };
  checkSignature(signature);
  const key = `${offset}:${params.join(',')}->${results.join(',')}`;
  let fn = code.functions.get(key);
  if (fn === undefined) {
    fn = callable(code.mapping.address + BigInt(offset), signature);
    code.functions.set(key, fn);
  }
  const value = fn(...args.map((a, k) => fromWire(params[k], a)));
  return { values: results.map((kind) => toWire(kind, value)) };
}

function free(id) {
  const code = loaded.get(id);
  if (code !== undefined) {
    unmapPages(code.mapping.address, code.mapping.size);
    loaded.delete(id);
  }
  return { ok: true };
}

function handle(request) {
  switch (request.op) {
    case 'load':
      return load(request.id, request.code);
    case 'call':
      return call(request);
    case 'free':
      return free(request.id);
    default:
      throw new Error(`unknown request '${request.op}'`);
  }
}

/** Writes all of `text` to the response pipe, waiting out a full pipe. */
function respond(text) {
  const buffer = Buffer.from(`${text}\n`);
  let done = 0;
  while (done < buffer.length) {
    try {
      done += writeSync(RESPONSES, buffer, done);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  let response;
  try {
    response = handle(JSON.parse(line));
  } catch (e) {
    response = { error: e instanceof Error ? e.message : String(e) };
  }
  respond(JSON.stringify(response));
});
lines.on('close', () => process.exit(0));
