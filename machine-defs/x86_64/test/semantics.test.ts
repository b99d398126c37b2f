/**
 * What each form says in Low IR is what its bytes do on this machine: for
 * every form (but control flow and push/pop), random operands, registers,
 * flags and memory; the form's semantics are evaluated with the action
 * registry's evaluators (the reference meaning), its encoding runs natively
 * (test/native.ts), and then
 *
 * - every output agrees at its width (a 64-bit result in a 32-bit
 *   destination, such as zext.64.32 by `mov r32, r32`, on all 64 bits; a
 *   flag output as its condition of RFLAGS; float NaNs by NaN-ness),
 * - every other register is unchanged unless clobbered (all 64 bits, and
 *   the low 64 bits of xmm registers),
 * - RFLAGS is unchanged unless the form clobbers or defines flags,
 * - the memory window holds what the semantics stored.
 *
 * Inputs where a semantics action traps (div_u by 0, ftoi_s of NaN, x86_bsf
 * of 0) are skipped, and inputs where the hardware does something else that
 * Low IR does not trap on (idiv of INT_MIN by -1 for rem_s; 8/16-bit shifts
 * by cl ≥ the width) are guarded: either way the form must carry a note.
 * Memory operands get a base register that makes the address land in the
 * case's window. Runs only on x86-64 Linux.
 */
import {
  type CompiledForm,
  encodeForm,
  evaluateSemantics,
  type LoadedMachine,
  loadMachine,
  type OperandInput,
  type ParamDef,
  paramRegisters,
  type RegisterDef,
} from '@lirc/asmquery';
import { type MemoryAccess, wrap } from '@lirc/low-ir';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  canRunNative,
  layout,
  NativeCrash,
  type NativeResult,
  runNative,
  WINDOW,
} from './native.js';

const machine: LoadedMachine = loadMachine(x86_64);
const REGISTER_CASES = 40;
const MEMORY_CASES = 8;
/** Where memory operands point inside the window. */
const TARGET = 16n;

// ---------------------------------------------------------------------------
// Random inputs

let seed = 0x9e3779b97f4a7c15n;
function random(): bigint {
  seed ^= (seed << 13n) & 0xffffffffffffffffn;
  seed ^= seed >> 7n;
  seed ^= (seed << 17n) & 0xffffffffffffffffn;
  return seed;
}
const pick = <T>(xs: readonly T[]): T => xs[Number(random() % BigInt(xs.length))]!;

const INT_SPECIALS = [0n, 1n, 2n, 7n, 8n, 15n, 16n, 31n, 32n, 63n, 64n, 0x7fn, 0x80n, 0xffn];
function randomInt(width: number): bigint {
  const r = random() % 4n;
  const top = 1n << BigInt(width - 1);
  if (r === 0n) return pick(INT_SPECIALS);
  if (r === 1n) return pick([top - 1n, top, 2n * top - 1n, 2n * top - 2n, top + 1n]);
  return random();
}

const FLOAT_SPECIALS = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 3, 1e30, -1e-30, 2 ** 31, -(2 ** 31)];
const FLOAT_EXTRAS = [
  2 ** 63,
  -(2 ** 63),
  4294967296.5,
  -0.75,
  Number.MIN_VALUE,
  Infinity,
  -Infinity,
];
const scratch = new DataView(new ArrayBuffer(8));
function floatBits(v: number, width: number): bigint {
  if (width === 32) {
    scratch.setFloat32(0, v);
    return BigInt(scratch.getUint32(0));
  }
  scratch.setFloat64(0, v);
  return scratch.getBigUint64(0);
}
const NANS: Record<number, bigint[]> = {
  32: [0x7fc00000n, 0xffc00001n, 0x7f800001n],
  64: [0x7ff8000000000000n, 0xfff8000000000001n, 0x7ff0000000000001n],
};
function randomFloat(width: number): bigint {
  const r = random() % 8n;
  if (r === 0n) return pick(NANS[width]!);
  if (r <= 3n) return floatBits(pick([...FLOAT_SPECIALS, ...FLOAT_EXTRAS]), width);
  if (r === 4n) return wrap(random(), width);
  const v = Number(BigInt.asIntN(40, random())) / 2 ** Number(random() % 20n);
  return floatBits(v, width);
}
function isNaNPattern(v: bigint, width: number): boolean {
  const [e, f] = width === 32 ? [0x7f800000n, 0x7fffffn] : [0x7ff0000000000000n, 0xfffffffffffffn];
  return (v & e) === e && (v & f) !== 0n;
}

function randomImmediate(p: Extract<ParamDef, { kind: 'imm' }>): bigint {
  if (p.oneOf) return BigInt(pick(p.oneOf));
  const span = 1n << BigInt(p.bits);
  const lo = p.signed ? -(span / 2n) : 0n;
  const hi = lo + span - 1n;
  const r = random() % 4n;
  if (r === 0n) return pick([lo, hi, 0n, 1n].filter((v) => v >= lo && v <= hi));
  return lo + (random() % span);
}

// ---------------------------------------------------------------------------
// Registers and conditions

const GPRS = machine.def.registers.filter((r) => r.width === 64);
const XMMS = machine.def.registers.filter((r) => r.width === 128);
const isGpr = (r: RegisterDef) => r.width === 64;
const isXmm = (r: RegisterDef) => r.width === 128;
const isFlag = (r: RegisterDef) => r.name.startsWith('cc.');

const FLAG_BITS = { CF: 0, PF: 2, ZF: 6, SF: 7, OF: 11 } as const;
const FLAG_MASK = 0x8d5n;
function condition(flags: bigint, cc: string): bigint {
  const f = (b: keyof typeof FLAG_BITS) => (flags >> BigInt(FLAG_BITS[b])) & 1n;
  const [cf, pf, zf, sf, of] = [f('CF'), f('PF'), f('ZF'), f('SF'), f('OF')];
  const table: Record<string, bigint> = {
    o: of,
    no: 1n - of,
    b: cf,
    ae: 1n - cf,
    e: zf,
    ne: 1n - zf,
    be: cf | zf,
    a: 1n - (cf | zf),
    s: sf,
    ns: 1n - sf,
    p: pf,
    np: 1n - pf,
    l: sf ^ of,
    ge: 1n - (sf ^ of),
    le: zf | (sf ^ of),
    g: 1n - (zf | (sf ^ of)),
  };
  return table[cc.slice(3)]!;
}

// ---------------------------------------------------------------------------
// Cases

/**
 * Forms whose meaning involves control flow or the stack are not run here, nor those whose
 * actions have no evaluator (stack_pointer, label_addr, syscall: the machine decides).
 */
function runnable(form: CompiledForm): boolean {
  return (
    Object.values(form.params).every(
      (p) => p.kind !== 'label' && p.kind !== 'func' && p.kind !== 'sym',
    ) &&
    !Object.values(form.params).some((p) => p.kind === 'fixed' && p.reg === 'rsp') &&
    form.semantics.every((a) => a.spec.effects.control === 'none' && a.spec.evaluate !== undefined)
  );
}

const accessesMemory = (form: CompiledForm) =>
  form.semantics.some((a) => a.spec.effects.readsMemory || a.spec.effects.writesMemory);
const isFloatForm = (form: CompiledForm) => form.def.extension.startsWith('sse');

/**
 * Inputs where the hardware does something Low IR does not trap on (the
 * form's note says so): the case is not run.
 */
const GUARDS: [RegExp, (v: (param: string) => bigint, form: CompiledForm) => boolean][] = [
  // idiv faults on INT_MIN / -1, where rem_s gives 0.
  [
    /idiv/,
    (v, f) => {
      const w = (f.params.src as { width: number }).width;
      return v('lo') === 1n << BigInt(w - 1) && v('src') === (1n << BigInt(w)) - 1n;
    },
  ],
  // x86 masks an 8/16-bit shift count to 5 bits, Low IR takes it mod the width.
  [
    /^(shl|shr|sar) r(8|16), cl$/,
    (v, f) => {
      const w = (f.params.dst as { width: number }).width;
      return (v('count') & 31n) >= BigInt(w);
    },
  ],
];

class WindowError extends Error {}

interface Prepared {
  readonly form: CompiledForm;
  readonly operands: Record<string, OperandInput>;
  readonly gpr: bigint[];
  readonly xmm: bigint[];
  readonly flags: bigint;
  readonly window: Uint8Array;
  readonly windowAddress: bigint;
  readonly code: number[];
  readonly values: ReadonlyMap<string, bigint>;
  readonly memory: Uint8Array;
}

type Outcome = Prepared | 'trap' | 'guarded';

/** Random operands and state for `form`, and what the semantics say they give. */
function prepare(form: CompiledForm, windowAddress: bigint): Outcome {
  const gpr = GPRS.map(() => random());
  const xmm = XMMS.map(() => random());
  const flags = 2n | (random() & FLAG_MASK);
  const window = new Uint8Array(WINDOW).map(() => Number(random() & 0xffn));
  const operands: Record<string, OperandInput> = {};
  const chosen: Record<string, string> = {};
  for (const [name, p] of Object.entries(form.params)) {
    if (p.kind === 'imm') operands[name] = { imm: randomImmediate(p) };
    if (p.kind !== 'reg' && p.kind !== 'fixed') continue;
    // base and index are distinct registers (the base is solved from the index below).
    const choices = paramRegisters(p, machine.registers, machine.classes).filter(
      (r) =>
        r.name !== 'rsp' &&
        !(name === 'base' && r.name === chosen.index) &&
        !(name === 'index' && r.name === chosen.base),
    );
    const reg = pick(choices);
    chosen[name] = reg.name;
    operands[name] = { reg: reg.name };
    if (isGpr(reg))
      gpr[reg.encoding] =
        (random() & ~((1n << BigInt(p.width)) - 1n)) | wrap(randomInt(p.width), p.width);
    if (isXmm(reg))
      xmm[reg.encoding] = (random() & ~((1n << BigInt(p.width)) - 1n)) | randomFloat(p.width);
  }
  const immOf = (name: string) =>
    BigInt((operands[name] as { imm: bigint } | undefined)?.imm ?? 0n);
  const regOf = (name: string) => machine.registers.get((operands[name] as { reg: string }).reg)!;
  if (accessesMemory(form)) {
    const load = form.semantics.find(
      (a) => a.spec.effects.readsMemory || a.spec.effects.writesMemory,
    )!;
    if (isFloatForm(form)) {
      const w = load.widths.at(-1)!;
      const bits = randomFloat(w);
      for (let k = 0; k < w / 8; k++)
        window[Number(TARGET) + k] = Number((bits >> BigInt(8 * k)) & 0xffn);
    }
    const index = 'index' in form.params ? gpr[regOf('index').encoding]! : 0n;
    const base = windowAddress + TARGET - (index << immOf('shift')) - immOf('disp');
    gpr[regOf('base').encoding] = BigInt.asUintN(64, base);
  }

  const read = (name: string): bigint => {
    const p = form.params[name]!;
    const input = operands[name]!;
    const width = (p as { width: number }).width;
    if ('imm' in input) return wrap(BigInt(input.imm), width);
    const reg = regOf(name);
    if (isFlag(reg)) return condition(flags, reg.name);
    return wrap(isXmm(reg) ? xmm[reg.encoding]! : gpr[reg.encoding]!, width);
  };
  for (const [pattern, guard] of GUARDS) {
    if (pattern.test(form.name) && guard(read, form)) return 'guarded';
  }

  const memory = window.slice();
  const access: MemoryAccess = {
    load(address, bytes) {
      const at = Number(address - windowAddress);
      if (at < 0 || at + bytes > WINDOW)
        throw new WindowError(`load at ${address} outside the window`);
      let v = 0n;
      for (let k = bytes - 1; k >= 0; k--) v = (v << 8n) | BigInt(memory[at + k]!);
      return v;
    },
    store(address, bytes, value) {
      const at = Number(address - windowAddress);
      if (at < 0 || at + bytes > WINDOW)
        throw new WindowError(`store at ${address} outside the window`);
      for (let k = 0; k < bytes; k++) memory[at + k] = Number((value >> BigInt(8 * k)) & 0xffn);
    },
  };
  let outcome: ReturnType<typeof evaluateSemantics>;
  try {
    outcome = evaluateSemantics(form, read, access);
  } catch (e) {
    if (e instanceof WindowError) throw e;
    return 'trap';
  }
  if (outcome.trapped !== undefined) return 'trap';
  const values = outcome.values;
  const code = encodeForm(machine, form, operands).bytes;
  return { form, operands, gpr, xmm, flags, window, windowAddress, code, values, memory };
}

/** Compares what ran with what the semantics say; returns the problems. */
function check(c: Prepared, out: NativeResult): string[] {
  const { form } = c;
  const problems: string[] = [];
  const written = new Set<string>();
  for (const [value, where] of form.outputs) {
    const reg =
      where.kind === 'reg'
        ? where.reg
        : machine.registers.get((c.operands[where.param] as { reg: string }).reg)!;
    written.add(reg.name);
    const width = form.semantics.find((a) => a.result === value)!.resultWidth!;
    const expected = c.values.get(value)!;
    const actual = isFlag(reg)
      ? condition(out.flags, reg.name)
      : wrap(isXmm(reg) ? out.xmm[reg.encoding]! : out.gpr[reg.encoding]!, width);
    const same =
      actual === expected ||
      (isXmm(reg) && isNaNPattern(actual, width) && isNaNPattern(expected, width));
    if (!same)
      problems.push(
        `%${value} in ${reg.name}: semantics ${expected.toString(16)}, hardware ${actual.toString(16)}`,
      );
  }
  const clobbered = new Set(form.clobbers.map((r) => r.name));
  for (const r of GPRS) {
    if (r.name === 'rsp' || written.has(r.name) || clobbered.has(r.name)) continue;
    if (out.gpr[r.encoding] !== c.gpr[r.encoding]) problems.push(`${r.name} changed`);
  }
  for (const x of XMMS) {
    if (!written.has(x.name) && !clobbered.has(x.name) && out.xmm[x.encoding] !== c.xmm[x.encoding])
      problems.push(`${x.name} changed`);
  }
  const flagsWritten = [...written, ...clobbered].some((n) => n.startsWith('cc.'));
  if (!flagsWritten && (out.flags & FLAG_MASK) !== (c.flags & FLAG_MASK))
    problems.push('RFLAGS changed');
  for (let k = 0; k < WINDOW; k++) {
    if (out.window[k] !== c.memory[k]) {
      problems.push(`memory byte ${k}: semantics ${c.memory[k]}, hardware ${out.window[k]}`);
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Running

interface FormReport {
  compared: number;
  skipped: number;
  problems: string[];
}

const forms = machine.forms.filter(runnable);
const reports = new Map<string, FormReport>();

function runForms(group: readonly CompiledForm[]): void {
  // Plan case counts first: the layout (window addresses) depends on the total.
  const counts = group.map((f) => (accessesMemory(f) ? MEMORY_CASES : REGISTER_CASES));
  const total = counts.reduce((a, b) => a + b, 0);
  const { window } = layout(total);
  const cases: Prepared[] = [];
  let slot = 0;
  group.forEach((form, g) => {
    const report: FormReport = { compared: 0, skipped: 0, problems: [] };
    reports.set(form.name, report);
    for (let k = 0; k < counts[g]!; k++) {
      // A slot whose case is skipped stays unused (its window is simply not run).
      let outcome: Outcome = 'trap';
      for (let attempt = 0; attempt < 4 && typeof outcome === 'string'; attempt++) {
        outcome = prepare(form, window(slot));
        if (typeof outcome === 'string') report.skipped++;
      }
      if (typeof outcome !== 'string') cases.push(outcome);
      slot++;
    }
  });
  // Windows were assigned by slot; run every slot (skipped ones as empty cases).
  const bySlot = new Map(cases.map((c) => [c.windowAddress, c]));
  const all = Array.from({ length: total }, (_, k) => bySlot.get(window(k)));
  let results: NativeResult[];
  try {
    results = runNative(
      all.map((c) =>
        c
          ? { gpr: c.gpr, xmm: c.xmm, flags: c.flags, window: c.window, code: c.code }
          : {
              gpr: GPRS.map(() => 0n),
              xmm: XMMS.map(() => 0n),
              flags: 2n,
              window: new Uint8Array(WINDOW),
              code: [],
            },
      ),
    );
  } catch (e) {
    if (!(e instanceof NativeCrash)) throw e;
    if (group.length === 1) {
      reports.get(group[0]!.name)!.problems.push(`the cases crash: ${e.message}`);
      return;
    }
    for (const form of group) runForms([form]);
    return;
  }
  all.forEach((c, k) => {
    if (!c) return;
    const report = reports.get(c.form.name)!;
    report.compared++;
    for (const p of check(c, results[k]!)) {
      if (report.problems.length < 3) {
        const ops = JSON.stringify(c.operands, (_k, v) =>
          typeof v === 'bigint' ? v.toString() : v,
        );
        report.problems.push(`${ops}: ${p}`);
      }
    }
  });
}

const describeNative = canRunNative ? describe : describe.skip;

describeNative('semantics = hardware', () => {
  beforeAll(() => {
    for (let k = 0; k < forms.length; k += 150) runForms(forms.slice(k, k + 150));
  });

  test('only control flow, func_addr, push/pop and the host glue are not run', () => {
    const notRun = machine.forms.filter((f) => !runnable(f)).map((f) => f.name);
    const expected =
      /^(j|call|ret$|ud2$|push |pop |lea r64, \[rip \+ (func|label)\]$|mov r64, rsp$|syscall )/;
    expect(notRun.filter((n) => !expected.test(n))).toEqual([]);
  });

  test.each(forms.map((f) => [f.name, f] as const))('%s', (name, form) => {
    const report = reports.get(name)!;
    expect(report.problems).toEqual([]);
    expect(report.compared).toBeGreaterThan(0);
    if (report.skipped > 0) expect(form.def.note).toBeDefined();
  });
});
