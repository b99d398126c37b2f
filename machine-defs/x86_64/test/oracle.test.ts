/**
 * Every x86_64 form, encoded with many operand combinations, agrees with
 * llvm-mc both ways (assemble our text → our bytes; disassemble our bytes →
 * our text). Branch forms are checked by disassembly only (llvm-mc does not
 * assemble numeric branch offsets on x86).
 */
import { loadMachine, runOracle } from '@lirc/asmquery';
import { x86_64 } from '@lirc/machine-x86_64';

test('llvm-mc agrees with every form', () => {
  const report = runOracle(loadMachine(x86_64));
  console.log(report.summary);
  expect(report.formsWithoutCases).toEqual([]);
  expect(report.failures.slice(0, 20)).toEqual([]);
  expect(report.failures).toHaveLength(0);
  expect(report.cases).toBeGreaterThan(report.forms);
});
