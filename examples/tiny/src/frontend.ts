/**
 * The front end of Tiny in one call (source text → checked syntax tree),
 * and the reference run: the program lowered into a Low IR module in memory
 * and run by @lirc/low-ir's interpreter, the oracle the compiled code is
 * tested against.
 */
import { Interpreter, type Module, ModuleCollector } from '@lirc/low-ir';
import type { Program } from './ast.js';
import { checkProgram } from './check.js';
import { lowerProgram } from './lower.js';
import { parse } from './parser.js';

/** Parses and checks the text of `file`; throws TinyError (file:line:col) on a problem. */
export function frontEnd(text: string, file: string): Program {
  const program = parse(text, file);
  checkProgram(program);
  return program;
}

/** The program as a Low IR module in memory (for the interpreter and for printing). */
export function toLowIr(program: Program, pointerWidth: 32 | 64 = 64): Module {
  const collector = new ModuleCollector();
  lowerProgram(program, collector, pointerWidth);
  return collector.result();
}

/** What a run of a Tiny function came to: its result, or the kind of trap it hit. */
export type Outcome =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'trap'; readonly trap: string };

/** Runs `entry(args)` in the Low IR reference interpreter. */
export function interpret(program: Program, entry: string, args: readonly number[]): Outcome {
  const run = new Interpreter(toLowIr(program)).call(entry, args);
  if (run.kind === 'trap') return { kind: 'trap', trap: run.trap };
  return { kind: 'value', value: Number(BigInt.asIntN(32, run.values[0]!)) };
}
