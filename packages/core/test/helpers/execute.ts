/**
 * Running compiled functions through the host glue of @lirc/core (Low IR
 * guarded entries, signal handler and start routine), on both machines:
 * x86_64 in this process, riscv32 as a static ELF under qemu. Each case comes
 * back as its results, the kind of the trap it hit (a fault at a trap site
 * of the module), or a fault that is no trap (a crash: a miscompile, or a
 * stack overflow, which LIRC does not check for itself).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchLayout,
  batchStart,
  type CompiledModule,
  findTrapSite,
  GLUE,
  guardedEntry,
  guardedEntryName,
  hostBlockLayout,
  INSTALL_FAILED,
  OUTCOME_BYTES,
  RESULT_BYTES,
  START,
  signalGlue,
} from '@lirc/core';
import { type FunctionHeader, loadLir } from '@lirc/low-ir';
import {
  allocateMemory,
  buildStaticElf32,
  elf32Layout,
  loadCode,
  runQemu,
  signature,
} from '@lirc/runtime';
import { compileModule, RV, X86 } from './machines.js';

/** What one case came to. */
export type CaseOutcome =
  /** The function returned these results (signed, at each result's width). */
  | { readonly kind: 'values'; readonly values: bigint[] }
  /** It trapped: the kind of the trap site where the fault was. */
  | { readonly kind: 'trap'; readonly trap: string }
  /** It faulted outside any trap site: `signal` at byte `offset` of the module's code. */
  | { readonly kind: 'fault'; readonly signal: number; readonly offset: number };

/** Options of the executors. */
export interface ExecuteOptions {
  /**
   * Bytes of zeroed scratch memory: the first argument of every case is
   * replaced by its address (the interpreter runs with address 0 in the
   * module's memory instead).
   */
  readonly memory?: number;
  /** Time limit of a run under qemu (default 20 s). */
  readonly timeoutMs?: number;
}

const ALT_STACK_BYTES = 64 * 1024;

function headerOf(text: string, fn: string): FunctionHeader {
  const header = loadLir(text).functions.find((f) => f.name === fn);
  if (header === undefined) throw new Error(`no function @${fn}`);
  return header;
}

/** A fault at `pc` (code at `base`): the trap of its trap site, or a fault. */
function faultOutcome(
  module: CompiledModule,
  pc: bigint,
  base: bigint,
  signal: number,
): CaseOutcome {
  const offset = Number(pc - base);
  const site = findTrapSite(module, offset);
  return site ? { kind: 'trap', trap: site.kind } : { kind: 'fault', signal, offset };
}

/** Runs `fn` on each case natively (x86_64), in this process, through a guarded entry. */
export function executeX86(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: ExecuteOptions = {},
): CaseOutcome[] {
  const header = headerOf(text, fn);
  const layout = hostBlockLayout(64, X86.def.abi.linux!);
  const block = allocateMemory(layout.size);
  const altStack = allocateMemory(ALT_STACK_BYTES);
  const results = allocateMemory(RESULT_BYTES * Math.max(1, header.results.length));
  const scratch = options.memory ? allocateMemory(options.memory) : undefined;
  const glue = `${guardedEntry(X86.def, header)}\n${signalGlue(X86.def, block.address)}`;
  const { module } = compileModule(X86, `${text}\n${glue}`);
  const offsetOf = (name: string) => module.functions.find((f) => f.name === name)!.offset;
  const code = loadCode(module.code);
  const view = block.view();
  try {
    view.setBigUint64(layout.codeStart, code.address, true);
    view.setBigUint64(layout.codeEnd, code.address + BigInt(code.size), true);
    const install = code.function(offsetOf(GLUE.install), signature(['ptr', 'ptr'], ['i64']));
    const uninstall = code.function(offsetOf(GLUE.uninstall), signature([], ['i64']));
    const kinds = header.params.map((p) => (p.width === 64 ? 'i64' : 'i32') as 'i64' | 'i32');
    const enter = code.function(
      offsetOf(guardedEntryName(fn)),
      signature(['ptr', 'ptr', ...kinds], ['i32']),
    );
    const installed = install(altStack.address, BigInt(ALT_STACK_BYTES));
    if (installed !== 0n) throw new Error(`installing the signal glue failed (${installed})`);
    try {
      const arg = (a: bigint, k: number) =>
        header.params[k]!.width === 64 ? BigInt.asIntN(64, a) : Number(BigInt.asIntN(32, a));
      const out = results.view();
      return cases.map((args) => {
        const actual = scratch ? [scratch.address, ...args.slice(1)] : args;
        const status = enter(block.address, results.address, ...actual.map(arg));
        if (status === 0) {
          return {
            kind: 'values',
            values: header.results.map((r, k) =>
              BigInt.asIntN(r.width, out.getBigUint64(RESULT_BYTES * k, true)),
            ),
          };
        }
        const pc = view.getBigUint64(layout.trapPc, true);
        return faultOutcome(module, pc, code.address, view.getInt32(layout.trapSignal, true));
      });
    } finally {
      uninstall();
    }
  } finally {
    code.free();
    for (const m of [block, altStack, results, scratch]) m?.free();
  }
}

const RISCV = { qemu: 'qemu-riscv32', machine: 243, flags: 0x4 };
/** Where the riscv32 executables' data segment goes (far above the code). */
const RISCV_DATA = 0x2000_0000;

/** A riscv32 executable running `fn` on each case, and what reading its output needs. */
interface RiscvProgram {
  readonly elf: Uint8Array;
  readonly module: CompiledModule;
  readonly codeAddress: number;
  readonly recordBytes: number;
  readonly header: FunctionHeader;
}

function riscvProgram(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: ExecuteOptions,
): RiscvProgram {
  const module32 = `module ptr32\n${text}`;
  const header = headerOf(module32, fn);
  const layout = batchLayout(RV.def, header, cases.length, RISCV_DATA);
  const first = loadLir(module32).functions[0]!.name;
  const scratchAt = RISCV_DATA + Math.ceil(layout.size / 16) * 16;
  const full = [
    module32,
    guardedEntry(RV.def, header),
    signalGlue(RV.def, BigInt(layout.block)),
    batchStart(RV.def, header, cases.length, layout, first),
  ].join('\n');
  const { module } = compileModule(RV, full);
  const data = new Uint8Array(layout.records - RISCV_DATA);
  const view = new DataView(data.buffer);
  cases.forEach((args, k) => {
    args.forEach((a, j) => {
      const v = j === 0 && options.memory ? BigInt(scratchAt) : a;
      view.setBigUint64(
        layout.args - RISCV_DATA + 8 * (k * header.params.length + j),
        BigInt.asUintN(64, v),
        true,
      );
    });
  });
  const entry = module.functions.find((f) => f.name === START)!.offset;
  const elfOptions = {
    machine: RISCV.machine,
    flags: RISCV.flags,
    code: module.code,
    entry,
    data,
    dataSize: scratchAt - RISCV_DATA + (options.memory ?? 0),
    dataAddress: RISCV_DATA,
  };
  const elf = buildStaticElf32(elfOptions);
  return {
    elf: elf.image,
    module,
    codeAddress: elf32Layout(elfOptions).codeAddress,
    recordBytes: layout.recordBytes,
    header,
  };
}

function riscvOutcomes(
  program: RiscvProgram,
  run: { status: number | null; signal?: string | undefined; stderr: string; stdout: Uint8Array },
  count: number,
): CaseOutcome[] {
  if (run.status === INSTALL_FAILED) throw new Error('qemu: installing the signal glue failed');
  if (run.status !== 0)
    throw new Error(`qemu: status ${run.status}, signal ${run.signal ?? 'none'}: ${run.stderr}`);
  const { stdout, recordBytes, header, module, codeAddress } = { ...program, ...run };
  const view = new DataView(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  if (stdout.length !== count * recordBytes)
    throw new Error(`qemu: ${stdout.length} bytes of output, expected ${count * recordBytes}`);
  return Array.from({ length: count }, (_c, k): CaseOutcome => {
    const at = k * recordBytes;
    if (view.getInt32(at, true) === 0) {
      return {
        kind: 'values',
        values: header.results.map((r, j) =>
          BigInt.asIntN(r.width, view.getBigUint64(at + OUTCOME_BYTES + RESULT_BYTES * j, true)),
        ),
      };
    }
    const pc = BigInt(view.getUint32(at + 8, true));
    return faultOutcome(module, pc, BigInt(codeAddress), view.getInt32(at + 16, true));
  });
}

/** Runs `fn` on each case under qemu-riscv32, in one static executable. */
export async function executeRiscv(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: ExecuteOptions = {},
): Promise<CaseOutcome[]> {
  const program = riscvProgram(text, fn, cases, options);
  const run = await runQemu({
    qemu: RISCV.qemu,
    elf: program.elf,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  return riscvOutcomes(program, run, cases.length);
}

/** executeRiscv, synchronously (for the shrinker, whose predicate cannot wait). */
export function executeRiscvSync(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: ExecuteOptions = {},
): CaseOutcome[] {
  const program = riscvProgram(text, fn, cases, options);
  const dir = mkdtempSync(join(tmpdir(), 'lirc-sync-'));
  try {
    const file = join(dir, 'program');
    writeFileSync(file, program.elf, { mode: 0o755 });
    const r = spawnSync(RISCV.qemu, [file], { timeout: options.timeoutMs ?? 20_000 });
    return riscvOutcomes(
      program,
      {
        status: r.status,
        signal: r.signal ?? undefined,
        stderr: String(r.stderr),
        stdout: r.stdout,
      },
      cases.length,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
