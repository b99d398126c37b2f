/**
 * The isolated executor: runs host machine code in a child process, so that a
 * crash or a hang in generated code becomes a reported outcome of one call
 * instead of a dead test runner. One child serves many calls (a batch is
 * pipelined: one round of process start-up, then about a pipe round trip per
 * call); when a call kills it, that call is reported and the rest of the batch
 * continues in a fresh child.
 */
import { fromWire, toHost, toWire } from '../lib/ffi.mjs';
import { Child, type ChildDeath, type ChildRequest } from './child.js';
import { checkSignature, type Signature, type Value } from './signature.js';

/** What one isolated call came to. */
export type CallOutcome =
  /** The call returned; `values` holds its result (none or one). */
  | { readonly kind: 'return'; readonly values: Value[] }
  /** The code raised a signal that killed the child: 'SIGSEGV', 'SIGILL', 'SIGFPE', 'SIGBUS', ... */
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  /** The call ran past its time limit; the child was killed. */
  | { readonly kind: 'timeout' }
  /** The code ended the child process itself (an exit system call) with `status`. */
  | { readonly kind: 'exit'; readonly status: number }
  /** The child refused the call (a message from its JavaScript side). */
  | { readonly kind: 'error'; readonly message: string };

/** One call of a batch: where, how, with what. */
export interface IsolatedCall {
  /** Byte offset of the function in the code. */
  readonly offset: number;
  readonly signature: Signature;
  readonly args: readonly Value[];
  /** This call's time limit, overriding the batch's. */
  readonly timeoutMs?: number;
}

/** Options of the isolated executor. */
export interface IsolatedOptions {
  /** Time limit per call, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Time limit for starting a child and loading the code (default 20 000 ms). */
  readonly startupTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STARTUP_MS = 20_000;

/** The child could not be started or could not load the code: not an outcome of any call. */
export class IsolationError extends Error {
  override name = 'IsolationError';
}

/**
 * A reusable isolated executor: keeps one child process between batches
 * (starting a new one after a crash) so a suite pays the start-up once.
 * Batches on one runner run one after another. An idle runner does not keep
 * Node alive, but close() it when done.
 */
export class IsolatedRunner {
  readonly #timeoutMs: number;
  readonly #startupMs: number;
  #child: Child | undefined;
  #nextId = 1;
  #spawns = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: IsolatedOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#startupMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_MS;
  }

  /** Child processes started so far. */
  get spawns(): number {
    return this.#spawns;
  }

  /** Runs one call of `code`. */
  async run(
    code: Uint8Array,
    offset: number,
    signature: Signature,
    args: readonly Value[],
    options: { readonly timeoutMs?: number } = {},
  ): Promise<CallOutcome> {
    const [outcome] = await this.runBatch(code, [{ offset, signature, args, ...options }]);
    return outcome!;
  }

  /**
   * Loads `code` into a child and runs `calls` in order; outcomes are in the
   * same order. A call that crashes or hangs gets its outcome and the
   * following calls run in a fresh child (with the code loaded again).
   * Throws IsolationError if a child cannot start or load the code, and an
   * Error for a malformed call (before anything runs).
   */
  runBatch(
    code: Uint8Array,
    calls: readonly IsolatedCall[],
    options: { readonly timeoutMs?: number } = {},
  ): Promise<CallOutcome[]> {
    let requests: Omit<Extract<ChildRequest, { op: 'call' }>, 'id'>[];
    try {
      requests = calls.map((c) => callRequest(c, code.length));
    } catch (e) {
      return Promise.reject(e);
    }
    const run = this.#queue.then(() => this.#runBatch(code, calls, requests, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Ends the child process, if any. The runner may still be used (it starts a new one). */
  async close(): Promise<void> {
    await this.#queue;
    const child = this.#child;
    this.#child = undefined;
    await child?.close();
  }

  async #runBatch(
    code: Uint8Array,
    calls: readonly IsolatedCall[],
    requests: Omit<Extract<ChildRequest, { op: 'call' }>, 'id'>[],
    options: { readonly timeoutMs?: number },
  ): Promise<CallOutcome[]> {
    const outcomes: CallOutcome[] = [];
    const base64 = Buffer.from(code.buffer, code.byteOffset, code.byteLength).toString('base64');
    while (outcomes.length < calls.length) {
      const child = this.#liveChild();
      const id = this.#nextId++;
      const loaded = child.send({ op: 'load', id, code: base64 }, this.#startupMs);
      const first = outcomes.length;
      const replies = requests.slice(first).map((r, k) => {
        const timeout = calls[first + k]!.timeoutMs ?? options.timeoutMs ?? this.#timeoutMs;
        return child.send({ ...r, id }, timeout);
      });
      const load = await loaded;
      const why =
        load.kind === 'died'
          ? describe(load.death)
          : 'error' in load.response
            ? load.response.error
            : undefined;
      if (why !== undefined) {
        this.#child = undefined;
        await child.close();
        throw new IsolationError(
          `the isolated child could not load the code: ${why}${tail(child)}`,
        );
      }
      for (const [k, pending] of replies.entries()) {
        const reply = await pending;
        if (reply.kind === 'died') {
          if (reply.death.kind === 'lost') break; // runs again in the next child
          if (reply.death.kind === 'failed') {
            throw new IsolationError(
              `the isolated child failed: ${reply.death.message}${tail(child)}`,
            );
          }
          outcomes.push(reply.death);
          break;
        }
        const response = reply.response;
        const call = calls[first + k]!;
        if ('values' in response) {
          const kinds = call.signature.results;
          outcomes.push({
            kind: 'return',
            values: response.values.map((v, j) => fromWire(kinds[j]!, v)),
          });
        } else if ('error' in response) {
          outcomes.push({ kind: 'error', message: response.error });
        }
      }
      if (!child.dead) await child.send({ op: 'free', id }, this.#startupMs);
    }
    return outcomes;
  }

  #liveChild(): Child {
    if (this.#child === undefined || this.#child.dead) {
      this.#child = new Child();
      this.#spawns++;
    }
    return this.#child;
  }
}

/** A call checked and converted to its request (without the code id). */
function callRequest(
  call: IsolatedCall,
  codeSize: number,
): Omit<Extract<ChildRequest, { op: 'call' }>, 'id'> {
  const { offset, signature, args } = call;
  checkSignature(signature);
  if (!Number.isInteger(offset) || offset < 0 || offset >= codeSize) {
    throw new RangeError(`offset ${offset} is outside the code (${codeSize} bytes)`);
  }
  if (args.length !== signature.params.length) {
    throw new TypeError(`expected ${signature.params.length} argument(s), got ${args.length}`);
  }
  return {
    op: 'call',
    offset,
    params: signature.params,
    results: signature.results,
    args: signature.params.map((kind, k) => toWire(kind, toHost(kind, args[k]!))),
  };
}

function describe(death: ChildDeath): string {
  switch (death.kind) {
    case 'signal':
      return `killed by ${death.signal}`;
    case 'exit':
      return `exited with status ${death.status}`;
    case 'timeout':
      return 'timed out';
    case 'failed':
      return death.message;
    case 'lost':
      return 'lost';
  }
}

function tail(child: Child): string {
  const text = child.stderr.trim();
  return text === '' ? '' : `\n${text}`;
}

/** Runs one call of `code` in a fresh child process (see IsolatedRunner.run). */
export async function runIsolated(
  code: Uint8Array,
  offset: number,
  signature: Signature,
  args: readonly Value[],
  options: IsolatedOptions = {},
): Promise<CallOutcome> {
  const [outcome] = await runIsolatedBatch(code, [{ offset, signature, args }], options);
  return outcome!;
}

/** Runs a batch of calls of `code` in a fresh child process (see IsolatedRunner.runBatch). */
export async function runIsolatedBatch(
  code: Uint8Array,
  calls: readonly IsolatedCall[],
  options: IsolatedOptions = {},
): Promise<CallOutcome[]> {
  const runner = new IsolatedRunner(options);
  try {
    return await runner.runBatch(code, calls);
  } finally {
    await runner.close();
  }
}
