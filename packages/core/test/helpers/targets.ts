/**
 * Running compiled functions in tests, on both machines: x86_64 natively in
 * this process (through @lirc/runtime), riscv32 under qemu in a static ELF
 * whose start code calls the function once per test case and writes the
 * results to stdout. The start code and the target numbers (ELF machine,
 * syscalls) are test fixtures: the compiler itself knows no ISA.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CompiledForm,
  encodeForm,
  type LoadedMachine,
  loadMachine,
  type Operands,
} from '@lirc/asmquery';
import { type CompiledFunction, type CompiledModule, ModuleCompiler } from '@lirc/core';
import { type FunctionHeader, Interpreter, loadLir, parseLir } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  allocateMemory,
  buildStaticElf32,
  elf32Layout,
  loadCode,
  runQemu,
  signature,
} from '@lirc/runtime';

export const X86: LoadedMachine = loadMachine(x86_64);
export const RV: LoadedMachine = loadMachine(riscv32);

/** Compiles `.lir` text for a machine, with the invariant checked after every instruction. */
export function compile(machine: LoadedMachine, text: string): CompiledFunction[] {
  return compileModule(machine, text).functions;
}

/** Compiles and links `.lir` text: the compiled functions and the linked module. */
export function compileModule(
  machine: LoadedMachine,
  text: string,
): { functions: CompiledFunction[]; module: CompiledModule } {
  const mc = new ModuleCompiler(machine, { checkInvariant: true, file: 'test.lir' });
  parseLir(text, mc, { file: 'test.lir' });
  return { functions: mc.functions, module: mc.link() };
}

/** The reference results of `fn` on each case (signed, at each result's width). */
export function interpret(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
): bigint[] {
  const module = loadLir(text);
  const header = module.functions.find((f) => f.name === fn)!;
  const it = new Interpreter(module);
  return cases.map((args) => {
    const r = it.call(fn, args);
    if (r.kind === 'trap') throw new Error(`${fn}(${args}) traps: ${r.trap}`);
    return BigInt.asIntN(header.results[0]!.width, r.values[0]!);
  });
}

function headerOf(text: string, fn: string): FunctionHeader {
  return loadLir(text).functions.find((f) => f.name === fn)!;
}

/** Options of the runners. */
export interface RunOptions {
  /**
   * Bytes of zeroed scratch memory: the first argument of every case is
   * replaced by its address (the interpreter runs with address 0 in the
   * module's memory instead).
   */
  readonly memory?: number;
  /** Time limit of a run under qemu (default 20 s). */
  readonly timeoutMs?: number;
}

/** Runs `fn` natively on x86_64 for each case. */
export function runX86(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): bigint[] {
  const header = headerOf(text, fn);
  const scratch = options.memory ? allocateMemory(options.memory) : undefined;
  const { module } = compileModule(X86, text);
  const at = module.functions.find((f) => f.name === fn)!.offset;
  const kind = (w: number) => (w === 64 ? 'i64' : 'i32');
  const code = loadCode(module.code);
  try {
    const call = code.function(
      at,
      signature(
        header.params.map((p) => kind(p.width)),
        [kind(header.results[0]!.width)],
      ),
    );
    const arg = (a: bigint, k: number) =>
      header.params[k]!.width === 64 ? BigInt.asIntN(64, a) : Number(BigInt.asIntN(32, a));
    return cases.map((args) => {
      const actual = scratch ? [scratch.address, ...args.slice(1)] : args;
      return BigInt(call(...(actual.map(arg) as never[])) as number | bigint);
    });
  } finally {
    code.free();
    scratch?.free();
  }
}

const RISCV = { qemu: 'qemu-riscv32', machine: 243, flags: 0x4, write: 64, exit: 93 };

/** riscv32 start code: per case, arguments in a0-a7 then on the stack, `jal ra, fn`, store a0; then write and exit. */
export async function runRiscv(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): Promise<bigint[]> {
  const elf = riscvExecutable(text, fn, cases, options);
  const run = await runQemu({
    qemu: RISCV.qemu,
    elf,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  return riscvResults(run.status, run.signal, run.stderr, run.stdout, cases.length);
}

/** runRiscv, synchronously (for the shrinker, whose predicate cannot wait). */
export function runRiscvSync(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): bigint[] {
  const elf = riscvExecutable(text, fn, cases, options);
  const dir = mkdtempSync(join(tmpdir(), 'lirc-sync-'));
  try {
    const file = join(dir, 'program');
    writeFileSync(file, elf, { mode: 0o755 });
    const r = spawnSync(RISCV.qemu, [file], { timeout: options.timeoutMs ?? 20_000 });
    return riscvResults(r.status, r.signal ?? undefined, String(r.stderr), r.stdout, cases.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function riscvResults(
  status: number | null,
  signal: string | undefined,
  stderr: string,
  stdout: Uint8Array,
  count: number,
): bigint[] {
  if (status !== 0)
    throw new Error(`qemu: status ${status}, signal ${signal ?? 'none'}: ${stderr}`);
  const view = new DataView(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  return Array.from({ length: count }, (_c, k) => BigInt(view.getInt32(4 * k, true)));
}

/** The static riscv32 executable that runs `fn` on each case (see runRiscv). */
function riscvExecutable(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions,
): Uint8Array {
  const { module } = compileModule(RV, `module ptr32\n${text}`);
  const entry = module.functions.find((f) => f.name === fn)!.offset;
  const forms = new Map<string, CompiledForm>(RV.forms.map((f) => [f.name, f]));
  const words: number[] = [];
  const emit = (name: string, operands: Operands) => {
    for (const b of encodeForm(RV, forms.get(name)!, operands).bytes) words.push(b);
  };
  const li = (rd: string, v: bigint) => {
    const x = Number(BigInt.asIntN(32, v));
    const lo = ((x << 20) >> 20) | 0;
    const hi = (x - lo) | 0;
    if (hi !== 0) emit('lui', { rd: { reg: rd }, imm: { imm: hi } });
    emit('addi', { rd: { reg: rd }, rs1: { reg: hi !== 0 ? rd : 'zero' }, imm: { imm: lo } });
  };
  const jal = (from: number, to: number) => {
    // J-type: imm[20|10:1|11|19:12] rd opcode; rd = ra (1), opcode JAL
    const i = to - from;
    const w =
      (((i >> 20) & 1) << 31) |
      (((i >> 1) & 0x3ff) << 21) |
      (((i >> 11) & 1) << 20) |
      (((i >> 12) & 0xff) << 12) |
      (1 << 7) |
      0x6f;
    words.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff);
  };
  const size = 4 * cases.length;
  const scratch = options.memory ?? 0;
  // Lay the start code out twice: once to learn its length (where the function goes).
  const build = (fnAt: number) => {
    words.length = 0;
    const data = elf32Layout({
      machine: RISCV.machine,
      code: new Uint8Array(fnAt + module.code.length),
      dataSize: size + scratch,
    }).dataAddress!;
    li('s1', BigInt(data));
    cases.forEach((args, k) => {
      args.forEach((a, j) => {
        const v = j === 0 && scratch > 0 ? BigInt(data + size) : a;
        if (j < 8) li(`a${j}`, v);
        else {
          // Beyond a0-a7, arguments go on the stack, 4 bytes each, at sp.
          li('t0', v);
          emit('sw', { rs1: { reg: 'sp' }, rs2: { reg: 't0' }, imm: { imm: 4 * (j - 8) } });
        }
      });
      jal(words.length, fnAt + entry);
      emit('sw', { rs1: { reg: 's1' }, rs2: { reg: 'a0' }, imm: { imm: 4 * k } });
    });
    li('a0', 1n);
    emit('mv', { rd: { reg: 'a1' }, rs1: { reg: 's1' } });
    li('a2', BigInt(size));
    li('a7', BigInt(RISCV.write));
    emit('ecall', {});
    li('a0', 0n);
    li('a7', BigInt(RISCV.exit));
    emit('ecall', {});
    return words.length;
  };
  let fnAt = build(0);
  while (build(fnAt) !== fnAt) fnAt = words.length;
  const code = new Uint8Array([...words, ...module.code]);
  const elf = buildStaticElf32({
    machine: RISCV.machine,
    flags: RISCV.flags,
    code,
    dataSize: size + scratch,
  });
  return elf.image;
}
