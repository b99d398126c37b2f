/**
 * One isolated child process (lib/child.mjs) and its request queue. Requests
 * are written to the child's stdin as JSON lines and may be pipelined; the
 * child answers each on fd 3, in order. The oldest unanswered request is the
 * one running, so when the child dies, that request gets the cause (signal,
 * exit status or timeout) and every later one is reported lost, to be sent
 * again to a fresh child. Only the running request has a timer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The child script; `../lib` from both src/ (tests) and dist/ (the build). */
const CHILD_SCRIPT = fileURLToPath(new URL('../lib/child.mjs', import.meta.url));

/** A request of the child protocol (see lib/child.mjs). */
export type ChildRequest =
  | { readonly op: 'load'; readonly id: number; readonly code: string }
  | {
      readonly op: 'call';
      readonly id: number;
      readonly offset: number;
      readonly params: readonly string[];
      readonly results: readonly string[];
      readonly args: readonly (number | string)[];
    }
  | { readonly op: 'free'; readonly id: number };

/** A response of the child protocol. */
export type ChildResponse =
  | { readonly ok: true }
  | { readonly values: (number | string)[] }
  | { readonly error: string };

/** Why a request got no response. */
export type ChildDeath =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'timeout' }
  /** The child could not be started or failed outside any request. */
  | { readonly kind: 'failed'; readonly message: string }
  /** Queued behind the request that died: it never ran. */
  | { readonly kind: 'lost' };

/** What a request came to. */
export type ChildReply =
  | { readonly kind: 'response'; readonly response: ChildResponse }
  | { readonly kind: 'died'; readonly death: ChildDeath };

interface Pending {
  readonly timeoutMs: number;
  readonly resolve: (reply: ChildReply) => void;
}

/** A running child; dead once it has exited (then every request is answered 'lost'). */
export class Child {
  readonly #process: ChildProcess;
  readonly #pending: Pending[] = [];
  #partial = '';
  #stderr = '';
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #dead = false;
  #failure: string | undefined;
  #closed: Promise<void>;

  constructor() {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // the parent's (jest's) flags are not the child's business
    this.#process = spawn(process.execPath, [CHILD_SCRIPT], {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      env,
    });
    const input = this.#process.stdin as Writable;
    input.on('error', () => {}); // EPIPE when the child died: reported through 'close'
    (this.#process.stderr as Readable).setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    (this.#process.stdio[3] as Readable).setEncoding('utf8').on('data', (text: string) => {
      this.#receive(text);
    });
    this.#process.on('error', (e) => {
      this.#failure ??= e.message;
    });
    this.#closed = new Promise((resolve) => {
      this.#process.on('close', (status, signal) => {
        this.#died(status, signal);
        resolve();
      });
    });
    this.#setRef(false);
  }

  /** Whether the child has exited (or is being killed). */
  get dead(): boolean {
    return this.#dead || this.#timedOut;
  }

  /** The last few kilobytes the child wrote to stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Sends a request; the promise settles with its response or the reason it has none. */
  send(request: ChildRequest, timeoutMs: number): Promise<ChildReply> {
    if (this.dead) return Promise.resolve({ kind: 'died', death: { kind: 'lost' } });
    return new Promise((resolve) => {
      this.#pending.push({ timeoutMs, resolve });
      if (this.#pending.length === 1) this.#startTimer();
      this.#setRef(true);
      (this.#process.stdin as Writable).write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Ends the child: closes its input (it exits) and waits for it; kills it if it lingers. */
  async close(): Promise<void> {
    if (!this.#dead) {
      this.#setRef(true);
      (this.#process.stdin as Writable).end();
      const kill = setTimeout(() => this.#process.kill('SIGKILL'), 2000);
      await this.#closed;
      clearTimeout(kill);
    }
  }

  #receive(text: string): void {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop()!;
    for (const line of lines) {
      const head = this.#pending.shift();
      if (head === undefined) continue; // cannot happen: one response per request
      this.#stopTimer();
      head.resolve({ kind: 'response', response: JSON.parse(line) as ChildResponse });
      if (this.#pending.length > 0) this.#startTimer();
      else this.#setRef(false);
    }
  }

  #died(status: number | null, signal: NodeJS.Signals | null): void {
    this.#dead = true;
    this.#stopTimer();
    const first: ChildDeath = this.#timedOut
      ? { kind: 'timeout' }
      : this.#failure !== undefined
        ? { kind: 'failed', message: this.#failure }
        : signal !== null
          ? { kind: 'signal', signal }
          : { kind: 'exit', status: status ?? -1 };
    const pending = this.#pending.splice(0);
    pending.forEach((p, k) => {
      p.resolve({ kind: 'died', death: k === 0 ? first : { kind: 'lost' } });
    });
  }

  #startTimer(): void {
    const head = this.#pending[0]!;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#process.kill('SIGKILL');
    }, head.timeoutMs);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** An idle child does not keep the parent's event loop alive. */
  #setRef(on: boolean): void {
    const handles = [
      this.#process,
      this.#process.stdin,
      this.#process.stderr,
      this.#process.stdio[3],
    ];
    for (const h of handles) {
      const r = h as { ref?: () => void; unref?: () => void } | null;
      if (on) r?.ref?.();
      else r?.unref?.();
    }
  }
}
