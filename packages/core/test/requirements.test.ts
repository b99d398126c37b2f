/**
 * The generic actions LIRC needs of a machine (genericRequirements): each
 * shape names standard actions at allowed widths; both shipped machines
 * have a form for each; and the list is what compiling really asks for:
 * without the forms of one requirement, a small program that needs it
 * fails to compile with an error naming the missing action.
 */
import { loadMachine, type MachineDefinition } from '@lirc/asmquery';
import { CompileError, genericRequirements, ModuleCompiler } from '@lirc/core';
import { allowsWidths, parseLir, STANDARD_REGISTRY } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

const MACHINES: readonly MachineDefinition[] = [x86_64, riscv32];

/** The key of each action of a form's semantics, joined as in a requirement's shape. */
function shapesOf(def: MachineDefinition): Set<string> {
  return new Set(loadMachine(def).forms.map((f) => f.semantics.map((a) => a.key).join(' ; ')));
}

describe('genericRequirements', () => {
  test.each(MACHINES.map((d) => [d.name, d] as const))(
    '%s: every shape is standard actions at allowed widths, and has a form',
    (_name, def) => {
      const shapes = shapesOf(def);
      const requirements = genericRequirements(def);
      expect(requirements.length).toBeGreaterThanOrEqual(12);
      for (const r of requirements) {
        for (const key of r.shape) {
          const [opcode, ...widths] = key.split('.');
          const spec = STANDARD_REGISTRY.get(opcode!);
          expect({ key, known: spec !== undefined }).toEqual({ key, known: true });
          expect({ key, allowed: allowsWidths(spec!, widths.map(Number)) }).toEqual({
            key,
            allowed: true,
          });
        }
        expect({ shape: r.shape, found: shapes.has(r.shape.join(' ; ')) }).toEqual({
          shape: r.shape,
          found: true,
        });
      }
    },
  );

  test('riscv32 also needs 64-bit slot accesses: its callee-saved fs registers are 64-bit', () => {
    const shapes = genericRequirements(riscv32).map((r) => r.shape.join(' ; '));
    expect(shapes).toContain('add.32 ; store.64');
    expect(genericRequirements(x86_64).map((r) => r.shape.join(' ; '))).not.toContain(
      'add.64 ; store.32',
    );
  });

  // A program per requirement: compiling it asks for that action.
  const PROGRAMS: readonly [string, string][] = [
    [
      'jump',
      `func @loop(%n: 32) -> (32) {
  jump ^head(%n)
^head(%i: 32):
  %z = eqz.32 %i
  br_if %z, ^out(%i)
  %j = sub.32 %i, 1
  jump ^head(%j)
^out(%r: 32):
  return %r
}`,
    ],
    [
      'call',
      `func @id(%a: 32) -> (32) {
  return %a
}
func @f(%a: 32) -> (32) {
  %r: 32 = call @id(%a)
  return %r
}`,
    ],
    [
      'trap',
      `func @t(%a: 32) -> (32) {
  %z = eqz.32 %a
  br_if %z, ^bad
  return %a
^bad:
  trap unreachable
}`,
    ],
    [
      'return',
      `func @f(%a: 32) -> (32) {
  return %a
}`,
    ],
  ];

  test.each(PROGRAMS)(
    'riscv32 without its %s forms cannot compile a program that needs it',
    (opcode, text) => {
      const without = loadMachine({
        ...riscv32,
        forms: riscv32.forms.filter((f) => !new RegExp(`(^|\\s)${opcode}\\b`).test(f.semantics)),
      });
      const compile = (machine: ReturnType<typeof loadMachine>) => {
        const mc = new ModuleCompiler(machine, { file: 'test.lir' });
        parseLir(`module ptr32\n${text}`, mc, { file: 'test.lir' });
        return mc.functions.length;
      };
      expect(compile(loadMachine(riscv32))).toBeGreaterThan(0);
      expect(() => compile(without)).toThrow(CompileError);
      expect(() => compile(without)).toThrow(new RegExp(`no (instruction )?form for \`?${opcode}`));
    },
  );
});
