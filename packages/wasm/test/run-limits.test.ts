/**
 * Limits of a run: an emulated run that does not end within its time limit
 * is a RunTimeoutError (a WasmError, so the CLI reports it as `error:`),
 * not an internal error; the emulator is stopped.
 */
import { loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import {
  createStore,
  decodeModule,
  prepareModule,
  RunTimeoutError,
  runStore,
  targetFor,
  WasmError,
} from '../src/index.js';

const FOREVER = '(module (func (export "forever") (loop $l (br $l))))';

test('an emulated run past its time limit is a RunTimeoutError naming the limit', async () => {
  const module = decodeModule(await prepareModule({ text: FOREVER, file: 'forever.wat' }));
  const store = createStore(targetFor(loadMachine(riscv32)));
  const instance = store.instantiate(module, () => undefined);
  const call = store.invoke(instance, 'forever', []);
  const started = performance.now();
  const run = runStore(store, { timeoutMs: 1500 });
  await expect(run).rejects.toThrow(RunTimeoutError);
  await expect(run).rejects.toThrow(WasmError);
  await expect(run).rejects.toThrow(/took longer than its time limit of 1\.5 s/);
  expect(performance.now() - started).toBeLessThan(30_000);
  expect(call.outcome).toBeUndefined();
});
