/**
 * Every riscv32 form, encoded with many operand combinations, agrees with
 * llvm-mc both ways (assemble our text → our bytes; disassemble our bytes →
 * our text). The summary line gives the number of forms and encodings.
 */
import { loadMachine, runOracle } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';

test('llvm-mc agrees with every form', () => {
  const report = runOracle(loadMachine(riscv32));
  console.log(report.summary);
  expect(report.formsWithoutCases).toEqual([]);
  expect(report.failures.slice(0, 20)).toEqual([]);
  expect(report.failures).toHaveLength(0);
  expect(report.cases).toBeGreaterThan(report.forms);
});
