/**
 * Golden files: for each `.lir` in test/golden/, the assembly LIRC emits for
 * each machine, next to the input as `<name>.<machine>.s`. Reviewers read
 * these to see what the compiler does; a change in the output fails the test
 * until the files are refreshed with the bless flag:
 *
 *   BLESS=1 .tools/node_modules/.bin/pnpm --filter @lirc/core test golden
 *
 * (or `pnpm --filter @lirc/core bless`). The inputs use no pointers, so the
 * test sets the module's pointer width to the machine's (`module ptr32` in
 * the file becomes `module ptr64` for x86_64).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedMachine } from '@lirc/asmquery';
import { ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { RV, X86 } from './helpers/targets.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const BLESS = process.env.BLESS === '1';
const INPUTS = readdirSync(DIR)
  .filter((f) => f.endsWith('.lir'))
  .sort();

function listing(machine: LoadedMachine, file: string): string {
  const text = readFileSync(join(DIR, file), 'utf8').replace(
    /^module ptr\d+/m,
    `module ptr${machine.def.pointerWidth}`,
  );
  const mc = new ModuleCompiler(machine, { checkInvariant: true, listing: true, file });
  parseLir(text, mc, { file });
  const body = mc.functions.map((f) => f.listing!).join('\n');
  return `; ${file} compiled for ${machine.def.name} by LIRC (BLESS=1 to refresh)\n${body}`;
}

test('there are golden inputs', () => {
  expect(INPUTS.length).toBeGreaterThanOrEqual(5);
});

describe.each([X86, RV])('$def.name', (machine) => {
  test.each(INPUTS)('%s', (file) => {
    const actual = listing(machine, file);
    const expectedPath = join(DIR, file.replace(/\.lir$/, `.${machine.def.name}.s`));
    if (BLESS) {
      writeFileSync(expectedPath, actual);
      return;
    }
    if (!existsSync(expectedPath)) {
      throw new Error(`${expectedPath} does not exist: run the golden test with BLESS=1`);
    }
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
  });
});
