/**
 * Every x86_64 form, encoded with many operand combinations, agrees with
 * llvm-mc both ways (assemble our text → our bytes; disassemble our bytes →
 * our text). Branch forms are checked by disassembly only (llvm-mc does not
 * assemble numeric branch offsets on x86: `jmp 14` is an invalid operand),
 * but a label in a [rip + disp32] operand is assembled too: llvm-mc reads
 * `lea rax, [rip + 14]` as the displacement it encodes.
 */
import { type CompiledForm, loadMachine, runOracle } from '@lirc/asmquery';
import { x86_64 } from '@lirc/machine-x86_64';

/** Forms with a label in the rm format's `rip` field (lea r64, [rip + label]). */
const ripLabel = (form: CompiledForm) =>
  form.encodings.some(
    (e) => typeof e.fields.rip === 'string' && form.params[e.fields.rip]?.kind === 'label',
  );

test('llvm-mc agrees with every form', () => {
  const machine = loadMachine(x86_64);
  const report = runOracle(machine, { assembleLabels: ripLabel });
  console.log(report.summary);
  expect(machine.forms.filter(ripLabel).map((f) => f.name)).toEqual(['lea r64, [rip + label]']);
  expect(report.formsWithoutCases).toEqual([]);
  expect(report.failures.slice(0, 20)).toEqual([]);
  expect(report.failures).toHaveLength(0);
  expect(report.cases).toBeGreaterThan(report.forms);
});
