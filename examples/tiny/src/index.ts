/**
 * @lirc/example-tiny: the Tiny compiler as a library (the `tiny` command is
 * main.ts). Pipeline: frontEnd (lexer, parser, name checks) → lowerProgram
 * (Low IR through @lirc/low-ir's builder, into any sink) → compileProgram
 * (@lirc/core) → runCompiled (natively or under the target's emulator);
 * interpret runs the same Low IR in the reference interpreter.
 */

export type { BinaryOp, Expr, FnDecl, Program, Stmt } from './ast.js';
export { checkProgram } from './check.js';
export type { CompiledProgram, CompileOptions } from './compile.js';
export { compileProgram } from './compile.js';
export type { Pos } from './errors.js';
export { TinyError } from './errors.js';
export type { Outcome } from './frontend.js';
export { frontEnd, interpret, toLowIr } from './frontend.js';
export type { Token } from './lexer.js';
export { KEYWORDS, tokenize } from './lexer.js';
export { lowerProgram, WIDTH } from './lower.js';
export { parse } from './parser.js';
export { runCompiled } from './run.js';
export { runEmulated } from './run-emulated.js';
export { runNative } from './run-native.js';
export { runsNatively, TARGET_NAMES, targetMachine } from './targets.js';
