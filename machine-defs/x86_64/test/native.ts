/**
 * Runs x86-64 instructions on this machine, for the semantics test: each
 * case sets RFLAGS and every register but rsp from a state block, runs the
 * instruction bytes, and stores every register and RFLAGS to an output
 * block. The cases go into one static ELF64 executable (a single RWX
 * PT_LOAD below 2^31, so the harness addresses its blocks with absolute
 * disp32 operands and needs no register of its own), which writes its data
 * (states, memory windows, outputs) to stdout and exits.
 *
 * The harness is hand-encoded here, independent of the machine definition:
 *
 *   push imm32 / popfq            68 id / 9D        flags in
 *   mov r64, [abs32]              REX.W 8B /r, SIB base=101 index=100
 *   movq xmm, [abs32]             F3 0F 7E /r
 *   mov [abs32], r64              REX.W 89 /r
 *   movq [abs32], xmm             66 0F D6 /r
 *   pushfq / pop rax              9C / 58           flags out
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the executable is loaded. */
const BASE = 0x1000_0000;
/** Bytes of a memory window per case. */
export const WINDOW = 64;
/** Register state: 16 gprs (rsp's slot unused), 16 xmm low halves, RFLAGS. */
const STATE = 16 * 8 + 16 * 8 + 8;

/**
 * One case: the machine state before, a memory window (at the address
 * `layout(count).window(k)` gives case k of `count`), and the instruction.
 */
export interface NativeCase {
  readonly gpr: readonly bigint[];
  readonly xmm: readonly bigint[];
  /** RFLAGS before: only CF, PF, AF, ZF, SF, OF are taken (bit 1 is set). */
  readonly flags: bigint;
  /** Initial bytes of the window (WINDOW of them). */
  readonly window: Uint8Array;
  readonly code: readonly number[];
}

/** What a case left behind. */
export interface NativeResult {
  readonly gpr: bigint[];
  readonly xmm: bigint[];
  readonly flags: bigint;
  readonly window: Uint8Array;
}

const le = (v: bigint | number, bytes: number): number[] => {
  const out: number[] = [];
  let u = BigInt.asUintN(8 * bytes, BigInt(v));
  for (let k = 0; k < bytes; k++) {
    out.push(Number(u & 0xffn));
    u >>= 8n;
  }
  return out;
};

/** ModRM + SIB for [disp32] with no base and no index, reg field `r`. */
const absolute = (r: number, address: number) => [0x04 | ((r & 7) << 3), 0x25, ...le(address, 4)];
const movLoad = (r: number, a: number) => [0x48 | ((r >> 3) << 2), 0x8b, ...absolute(r, a)];
const movStore = (r: number, a: number) => [0x48 | ((r >> 3) << 2), 0x89, ...absolute(r, a)];
const rexR = (r: number) => (r >= 8 ? [0x44] : []);
const movqLoad = (x: number, a: number) => [0xf3, ...rexR(x), 0x0f, 0x7e, ...absolute(x, a)];
const movqStore = (x: number, a: number) => [0x66, ...rexR(x), 0x0f, 0xd6, ...absolute(x, a)];
const RSP = 4;
/** The arithmetic flags popfq may set from user code. */
const FLAG_MASK = 0x8d5n; // OF SF ZF AF PF CF

const HEADERS = 64 + 56;
const PER_CASE = STATE + WINDOW + STATE;

/** Where things go in an executable of `count` cases. */
export function layout(count: number) {
  // Code per case: flags 6, loads 15×8 + 16×10, stores as many + 10, instruction ≤ 64.
  const codeBound = count * 640 + 64;
  const dataStart = BASE + HEADERS + codeBound;
  if (dataStart + count * PER_CASE > 0x7fff_0000) throw new Error('too many cases');
  return {
    codeBound,
    dataStart,
    /** Address of case k's memory window. */
    window: (k: number) => BigInt(dataStart + k * PER_CASE + STATE),
  };
}

/** Builds and runs one executable with `cases`; throws NativeCrash if it dies. */
export function runNative(cases: readonly NativeCase[]): NativeResult[] {
  const perCase = PER_CASE;
  const headers = HEADERS;
  const { codeBound, dataStart } = layout(cases.length);
  const code: number[] = [];
  const data = new Uint8Array(cases.length * perCase);
  cases.forEach((c, k) => {
    const stateIn = dataStart + k * perCase;
    const window = stateIn + STATE;
    const stateOut = window + WINDOW;
    const view = new DataView(data.buffer, k * perCase, perCase);
    c.gpr.forEach((v, r) => {
      view.setBigUint64(8 * r, BigInt.asUintN(64, v), true);
    });
    c.xmm.forEach((v, x) => {
      view.setBigUint64(128 + 8 * x, BigInt.asUintN(64, v), true);
    });
    data.set(c.window, k * perCase + STATE);
    code.push(0x68, ...le(Number(2n | (c.flags & FLAG_MASK)), 4), 0x9d);
    for (let x = 0; x < 16; x++) code.push(...movqLoad(x, stateIn + 128 + 8 * x));
    for (let r = 0; r < 16; r++) if (r !== RSP) code.push(...movLoad(r, stateIn + 8 * r));
    code.push(...c.code);
    for (let r = 0; r < 16; r++) if (r !== RSP) code.push(...movStore(r, stateOut + 8 * r));
    for (let x = 0; x < 16; x++) code.push(...movqStore(x, stateOut + 128 + 8 * x));
    code.push(0x9c, 0x58, ...movStore(0, stateOut + 256));
  });
  // write(1, data, size); exit(0)
  code.push(0xb8, ...le(1, 4), 0xbf, ...le(1, 4), 0xbe, ...le(dataStart, 4));
  code.push(0xba, ...le(data.length, 4), 0x0f, 0x05);
  code.push(0xb8, ...le(60, 4), 0x31, 0xff, 0x0f, 0x05);
  if (code.length > codeBound) throw new Error('harness code larger than its bound');

  const image = new Uint8Array(headers + codeBound + data.length);
  const h = new DataView(image.buffer);
  image.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]); // ELF, 64-bit, little-endian, version 1
  h.setUint16(16, 2, true); // ET_EXEC
  h.setUint16(18, 0x3e, true); // EM_X86_64
  h.setUint32(20, 1, true);
  h.setBigUint64(24, BigInt(BASE + headers), true); // entry
  h.setBigUint64(32, 64n, true); // program headers
  h.setUint16(52, 64, true);
  h.setUint16(54, 56, true);
  h.setUint16(56, 1, true);
  h.setUint32(64, 1, true); // PT_LOAD
  h.setUint32(68, 7, true); // RWX
  h.setBigUint64(80, BigInt(BASE), true);
  h.setBigUint64(88, BigInt(BASE), true);
  h.setBigUint64(96, BigInt(image.length), true);
  h.setBigUint64(104, BigInt(image.length), true);
  h.setBigUint64(112, 0x1000n, true);
  image.set(code, headers);
  image.fill(0xcc, headers + code.length, headers + codeBound); // int3 padding
  image.set(data, headers + codeBound);

  const dir = mkdtempSync(join(tmpdir(), 'lirc-x86-'));
  const file = join(dir, 'cases');
  try {
    writeFileSync(file, image, { mode: 0o755 });
    const run = spawnSync(file, { maxBuffer: data.length + 1024 });
    if (run.signal || run.status !== 0 || run.stdout.length !== data.length) {
      throw new NativeCrash(run.signal ?? `exit ${run.status}, ${run.stdout.length} bytes`);
    }
    const out = new Uint8Array(run.stdout);
    return cases.map((_c, k) => {
      const view = new DataView(out.buffer, out.byteOffset + k * perCase + STATE + WINDOW, STATE);
      return {
        gpr: Array.from({ length: 16 }, (_, r) => view.getBigUint64(8 * r, true)),
        xmm: Array.from({ length: 16 }, (_, x) => view.getBigUint64(128 + 8 * x, true)),
        flags: view.getBigUint64(256, true),
        window: out.slice(k * perCase + STATE, k * perCase + STATE + WINDOW),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The executable died (SIGILL, SIGSEGV, SIGFPE) or did not write its data. */
export class NativeCrash extends Error {
  override name = 'NativeCrash';
}

/** Whether this machine can run the cases (x86-64 Linux). */
export const canRunNative = process.platform === 'linux' && process.arch === 'x64';
