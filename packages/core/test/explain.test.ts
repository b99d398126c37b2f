/**
 * The explain recorder (CompilerOptions.explain, ExplainCollector): what it
 * records on inputs whose outcome is known (register pressure spills, a
 * constant too wide for an immediate, the pair stage rewriting 64-bit
 * actions), and that it does not change the code: every golden input gives
 * the same bytes and listing with and without it, on both machines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedMachine } from '@lirc/asmquery';
import { ExplainCollector, type FunctionExplanation, ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { RV, X86 } from './helpers/targets.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function source(machine: LoadedMachine, file: string): string {
  return readFileSync(join(GOLDEN, file), 'utf8').replace(
    /^module ptr\d+/m,
    `module ptr${machine.def.pointerWidth}`,
  );
}

function compile(machine: LoadedMachine, text: string, explain?: ExplainCollector) {
  const mc = new ModuleCompiler(machine, {
    checkInvariant: true,
    listing: true,
    ...(explain ? { explain: explain.recorder } : {}),
  });
  parseLir(text, mc, { file: 'test.lir' });
  return mc.functions;
}

function explain(machine: LoadedMachine, text: string): FunctionExplanation[] {
  const collector = new ExplainCollector();
  compile(machine, text, collector);
  return collector.functions;
}

describe.each([X86, RV])('$def.name', (machine) => {
  const inputs = readdirSync(GOLDEN).filter((f) => f.endsWith('.lir'));

  test.each(inputs)('the recorder does not change the code of %s', (file) => {
    const text = source(machine, file);
    const plain = compile(machine, text);
    const collector = new ExplainCollector();
    const explained = compile(machine, text, collector);
    expect(explained.map((f) => f.name)).toEqual(plain.map((f) => f.name));
    explained.forEach((f, k) => {
      expect(Buffer.from(f.code).toString('hex')).toBe(Buffer.from(plain[k]!.code).toString('hex'));
      expect(f.listing).toBe(plain[k]!.listing);
    });
    // And what it recorded is that code: the instructions' bytes put together.
    collector.functions.forEach((e, k) => {
      expect(e.name).toBe(plain[k]!.name);
      const bytes = Buffer.concat(e.instructions.map((i) => i.bytes));
      expect(bytes.toString('hex')).toBe(Buffer.from(plain[k]!.code).toString('hex'));
      expect(e.listing).toBe(plain[k]!.listing);
    });
  });

  test('register pressure: spills and reloads, with why, and the locations after them', () => {
    const [f] = explain(machine, source(machine, 'pressure.lir'));
    const spills = f!.instructions.filter((i) => i.role === 'spill');
    const reloads = f!.instructions.filter((i) => i.role === 'reload');
    if (machine === X86) {
      // x86_64 has 15 allocatable registers for 21 values live at once.
      expect(spills.length).toBeGreaterThan(0);
      expect(reloads.length).toBeGreaterThan(0);
      for (const s of spills) {
        expect(s.move?.to.kind).toBe('stack');
        expect(s.move?.why).toMatch(/no register free, spilled to the stack/);
      }
      // After a spill settles, the spilled value is in its slot.
      const spilled = spills[0]!.move!.value!;
      const next = f!.instructions[f!.instructions.indexOf(spills[0]!) + 1]!;
      const where = next.live?.find((v) => v.name === spilled);
      expect(where?.locations.some((l) => l.kind === 'stack')).toBe(true);
    }
    // Every chosen instruction covers actions of the list and says where live values are.
    const chosen = f!.instructions.filter((i) => i.role === 'instruction');
    expect(chosen.length).toBeGreaterThanOrEqual(f!.inputs.length - 1);
    for (const i of chosen) {
      expect(i.covers.length).toBeGreaterThan(0);
      expect(i.live).toBeDefined();
      const defined = f!.actions[i.covers.at(-1)!]!.text.match(/^(%\w+)/)?.[1];
      if (defined && !/^%s20/.test(defined)) expect(i.live!.map((v) => v.name)).toContain(defined);
    }
  });

  test('candidates: the chosen one, and losers each with a reason', () => {
    const [f] = explain(machine, source(machine, 'pressure.lir'));
    const decided = f!.instructions.filter((i) => i.candidates !== undefined);
    expect(decided.length).toBeGreaterThan(0);
    for (const i of decided) {
      const won = i.candidates!.filter((c) => c.lost === undefined);
      expect(won.map((c) => c.form)).toEqual([i.form]);
    }
    const losers = decided.flatMap((i) => i.candidates!.filter((c) => c.lost !== undefined));
    if (machine === X86) {
      expect(losers.length).toBeGreaterThan(0);
      expect(losers.map((c) => c.lost).join('\n')).toMatch(/costlier \(\d/);
    }
  });
});

test('riscv32: a constant beyond addi reaches it as a rejection with the range', () => {
  const text = `module ptr32
func @f(%x: 32) -> (32) {
  %y = add.32 %x, 5000
  return %y
}
`;
  const [f] = explain(RV, text);
  const add = f!.instructions.find((i) =>
    i.covers.some((k) => /add\.32/.test(f!.actions[k]!.text)),
  );
  const reasons = add!.rejected!.map((r) => `${r.form}: ${r.reason}`).join('\n');
  expect(reasons).toMatch(
    /addi: operand constraint: \w+ needs an immediate in \[-2048, 2047\]; 5000 is not/,
  );
  // The constant went to a register first: a move whose reason names the form.
  const moves = f!.instructions.filter((i) => i.role === 'move');
  expect(moves.some((m) => m.move?.why !== undefined)).toBe(true);
});

test('riscv32: the pair stage rewrites 64-bit actions, and both are shown', () => {
  const [f] = explain(RV, source(RV, 'pairs64.lir'));
  const add = f!.inputs.find((i) => i.text.includes('add.64'))!;
  expect(add.compiled.length).toBeGreaterThan(1);
  expect(add.compiled.map((k) => f!.actions[k]!.text).join('\n')).toMatch(/add\.32/);
});
