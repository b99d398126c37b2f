/**
 * Loading a machine definition folder for `lirc mdef check`, the way the
 * project loads machine packages: the folder's package.json names the
 * entry (`exports["."]`, else `main`: the built `dist/index.js`), which is
 * imported; its exported MachineDefinition is validated by AsmQuery's
 * loadMachine. Every problem is a CliError naming the file and the problem.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type LoadedMachine,
  loadMachine,
  type MachineDefinition,
  MachineDefinitionError,
} from '@lirc/asmquery';
import { readText } from './files.js';
import { CliError } from './io.js';

/** A loaded definition and where it came from. */
export interface MachineFolder {
  /** The folder as given. */
  readonly dir: string;
  /** The entry file that was imported. */
  readonly entry: string;
  readonly machine: LoadedMachine;
}

interface PackageJson {
  readonly name?: string;
  readonly main?: string;
  readonly exports?: string | { readonly '.'?: string | { readonly default?: string } };
}

/** The entry file the folder's package.json names (relative to the folder). */
function entryOf(pkg: PackageJson, file: string): string {
  const dot = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'];
  const entry = (typeof dot === 'string' ? dot : dot?.default) ?? pkg.main;
  if (entry === undefined) throw new CliError(`${file}: names no entry ("exports" or "main")`);
  return entry;
}

/** Whether `value` looks like a machine definition (the fields loadMachine starts from). */
function isDefinition(value: unknown): value is MachineDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && Array.isArray(v.forms) && Array.isArray(v.registers);
}

/** Loads and validates the machine definition in folder `dir`. Throws CliError. */
export async function loadMachineFolder(dir: string): Promise<MachineFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(`${dir}: no such directory`);
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile))
    throw new CliError(
      `${dir}: not a machine definition package (no package.json; see docs/adding-a-machine.md)`,
    );
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readText(pkgFile)) as PackageJson;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${pkgFile}: not valid JSON: ${(e as Error).message}`);
  }
  const entry = join(dir, entryOf(pkg, pkgFile));
  if (!existsSync(entry))
    throw new CliError(
      `${entry}: no such file (the package entry; is it built? run npx tsc -b${existsSync(join(dir, 'tsconfig.json')) ? '' : ', or name a built entry in package.json'})`,
    );
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(resolve(entry)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`${entry}: cannot be loaded: ${(e as Error).message}`);
  }
  const definitions = Object.values(exports).filter(isDefinition);
  if (definitions.length !== 1)
    throw new CliError(
      `${entry}: exports ${definitions.length === 0 ? 'no' : definitions.length} machine definition${definitions.length === 0 ? '' : 's'} (an object with name, registers and forms); a machine package exports exactly one`,
    );
  try {
    return {
      dir,
      entry: relative(process.cwd(), entry) || entry,
      machine: loadMachine(definitions[0]!),
    };
  } catch (e) {
    if (e instanceof MachineDefinitionError)
      throw new CliError(`${entry}: ${e.message.split('\n').join('\n  ')}`);
    throw new CliError(`${entry}: ${(e as Error).message}`);
  }
}
