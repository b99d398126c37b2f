#!/usr/bin/env node
/**
 * The `tiny` command: compiles a Tiny program with LIRC and runs its `main`
 * (or prints the Low IR or the machine code).
 *
 *   node examples/tiny/dist/main.js prog.tiny [args...]          run main natively (x86_64)
 *   node examples/tiny/dist/main.js prog.tiny --target riscv32   run it under qemu-riscv32
 *   node examples/tiny/dist/main.js prog.tiny --interp           run it in the Low IR interpreter
 *   node examples/tiny/dist/main.js prog.tiny --emit lir|asm     print the Low IR or the assembly
 *
 * Prints main's result; a trap goes to stderr (exit 3), a problem with the
 * program as file:line:col (exit 1).
 */
import { readFileSync } from 'node:fs';
import { printToString } from '@lirc/low-ir';
import { compileProgram } from './compile.js';
import { TinyError } from './errors.js';
import { frontEnd, interpret, type Outcome } from './frontend.js';
import { lowerProgram } from './lower.js';
import { runCompiled } from './run.js';
import { TARGET_NAMES, targetMachine } from './targets.js';

const USAGE = `usage: tiny <file.tiny> [args...] [--target ${TARGET_NAMES.join('|')}] [--interp] [--entry name] [--emit lir|asm]`;

interface Options {
  file: string;
  args: number[];
  target: string;
  entry: string;
  interp: boolean;
  emit: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    file: '',
    args: [],
    target: 'x86_64',
    entry: 'main',
    interp: false,
    emit: undefined,
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--target') options.target = value();
    else if (a === '--entry') options.entry = value();
    else if (a === '--emit') options.emit = value();
    else if (a === '--interp') options.interp = true;
    else if (options.file === '') options.file = a;
    else if (/^-?\d+$/.test(a)) options.args.push(Number(a) | 0);
    else throw new Error(`bad argument '${a}' (arguments are integers)\n${USAGE}`);
  }
  if (options.file === '') throw new Error(USAGE);
  return options;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const program = frontEnd(readFileSync(options.file, 'utf8'), options.file);
  if (options.emit === 'lir') {
    process.stdout.write(printToString((sink) => lowerProgram(program, sink, 64)));
    return 0;
  }
  if (options.emit === 'asm') {
    const compiled = compileProgram(program, targetMachine(options.target), { listing: true });
    for (const f of compiled.functions) process.stdout.write(`${f.name}:\n${f.listing ?? ''}\n`);
    return 0;
  }
  if (options.emit !== undefined) throw new Error(`--emit takes lir or asm\n${USAGE}`);
  const outcome: Outcome = options.interp
    ? interpret(program, options.entry, options.args)
    : (await runCompiled(program, options.target, options.entry, [options.args]))[0]!;
  if (outcome.kind === 'trap') {
    process.stderr.write(`trap: ${outcome.trap}\n`);
    return 3;
  }
  process.stdout.write(`${outcome.value}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${e instanceof TinyError ? '' : 'tiny: '}${message}\n`);
    process.exitCode = 1;
  },
);
