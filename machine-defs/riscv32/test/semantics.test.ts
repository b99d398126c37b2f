/**
 * What each form says in Low IR is what its bytes do: for every form, many
 * random operands and machine states; the form's semantics are evaluated with
 * the action registry's evaluators (the reference meaning), its encoding is
 * run on the emulator of test/emulator.ts (the hardware meaning), and the
 * outputs, the memory, the other registers and the control flow (branch
 * taken or not, trap or not) must agree.
 *
 * Where an action of the semantics traps (div_s by zero, ftoi_s of NaN, …)
 * the hardware does something else instead; such cases are skipped, and the
 * form must carry a `note` saying so. A 1-bit value in a gpr is 0 or 1 (inputs
 * are made so; outputs are checked so); 8- and 16-bit values in a gpr have
 * arbitrary upper bits (inputs get random ones; outputs are compared on
 * their low bits only).
 */
import {
  type CompiledForm,
  EncodeError,
  encodeForm,
  evaluateSemantics,
  type LoadedMachine,
  loadMachine,
  type OperandInput,
  type ParamDef,
  paramRegisters,
} from '@lirc/asmquery';
import { wrap } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { Hart, SparseMemory } from './emulator.js';

const machine: LoadedMachine = loadMachine(riscv32);
const CASES = 300;

/**
 * Forms whose meaning depends on more than registers and memory (pc, callee, environment):
 * their actions have no evaluator (test/encoding.test.ts runs lla (label) and mv
 * (stack_pointer) on the emulator).
 */
const NOT_EMULATED = [
  'auipc',
  'lla',
  'lla (label)',
  'mv (stack_pointer)',
  'call',
  'call_indirect',
  'ret',
  'ecall',
  ...Array.from({ length: 7 }, (_, n) => `ecall (syscall, ${n} arg${n === 1 ? '' : 's'})`),
];

let seed = 0x2545f4914f6cdd1dn;
function random(): bigint {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return seed;
}
const pick = <T>(xs: readonly T[]): T => xs[Number(random() % BigInt(xs.length))]!;

const INT_SPECIALS = [0n, 1n, 2n, 31n, 32n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn];
const INT_SPECIALS_32 = [...INT_SPECIALS, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0xfffffffen];
function randomInt32(): bigint {
  return random() % 3n === 0n ? pick(INT_SPECIALS_32) : random() & 0xffffffffn;
}

const F64_SPECIALS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2.5,
  -2.5,
  3,
  1e300,
  -1e-300,
  2 ** 31,
  -(2 ** 31),
  2 ** 32 - 1,
  4294967296.5,
  -0.75,
  Number.MIN_VALUE,
  Infinity,
  -Infinity,
];
const scratch = new DataView(new ArrayBuffer(8));
function bitsOf64(v: number): bigint {
  scratch.setFloat64(0, v);
  return scratch.getBigUint64(0);
}
function bitsOf32(v: number): bigint {
  scratch.setFloat32(0, v);
  return BigInt(scratch.getUint32(0));
}
const NANS_32 = [0x7fc00000n, 0xffc00001n, 0x7f800001n];
const NANS_64 = [0x7ff8000000000000n, 0xfff8000000000001n, 0x7ff0000000000001n];
function randomFloat(width: 32 | 64): bigint {
  const r = random() % 8n;
  if (r === 0n) return pick(width === 32 ? NANS_32 : NANS_64);
  if (r <= 3n) return width === 32 ? bitsOf32(pick(F64_SPECIALS)) : bitsOf64(pick(F64_SPECIALS));
  if (r === 4n) return width === 32 ? random() & 0xffffffffn : random() & 0xffffffffffffffffn;
  // An ordinary value of moderate size (integers in range, fractions).
  const v = Number(BigInt.asIntN(40, random())) / 2 ** Number(random() % 20n);
  return width === 32 ? bitsOf32(v) : bitsOf64(v);
}
function isNaNPattern(v: bigint, width: number): boolean {
  const [e, f] = width === 32 ? [0x7f800000n, 0x7fffffn] : [0x7ff0000000000000n, 0xfffffffffffffn];
  return (v & e) === e && (v & f) !== 0n;
}

function randomImmediate(p: Extract<ParamDef, { kind: 'imm' }>): bigint {
  const align = BigInt(p.align ?? 1);
  const span = 1n << BigInt(p.bits);
  const lo = p.signed ? -(span / 2n) : 0n;
  let v = lo + (random() % span);
  v -= ((v % align) + align) % align;
  return v;
}

interface Case {
  readonly operands: Record<string, OperandInput>;
  readonly hart: Hart;
}

/** Random operands and state for `form` (registers set to fit the parameters' widths). */
function randomCase(form: CompiledForm): Case {
  const hart = new Hart(new SparseMemory());
  for (let r = 1; r < 32; r++) hart.x[r] = randomInt32();
  for (let r = 0; r < 32; r++) hart.f[r] = randomFloat(64);
  const operands: Record<string, OperandInput> = {};
  for (const [name, p] of Object.entries(form.params)) {
    if (p.kind === 'reg' || p.kind === 'fixed') {
      // LIRC never allocates sp: a form that moves it (through the stack) never has it as operand.
      const movesSp = form.name.includes('through the stack');
      const reg = pick(
        paramRegisters(p, machine.registers, machine.classes).filter(
          (r) => !movesSp || r.name !== 'sp',
        ),
      );
      operands[name] = { reg: reg.name };
      const input = form.semantics.some((a) =>
        a.operands.some((o) => o.kind === 'param' && o.name === name),
      );
      if (!input) continue;
      if (p.kind === 'reg' && p.class === 'fpr' && p.width === 32)
        hart.f[reg.encoding] = 0xffffffff00000000n | randomFloat(32);
      if (p.kind === 'reg' && p.class === 'gpr' && p.width === 1 && reg.encoding !== 0)
        hart.x[reg.encoding] = random() & 1n;
    } else if (p.kind === 'imm') operands[name] = { imm: randomImmediate(p) };
    else if (p.kind === 'sym') operands[name] = { sym: 'unreachable' };
    else if (p.kind === 'label') {
      // Well outside the form's own bytes (at most 8), forward or backward.
      const half = 2 ** (p.bits - 1);
      const offset = 16 + Number(random() % BigInt(half - 32));
      operands[name] = { label: (random() & 1n ? offset : -offset) & ~1 };
    } else throw new Error(`${form.name}: no random ${p.kind}`);
  }
  return { operands, hart };
}

/** What the semantics say happens. */
interface Expected {
  readonly values: Map<string, bigint>;
  readonly memory: SparseMemory;
  /** A br_if/jump was taken (to its label), or a trap/trap_if fired. */
  readonly taken: { label?: string; trap?: boolean } | undefined;
}

/** Evaluates the form's semantics over the hart's registers; undefined if an action traps. */
function evaluate(form: CompiledForm, c: Case): Expected | undefined {
  const memory = c.hart.memory.clone();
  const read = (name: string): bigint => {
    const input = c.operands[name]!;
    if ('imm' in input) return BigInt(input.imm);
    const reg = machine.registers.get((input as { reg: string }).reg)!;
    const file = machine.classes.get('fpr')!.registers.includes(reg.name) ? c.hart.f : c.hart.x;
    return file[reg.encoding]!;
  };
  const out = evaluateSemantics(form, read, memory);
  if (out.trapped !== undefined) return undefined;
  const taken =
    out.control?.kind === 'jump'
      ? { label: out.control.label }
      : out.control?.kind === 'trap'
        ? { trap: true }
        : undefined;
  return { values: new Map(out.values), memory, taken };
}

function outputRegister(form: CompiledForm, c: Case, value: string) {
  const where = form.outputs.get(value)!;
  const reg =
    where.kind === 'reg'
      ? where.reg
      : machine.registers.get((c.operands[where.param] as { reg: string }).reg)!;
  const p = where.kind === 'param' ? form.params[where.param] : undefined;
  const width = p && (p.kind === 'reg' || p.kind === 'fixed') ? p.width : reg.width;
  return { reg, width, fpr: machine.classes.get('fpr')!.registers.includes(reg.name) };
}

/** Compares hardware and semantics for one case; returns a problem or undefined. */
function check(
  form: CompiledForm,
  c: Case,
  expected: Expected,
  code: number[],
): string | undefined {
  const before = { x: [...c.hart.x], f: [...c.hart.f] };
  const hart = c.hart;
  hart.run(code);
  const written = new Set<string>();
  for (const [value, v] of expected.values) {
    if (!form.outputs.has(value)) continue;
    const { reg, width, fpr } = outputRegister(form, c, value);
    written.add(reg.name);
    if (!fpr && reg.encoding === 0) continue; // x0 discards
    const actual = fpr ? hart.f[reg.encoding]! : hart.x[reg.encoding]!;
    // A 1-bit value must be exactly 0 or 1 in the register; narrower ints compare their low bits.
    const seen = !fpr && width === 1 ? actual : wrap(actual, width);
    const same = seen === v || (fpr && isNaNPattern(seen, width) && isNaNPattern(v, width));
    if (!same)
      return `%${value} in ${reg.name}: semantics ${v.toString(16)}, hardware ${seen.toString(16)}`;
    if (fpr && width === 32 && actual >> 32n !== 0xffffffffn)
      return `${reg.name}: f32 not NaN-boxed`;
  }
  for (let r = 0; r < 32; r++) {
    const xn = machine.classes.get('gpr')!.registers[r]!;
    const fn = machine.classes.get('fpr')!.registers[r]!;
    const clobbered = form.clobbers.some((k) => k.name === xn);
    if (!written.has(xn) && !clobbered && hart.x[r] !== before.x[r]) return `${xn} changed`;
    if (!written.has(fn) && hart.f[r] !== before.f[r]) return `${fn} changed`;
  }
  const addresses = new Set([...expected.memory.written.keys(), ...hart.memory.written.keys()]);
  // The 16 bytes below sp are free (the psABI keeps no red zone): the forms
  // that move an f64 to or from a pair of x registers go through them.
  const sp = Number(before.x[machine.registers.get('sp')!.encoding]!);
  const scratch = (a: number) => {
    const below = (sp - a) >>> 0;
    return below >= 1 && below <= 16 && !expected.memory.written.has(a);
  };
  for (const a of addresses) {
    if (scratch(a)) continue;
    if (expected.memory.byte(a) !== hart.memory.byte(a))
      return `memory at ${a.toString(16)} differs`;
  }
  const taken = expected.taken;
  if (taken?.trap) {
    if (hart.stopped !== 'ebreak') return 'semantics trap, hardware does not';
  } else if (hart.stopped !== undefined)
    return `hardware stops (${hart.stopped}), semantics do not trap`;
  const target = taken?.label
    ? (c.operands[taken.label] as { label: number }).label
    : taken?.trap
      ? undefined
      : code.length;
  if (target !== undefined && hart.pc !== target) return `pc ${hart.pc}, semantics say ${target}`;
  return undefined;
}

const emulated = machine.forms.filter((f) => !NOT_EMULATED.includes(f.name));

test('only the forms that depend on pc, callees or the environment are not emulated', () => {
  expect(
    machine.forms
      .filter((f) => NOT_EMULATED.includes(f.name))
      .map((f) => f.name)
      .sort(),
  ).toEqual([...NOT_EMULATED].sort());
});

test.each(emulated.map((f) => [f.name, f] as const))('%s: semantics = hardware', (_name, form) => {
  let compared = 0;
  let trapped = 0;
  const problems: string[] = [];
  for (let k = 0; k < CASES && problems.length < 3; k++) {
    const c = randomCase(form);
    let code: number[];
    try {
      code = encodeForm(machine, form, c.operands).bytes;
    } catch (e) {
      if (e instanceof EncodeError) continue; // a label offset the form cannot reach
      throw e;
    }
    const expected = evaluate(form, c);
    if (expected === undefined) {
      trapped++;
      continue;
    }
    compared++;
    const problem = check(form, c, expected, code);
    if (problem)
      problems.push(
        `${JSON.stringify(c.operands, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}: ${problem}`,
      );
  }
  expect(problems).toEqual([]);
  expect(compared).toBeGreaterThan(CASES / 10);
  // Inputs where Low IR traps but the hardware does not are documented.
  if (trapped > 0) expect(form.def.note).toBeDefined();
});
