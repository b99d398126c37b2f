/**
 * The design's boundary: no ISA knowledge in packages/. No source file under
 * packages/*\/src may name a register, a register view or a mnemonic of a
 * shipped machine definition, or an ISA by name, outside comments. (Words that
 * are also Low IR opcodes or plain programming words are allowed.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadedMachine, loadMachine } from '@lirc/asmquery';
import { STANDARD_REGISTRY } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The one file allowed to name machines: the CLI's table from `--target`
 * names to machine-definition packages (it holds no ISA knowledge, only the
 * mapping; every other package takes a loaded definition).
 */
const TARGET_TABLE = 'cli/src/targets.ts';
const MACHINES: LoadedMachine[] = [loadMachine(riscv32), loadMachine(x86_64)];

/** Generic words that happen to be register names or mnemonics too. */
const GENERIC = new Set([
  'zero',
  'sp',
  'ra',
  'call',
  'test',
  'j',
  'li',
  'mv',
  'ret',
  'ecall',
  'fp',
  'rem',
]);
const ISA_WORDS = [
  'x86',
  'x86_64',
  'x64',
  'amd64',
  'riscv',
  'riscv32',
  'rv32',
  'rv32i',
  'modrm',
  'sib',
  'rex',
];

function forbiddenWords(): Set<string> {
  const words = new Set<string>(
    ISA_WORDS.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]),
  );
  words.add('ModRM');
  for (const m of MACHINES) {
    for (const r of m.def.registers) {
      words.add(r.name.toLowerCase());
      for (const v of Object.values(r.views ?? {})) words.add(v.toLowerCase());
    }
    for (const f of m.forms) {
      for (const line of f.def.asm.split('\n'))
        words.add(line.trim().split(/\s+/)[0]!.toLowerCase());
    }
  }
  for (const spec of STANDARD_REGISTRY.all()) words.delete(spec.opcode);
  for (const w of GENERIC) words.delete(w);
  return words;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The code of a file without its comments. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

test('no ISA names in packages/*/src', () => {
  const words = forbiddenWords();
  expect(words.has('rax') || words.has('a0')).toBe(true); // the list is not empty
  const hits: string[] = [];
  for (const pkg of readdirSync(PACKAGES)) {
    const src = join(PACKAGES, pkg, 'src');
    if (!statSync(join(PACKAGES, pkg)).isDirectory()) continue;
    let files: string[] = [];
    try {
      files = sourceFiles(src);
    } catch {
      continue;
    }
    for (const file of files) {
      if (file.slice(PACKAGES.length) === TARGET_TABLE) continue;
      const lines = code(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, k) => {
        // Names after a dot are properties or file extensions (`list.push`, `./x.js`);
        // the check is case-sensitive (ISA names are lower case; `CMP` is a constant).
        for (const m of line.matchAll(/(?<![.\w])[A-Za-z_][A-Za-z0-9_]*/g)) {
          if (words.has(m[0])) hits.push(`${file.slice(PACKAGES.length)}:${k + 1}: ${m[0]}`);
        }
      });
    }
  }
  expect(hits).toEqual([]);
});
