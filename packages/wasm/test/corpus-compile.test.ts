/**
 * The real-world corpus (../shared/corpus, or LIRC_WASM_CORPUS) compiles for
 * both targets through the path of `lirc compile` (packages/cli's
 * wasm-compile.ts: decodeModule, translateModule streamed into @lirc/core's
 * ModuleCompiler, link): no error, some code, nothing left to relocate.
 * Imports need not be satisfied to compile.
 *
 * Every instruction translates on both targets (riscv32 included: f64 and
 * the conversions between i64 and floats go through LIRC's pair stage):
 * the module is compiled with `unsupported: 'trap'` (an instruction not
 * translated would become a trap of kind `unsupported` instead of an
 * error), and those traps are counted: there must be none.
 *
 * Times (decode, translate, compile, link), 2026-11-21 on the 2-core
 * development machine with other test runs (load average 1 to 2), x86_64 /
 * riscv32: erc20 3 s / 2 s, coremark 2 s / 1 s, bz2 24 s / 18 s,
 * pulldown-cmark 39 s / 34 s: about 2 minutes in all, twice that at load 5
 * (LIRC compiles about 10 000 to 20 000 Low IR actions per
 * second). spidermonkey.wasm (3.9 MB of code, 6 094 functions, 7.07
 * million Low IR actions) takes about 7 to 8 minutes per target idle, and
 * took 23 minutes for x86_64 on the loaded machine (21.3 MB of code): it
 * runs only with LIRC_CORPUS_BIG=1, so the default test run stays short.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadedMachine, loadMachine } from '@lirc/asmquery';
import { ModuleCompiler } from '@lirc/core';
import { type LowIrSink, teeSink } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import { decodeModule, translateModule, UNSUPPORTED_TRAP, type WasmModule } from '../src/index.js';

const CORPUS =
  process.env.LIRC_WASM_CORPUS ??
  fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const BIG = process.env.LIRC_CORPUS_BIG === '1';

const MACHINES = { x86_64: loadMachine(x86_64), riscv32: loadMachine(riscv32) };

/** A sink that drops everything (a tee to no sink). */
const IGNORE: LowIrSink = teeSink();

/**
 * `lirc compile`'s path (packages/cli/src/wasm-compile.ts: translateModule
 * leaves the module's header and end to its caller), with instructions not
 * translated as `unsupported` traps, counted on the way.
 */
function compile(module: WasmModule, machine: LoadedMachine) {
  const pointerWidth = machine.def.pointerWidth as 32 | 64;
  const compiler = new ModuleCompiler(machine, { file: module.file ?? 'module' });
  let traps = 0;
  const counter: LowIrSink = {
    ...IGNORE,
    action: (a) => {
      if (
        a.opcode === 'trap' &&
        a.operands.some((o) => o.kind === 'sym' && o.name === UNSUPPORTED_TRAP)
      )
        traps++;
    },
  };
  compiler.module({ pointerWidth, data: [], externs: [] });
  const { actions } = translateModule(module, teeSink(compiler, counter), {
    pointerWidth,
    unsupported: 'trap',
  });
  compiler.endModule();
  return { code: compiler.link(), actions, traps };
}

/** Compiles corpus `file` for `target` as described above; logs the figures. */
function compileCorpus(file: string, target: keyof typeof MACHINES) {
  const path = join(CORPUS, file);
  if (!existsSync(path)) throw new Error(`corpus not found: no ${path} (set LIRC_WASM_CORPUS)`);
  const started = performance.now();
  const machine = MACHINES[target];
  const module = decodeModule(readFileSync(path), file);
  const r = compile(module, machine);
  const ms = Math.round(performance.now() - started);
  console.log(
    `${file} for ${target}: ${r.actions} Low IR actions, ${r.code.code.length} bytes of code, ` +
      `${r.traps} unsupported traps, ${ms} ms`,
  );
  expect(r.code.code.length).toBeGreaterThan(0);
  expect(r.code.relocations).toEqual([]);
  expect(r.traps).toBe(0);
}

const MODULES = ['erc20.wasm', 'coremark.wasm', 'bz2.wasm', 'pulldown-cmark.wasm'];

describe.each(Object.keys(MACHINES) as (keyof typeof MACHINES)[])('%s', (target) => {
  test.each(MODULES)('%s compiles', (file) => compileCorpus(file, target), 180_000);

  // 7 to 8 minutes per target idle, 23 loaded (6 094 functions): too long for the default run.
  (BIG ? test : test.skip)(
    'spidermonkey.wasm compiles (LIRC_CORPUS_BIG=1)',
    () => compileCorpus('spidermonkey.wasm', target),
    60 * 60_000,
  );
});
