/**
 * The emulated executor: runs a static executable (see elf.ts) under qemu
 * user-mode emulation, which translates the guest's system calls to the
 * host's, so the program's exit status and what it writes to stdout come
 * back as if it had run natively. The qemu binary (one per guest machine) is
 * the caller's choice. A guest fault kills qemu with the same signal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What to run. */
export interface QemuOptions {
  /** The qemu user-mode binary (a name on PATH or a path), one per guest machine. */
  readonly qemu: string;
  /** The executable's bytes. */
  readonly elf: Uint8Array;
  /** Time limit in milliseconds (default 10 000); then qemu is killed. */
  readonly timeoutMs?: number;
  /** Arguments for the guest program. */
  readonly args?: readonly string[];
  /** Options for qemu itself, before the program (e.g. a CPU model). */
  readonly qemuArgs?: readonly string[];
  /** Bytes on the program's stdin (default: none, stdin is empty). */
  readonly stdin?: Uint8Array;
}

/** How a run ended. */
export interface QemuResult {
  /** Exit status, or null when killed by a signal. */
  readonly status: number | null;
  /** The signal that ended the run (a guest fault, or SIGKILL on timeout). */
  readonly signal?: NodeJS.Signals;
  /** Everything the program wrote to stdout. */
  readonly stdout: Uint8Array;
  /** What qemu or the program wrote to stderr. */
  readonly stderr: string;
  /** Whether the run hit its time limit. */
  readonly timedOut: boolean;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly milliseconds: number;
}

/** A system tool the runtime needs is not installed. */
export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
}

/** Whether `command --version` runs and succeeds. */
export function toolAvailable(command: string): boolean {
  const r = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** The message for a missing qemu binary: what to install. */
export function qemuMissingMessage(qemu: string): string {
  return `${qemu} is not installed: it comes with qemu user-mode emulation (Debian/Ubuntu: apt-get install --no-install-recommends qemu-user; npm test installs it when run as root)`;
}

/**
 * Runs `options.elf` under `options.qemu` and collects its exit status and
 * output. Throws ToolMissingError when the qemu binary does not exist.
 */
export async function runQemu(options: QemuOptions): Promise<QemuResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lirc-run-'));
  const file = join(dir, 'program');
  try {
    writeFileSync(file, options.elf, { mode: 0o755 });
    return await spawnAndCollect(options, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnAndCollect(options: QemuOptions, file: string): Promise<QemuResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      options.qemu,
      [...(options.qemuArgs ?? []), file, ...(options.args ?? [])],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      err += t;
    });
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(options.stdin ?? new Uint8Array(0));
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (spawnError !== undefined) {
        reject(
          spawnError.code === 'ENOENT'
            ? new ToolMissingError(qemuMissingMessage(options.qemu))
            : spawnError,
        );
        return;
      }
      resolve({
        status,
        ...(signal !== null ? { signal } : {}),
        stdout: new Uint8Array(Buffer.concat(out)),
        stderr: err,
        timedOut,
        milliseconds: performance.now() - started,
      });
    });
  });
}
