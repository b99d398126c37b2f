/**
 * @lirc/cli: the `lirc` command-line tool as a library. `runCli(argv, io)`
 * runs it in-process and returns the exit status; bin.ts wires it to process.
 */
export type { CliIo } from './io.js';
export { CliError, ExitCode } from './io.js';
export { createProgram, runCli } from './program.js';
