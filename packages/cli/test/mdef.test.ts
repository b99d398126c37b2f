/**
 * `lirc mdef check`: both shipped machine definitions have a form for every
 * generic action LIRC needs (exit 0, text and JSON); a copy of one without
 * its jump form reports that action missing (exit 1); a definition the
 * schema rejects, a folder that is no machine package and an unbuilt one
 * give one clear error naming the file (exit 1, no stack trace). The
 * shipped definitions are loaded from their built entries (dist/).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lirc, tempDir } from './helpers.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MACHINES = ['x86_64', 'riscv32'] as const;
const RISCV_ENTRY = pathToFileURL(join(REPO, 'machine-defs/riscv32/dist/index.js')).href;

const dir = tempDir();
afterAll(() => dir.remove());

/** A machine package in the temp dir whose entry is `source` (JavaScript). */
function fixture(name: string, source: string, main = 'index.js'): string {
  const folder = join(dir.path, name);
  mkdirSync(folder);
  dir.write(`${name}/package.json`, JSON.stringify({ type: 'module', main }));
  if (source !== '') dir.write(`${name}/${main}`, source);
  return folder;
}

describe('lirc mdef check', () => {
  test.each(MACHINES)('%s: every generic action has a form (exit 0)', async (name) => {
    const run = await lirc('mdef', 'check', join(REPO, 'machine-defs', name));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/generic actions LIRC needs: (\d+) of \1 have a form/);
    expect(run.stdout).toContain(`ok: ${name} has a form for every generic action LIRC needs`);
    expect(run.stdout).not.toContain('MISSING');
    expect(run.stdout).toMatch(/^ {2}jump +\d+ form\(s\)/m);
    expect(run.stdout).toMatch(/^forms per family:\n {2}\S+: \d+/m);
  });

  test.each(MACHINES)('%s: --json gives the same report as data', async (name) => {
    const run = await lirc('mdef', 'check', join(REPO, 'machine-defs', name), '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      machine: string;
      forms: number;
      families: Record<string, number>;
      generic: { shape: string; forms: string[] }[];
      missingGeneric: string[];
      actions: { action: string; forms: number }[];
      covered: number;
    };
    expect(report.machine).toBe(name);
    expect(report.missingGeneric).toEqual([]);
    const shapes = report.generic.map((g) => g.shape);
    for (const shape of ['jump', 'br_if', 'call', 'return', 'trap'])
      expect(shapes).toContain(shape);
    expect(report.generic.every((g) => g.forms.length > 0)).toBe(true);
    expect(Object.values(report.families).reduce((a, b) => a + b, 0)).toBe(report.forms);
    expect(report.actions.find((a) => a.action === 'add.32')!.forms).toBeGreaterThan(0);
    expect(report.covered).toBe(report.actions.filter((a) => a.forms > 0).length);
  });

  test('a copy without its jump form reports the missing generic action (exit 1)', async () => {
    const folder = fixture(
      'no-jump',
      `import { riscv32 } from '${RISCV_ENTRY}';
export const noJump = { ...riscv32, name: 'riscv32-no-jump', forms: riscv32.forms.filter((f) => f.name !== 'j') };
`,
    );
    const run = await lirc('mdef', 'check', folder);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}jump +MISSING/m);
    expect(run.stdout).toContain(
      'error: riscv32-no-jump: no form for 1 generic action(s) LIRC needs: jump',
    );
    const json = await lirc('mdef', 'check', folder, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).missingGeneric).toEqual(['jump']);
  });

  test('a definition the schema rejects: the error names the file and the field', async () => {
    const folder = fixture(
      'bad-width',
      `import { riscv32 } from '${RISCV_ENTRY}';
export const bad = { ...riscv32, name: 'bad', pointerWidth: 48 };
`,
    );
    const run = await lirc('mdef', 'check', folder);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: .*bad-width\/index\.js: invalid machine definition:\n/);
    expect(run.stderr).toContain('pointerWidth');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('folders that are not (built) machine definitions give one clear error', async () => {
    const cases: [string, RegExp][] = [
      [join(dir.path, 'nothing-here'), /nothing-here: no such directory/],
      [join(REPO, 'examples'), /examples: not a machine definition package \(no package\.json/],
      [join(REPO, 'packages/low-ir'), /low-ir\/dist\/index\.js: exports no machine definition/],
      [
        fixture('unbuilt', '', 'dist/index.js'),
        /unbuilt\/dist\/index\.js: no such file \(the package entry; is it built\?/,
      ],
      [fixture('broken-js', 'export const = ;\n'), /broken-js\/index\.js: cannot be loaded: /],
    ];
    for (const [folder, message] of cases) {
      const run = await lirc('mdef', 'check', folder);
      expect({ folder, code: run.code, stdout: run.stdout }).toEqual({
        folder,
        code: 1,
        stdout: '',
      });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
