/**
 * The example uses LIRC as an outside compiler would: every import in its
 * sources is a Node built-in, a file of the example itself, or the public
 * entry point of a package it depends on (a bare package name: never a
 * path into a package's src/ or dist/, nor a relative path out of the
 * example).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = join(ROOT, 'src');

/** The example's declared dependencies (package.json). */
const DEPENDENCIES: ReadonlySet<string> = new Set(
  Object.keys(
    (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  ),
);

/** Every module specifier of `text`: import/export … from, import(…), require(…). */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of text.matchAll(p)) found.push(m[1]!);
  return found;
}

/** Why `specifier`, imported by `file` (absolute), is not allowed; undefined when it is. */
export function badImport(specifier: string, file: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return relative(SOURCES, target).startsWith('..')
      ? 'a relative path out of the example'
      : undefined;
  }
  if (DEPENDENCIES.has(specifier)) return undefined;
  const pkg = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  if (DEPENDENCIES.has(pkg)) return `a path inside ${pkg} (use its public entry point '${pkg}')`;
  return 'not a dependency of the example';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('imports', () => {
  test('the sources import only public entry points of their dependencies', () => {
    const files = sourceFiles(SOURCES);
    expect(files.length).toBeGreaterThan(5);
    const bad = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8')).flatMap((s) => {
        const why = badImport(s, file);
        return why === undefined ? [] : [`${relative(ROOT, file)}: '${s}': ${why}`];
      }),
    );
    expect(bad).toEqual([]);
  });

  test('the check catches internal paths, dist paths, paths out of the example and undeclared packages', () => {
    const file = join(SOURCES, 'x.ts');
    const text = [
      "import { ModuleCompiler } from '@lirc/core/src/compiler/module.js';",
      "import type { Value } from '@lirc/low-ir/dist/builder.js';",
      "export { x } from '../../../packages/core/src/index.js';",
      "const w = await import('@lirc/wasm');",
      "import { ok } from './ok.js';",
      "import { readFileSync } from 'node:fs';",
      "import { Matcher } from '@lirc/asmquery';",
    ];
    expect(text.flatMap((line) => specifiers(line)).map((s) => badImport(s, file))).toEqual([
      "a path inside @lirc/core (use its public entry point '@lirc/core')",
      "a path inside @lirc/low-ir (use its public entry point '@lirc/low-ir')",
      'a relative path out of the example',
      'not a dependency of the example',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
