/**
 * The random differential run: a seeded random Low IR program, compiled by
 * LIRC and run on a machine, compared with the reference interpreter. The
 * program's entry `@main` may return several results of several widths; a
 * wrapper written in Low IR (`@lirc_entry`) calls it and folds its results
 * into one 32-bit hash (FNV-1a style), which both sides compute, so one
 * return value carries every result. x86_64 runs in a child process first (a
 * crash or a hang in generated code is a reported outcome, not a dead test
 * runner); a run that faulted there runs again in this process through the
 * host glue, which names the trap. riscv32 runs under qemu through the glue.
 * A trap agrees with the interpreter only if it has the same kind.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import { CompileError } from '@lirc/core';
import {
  generateProgram,
  Interpreter,
  loadLir,
  RANDOM_ENTRY,
  type RandomProgram,
  type RandomProgramOptions,
  shrinkProgram,
} from '@lirc/low-ir';
import { type IsolatedRunner, signature } from '@lirc/runtime';
import {
  type CaseOutcome,
  executeRiscv,
  executeRiscvSync,
  executeX86,
} from '../helpers/execute.js';
import { compileModule, X86 } from '../helpers/machines.js';

export const ENTRY = 'lirc_entry';

/** The wrapper: calls @main with its parameters and hashes its results into 32 bits. */
export function wrapper(program: RandomProgram): string {
  const main = program.module.functions.find((f) => f.name === RANDOM_ENTRY)!;
  const params = main.params.map((p, k) => `%a${k}: ${p.width}`).join(', ');
  const args = main.params.map((_p, k) => `%a${k}`).join(', ');
  const lines: string[] = [];
  const results = main.results.map((r, k) => `%r${k}${r.width === 64 ? '*2' : ''}: ${r.width}`);
  lines.push(
    results.length > 0 ? `  ${results.join(', ')} = call @main(${args})` : `  call @main(${args})`,
  );
  lines.push('  %h0 = const.32 0x811c9dc5');
  let h = 0;
  const mix = (word: string) => {
    lines.push(`  %m${h} = mul.32 %h${h}, 16777619`);
    lines.push(`  %h${h + 1} = xor.32 %m${h}, ${word}`);
    h++;
  };
  main.results.forEach((r, k) => {
    if (r.width === 32) mix(`%r${k}`);
    else if (r.width < 32) {
      lines.push(`  %z${k} = zext.32.${r.width} %r${k}`);
      mix(`%z${k}`);
    } else {
      lines.push(`  %lo${k} = trunc.32.64 %r${k}`);
      lines.push(`  %sh${k} = shr_u.64 %r${k}, 32`);
      lines.push(`  %hi${k} = trunc.32.64 %sh${k}`);
      mix(`%lo${k}`);
      mix(`%hi${k}`);
    }
  });
  lines.push(`  return %h${h}`);
  return `${program.text}\nfunc @${ENTRY}(${params}) -> (32) {\n${lines.join('\n')}\n}\n`;
}

/** What one run came to: a 32-bit result, a trap of some kind, a fault that is no trap (machine), or not compiled. */
export type Outcome =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'trap'; readonly detail: string }
  | { readonly kind: 'fault'; readonly detail: string }
  | { readonly kind: 'unsupported'; readonly message: string };

/** The interpreter's outcome. */
export function reference(text: string, args: readonly bigint[]): Outcome {
  const it = new Interpreter(loadLir(text), { maxSteps: 5_000_000 });
  const r = it.call(ENTRY, args);
  if (r.kind === 'trap') return { kind: 'trap', detail: r.trap };
  return { kind: 'value', value: Number(BigInt.asIntN(32, r.values[0]!)) };
}

/** The outcome on x86_64, in the runner's child process. */
export async function onX86(
  runner: IsolatedRunner,
  text: string,
  args: readonly bigint[],
): Promise<Outcome> {
  let compiled: ReturnType<typeof compileModule>;
  try {
    compiled = compileModule(X86, text);
  } catch (e) {
    if (e instanceof CompileError) return { kind: 'unsupported', message: e.message };
    throw e;
  }
  const { module } = compiled;
  const header = loadLir(text).functions.find((f) => f.name === ENTRY)!;
  const kinds = header.params.map((p) => (p.width === 64 ? 'i64' : 'i32') as 'i64' | 'i32');
  const values = header.params.map((p, k) =>
    p.width === 64 ? BigInt.asIntN(64, args[k]!) : Number(BigInt.asIntN(32, args[k]!)),
  );
  const at = module.functions.find((f) => f.name === ENTRY)!.offset;
  const [outcome] = await runner.runBatch(
    module.code,
    [{ offset: at, signature: signature(kinds, ['i32']), args: values }],
    { timeoutMs: 3000 },
  );
  if (outcome!.kind === 'return') return { kind: 'value', value: Number(outcome!.values[0]) };
  if (outcome!.kind === 'signal') return fromCase(executeX86(text, ENTRY, [args])[0]!);
  return { kind: 'fault', detail: JSON.stringify(outcome) };
}

/** A case's outcome from the host glue. */
function fromCase(o: CaseOutcome): Outcome {
  if (o.kind === 'values') return { kind: 'value', value: Number(BigInt.asIntN(32, o.values[0]!)) };
  if (o.kind === 'trap') return { kind: 'trap', detail: o.trap };
  return { kind: 'fault', detail: `signal ${o.signal} at offset ${o.offset}` };
}

/** The outcome on riscv32 under qemu. */
export async function onRiscv(text: string, args: readonly bigint[]): Promise<Outcome> {
  try {
    const [o] = await executeRiscv(riscvBody(text), ENTRY, [args], { timeoutMs: 3000 });
    return fromCase(o!);
  } catch (e) {
    return riscvFailure(e);
  }
}

/** The module without its header line (the riscv32 runner adds it). */
const riscvBody = (text: string) => text.replace(/^module ptr32\n/, '');

/** A failed riscv32 run: not compiled, or qemu killed or timed out (the interpreter allows 5M steps; qemu runs those well within the 3 s limit). */
function riscvFailure(e: unknown): Outcome {
  if (e instanceof CompileError) return { kind: 'unsupported', message: e.message };
  if (/^qemu: /.test(String((e as Error).message)))
    return { kind: 'fault', detail: (e as Error).message };
  throw e;
}

/**
 * Whether a machine's outcome agrees with the interpreter's: the same value,
 * or a trap of the same kind. The interpreter's stack_overflow (its call
 * depth limit, 10 000) cannot be compared: LIRC does not check the stack,
 * so the machine overflows its own stack (a fault) or, with a deeper stack,
 * returns; only another trap kind disagrees.
 */
export function agrees(expected: Outcome, actual: Outcome): boolean {
  if (actual.kind === 'unsupported') return true;
  if (expected.kind === 'trap' && expected.detail === 'stack_overflow')
    return actual.kind !== 'trap';
  if (expected.kind === 'trap') return actual.kind === 'trap' && actual.detail === expected.detail;
  return actual.kind === 'value' && expected.kind === 'value' && actual.value === expected.value;
}

/** Generates the program of `seed` for `machine`. */
export function programFor(
  machine: LoadedMachine,
  seed: number,
  options: RandomProgramOptions,
): RandomProgram {
  return generateProgram(seed, {
    ...options,
    pointerWidth: machine.def.pointerWidth as 32 | 64,
  });
}

/** The outcome on riscv32 under qemu, synchronously (for the shrinker). */
export function onRiscvSync(text: string, args: readonly bigint[]): Outcome {
  try {
    const [o] = executeRiscvSync(riscvBody(text), ENTRY, [args], { timeoutMs: 3000 });
    return fromCase(o!);
  } catch (e) {
    return riscvFailure(e);
  }
}

/**
 * The outcome on x86_64 in this process, synchronously (for the shrinker; a
 * crash in a candidate ends the test run, which then shows the seed).
 */
export function onX86Sync(text: string, args: readonly bigint[]): Outcome {
  try {
    return fromCase(executeX86(text, ENTRY, [args])[0]!);
  } catch (e) {
    if (e instanceof CompileError) return { kind: 'unsupported', message: e.message };
    throw e;
  }
}

/** The smallest program the generator's shrinker finds that still disagrees. */
export function shrink(
  program: RandomProgram,
  run: (text: string, args: readonly bigint[]) => Outcome,
): RandomProgram {
  return shrinkProgram(
    program,
    (p) => {
      const text = wrapper(p);
      const expected = reference(text, p.args);
      // A candidate that traps may hang or crash on the machine: not a reproduction.
      if (expected.kind === 'trap') return false;
      const actual = run(text, p.args);
      return actual.kind !== 'unsupported' && !agrees(expected, actual);
    },
    { maxAttempts: 2000 },
  );
}
