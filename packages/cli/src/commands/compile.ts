/**
 * `lirc compile <input> --target <name> [--emit obj|asm|bin] [-o out]
 * [--stats]`: compile a WebAssembly module (.wasm or .wat) or a Low IR
 * module (.lir) for a target without running it. `--emit` chooses what `-o`
 * gets: a relocatable ELF object (`obj`, the default; objects.ts says what
 * is in it), assembly text that the platform's assembler turns into the
 * same code and symbols (`asm`; on stdout without -o), or the linked
 * machine code as one flat binary (`bin`: the functions, each at a 16-byte
 * boundary).
 * `--stats` prints sizes and the time of each phase on stderr.
 */
import type { CompiledFunction, CompiledModule, ElfObjectOptions } from '@lirc/core';
import { writeAssembly, writeElfObject } from '@lirc/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { checkWritable, writeBytes } from '../files.js';
import { isLirFile } from '../inputs.js';
import { compileLir } from '../lir-compile.js';
import { readModule } from '../load.js';
import { lirObjectOptions, wasmObjectOptions } from '../objects.js';
import { compileProgress, jsonStatsOption, type Progress, quietOption } from '../progress.js';
import { targetMachine, targetOption } from '../targets.js';
import { compileWasm } from '../wasm-compile.js';
import { userError } from '../wasm-errors.js';
import { loadWasm } from '../wasm-load.js';
import { formatStats } from '../wasm-stats.js';

/** What `--emit` accepts. */
const EMIT_KINDS = ['obj', 'asm', 'bin'] as const;
type EmitKind = (typeof EMIT_KINDS)[number];

interface CompileOptions {
  target: string;
  emit: EmitKind;
  output?: string;
  optimize?: boolean;
  stats?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Shown after the options in `lirc compile --help`. */
const HELP_NOTES = `
--emit obj (the default) writes a relocatable ELF object of the target's
class and machine (link it with the target's C compiler and linker: see
docs/objects.md). A .lir module gives one global symbol per function, called with the
target's C calling convention, and its memory image as lirc_memory. A
WebAssembly module gives one symbol per exported function (taking the
instance context first), wasm_init and wasm_data. docs/objects.md has the
contract. --emit asm writes the same as assembly text in the syntax of the
target's assembler, which llvm-mc (and GNU as, for the host) assembles to the
same .text bytes; without -o it goes to stdout. --emit bin writes the linked
machine code alone (no header, calls between functions resolved; a call to
an extern is left as zeros).

Without -o, obj and bin write nothing (the module is still compiled, so
errors and --stats show).

Exit status: 0 ok; 1 invalid or unsupported module; 2 usage error (also an
-o that cannot be written).`;

/** A compiled input: the linked code, what the object holds besides it, and figures. */
interface Compiled {
  readonly code: CompiledModule;
  readonly functions: readonly CompiledFunction[];
  readonly object: () => ElfObjectOptions;
  readonly stats: () => string;
}

/** Adds the `compile` subcommand to `program`. */
export function registerCompile(program: Command, ctx: CliContext): void {
  program
    .command('compile')
    .description('compile a WebAssembly or Low IR module to an object or machine code for a target')
    .argument('<input>', 'WebAssembly module (.wasm, .wat) or Low IR module (.lir)')
    .addOption(targetOption())
    .addOption(
      new Option(
        '--emit <kind>',
        'what to write: obj (ELF object), asm (assembly) or bin (raw code)',
      )
        .choices(EMIT_KINDS)
        .default('obj'),
    )
    .option('-o, --output <file>', 'write the output to <file>')
    .option('-O, --optimize', "run binaryen's optimizer on a WebAssembly module first")
    .option('--stats', 'print sizes and times per phase on stderr')
    .addOption(jsonStatsOption())
    .addOption(quietOption())
    .addHelpText('after', HELP_NOTES)
    .action(async (file: string, options: CompileOptions) => {
      if (options.output !== undefined) checkWritable(options.output, '-o');
      const progress = compileProgress(
        ctx.io,
        `compiling for ${options.target}`,
        options.quiet ?? false,
      );
      let compiled: Compiled;
      try {
        compiled = isLirFile(file)
          ? compileLirInput(file, options, progress)
          : await compileWasmInput(file, options, progress);
      } finally {
        progress.finish();
      }
      const machine = targetMachine(options.target);
      let bytes: Uint8Array | string;
      try {
        if (options.emit === 'bin') bytes = compiled.code.code;
        else if (options.emit === 'obj')
          bytes = writeElfObject(machine.def, compiled.code, compiled.object());
        else
          bytes = writeAssembly(machine, compiled.functions, compiled.code, {
            ...compiled.object(),
            title: `${file} compiled for ${options.target} by lirc`,
          });
      } catch (e) {
        throw userError(e, { file, target: options.target });
      }
      if (options.output !== undefined)
        writeBytes(
          options.output,
          typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes,
        );
      else if (typeof bytes === 'string') ctx.io.stdout(bytes);
      if (options.stats || options.json) ctx.io.stderr(compiled.stats());
    });
}

function compileLirInput(file: string, options: CompileOptions, progress: Progress): Compiled {
  const module = readModule(file);
  const target = { name: options.target, machine: targetMachine(options.target) };
  const compiled = compileLir(module, file, target, '', {
    listing: options.emit === 'asm',
    onProgress: progress.update,
  });
  return {
    code: compiled.code,
    functions: compiled.functions,
    object: () => lirObjectOptions(module),
    stats: () =>
      formatStats(
        {
          target: options.target,
          functions: module.functions.length,
          actions: compiled.actions,
          machineCodeBytes: compiled.code.code.length,
          compileMs: compiled.compileMs,
        },
        options.json,
      ),
  };
}

async function compileWasmInput(
  file: string,
  options: CompileOptions,
  progress: Progress,
): Promise<Compiled> {
  const loaded = await loadWasm(file, { optimize: options.optimize ?? false });
  const module = loaded.module;
  let compiled: ReturnType<typeof compileWasm>;
  try {
    const listing = options.emit === 'asm';
    compiled = compileWasm(module, targetMachine(options.target), {
      listing,
      onProgress: progress.update,
    });
  } catch (e) {
    throw userError(e, { file, target: options.target });
  }
  return {
    code: compiled.code,
    functions: compiled.functions,
    object: () => wasmObjectOptions(compiled.translated, file),
    stats: () =>
      formatStats(
        {
          target: options.target,
          functions: module.bodies.length,
          codeSectionBytes: module.codeBytes,
          actions: compiled.actions,
          machineCodeBytes: compiled.code.code.length,
          binaryenMs: loaded.prepareMs,
          optimized: options.optimize ?? false,
          compileMs: loaded.decodeMs + compiled.translateAndCompileMs,
        },
        options.json,
      ),
  };
}
