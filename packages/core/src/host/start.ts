/**
 * A start routine in Low IR for a static executable that runs one function
 * on a batch of cases and reports every outcome (for a guest run under an
 * emulator, or any target without a host process to call from). At the
 * executable's entry it installs the signal glue (glue.ts), records the code range, calls
 * the function's guarded entry once per case with arguments read from a
 * table, writes one record per case to stdout (`write`) and exits with
 * status 0 (`exit`). A record is OUTCOME_BYTES + 8 bytes per result:
 *
 *   +0  status: 0 returned, 1 trapped (32 bits)
 *   +8  the trap's pc (pointer width)
 *   +16 the trap's signal (32 bits)
 *   +24 the results, 8 bytes each (at their width, little-endian)
 *
 * All addresses are constants: the executable's data segment holds, from
 * `data`, the host block, the alternate signal stack, the argument table
 * (8 bytes per argument) and the records.
 */
import type { MachineDefinition } from '@lirc/asmquery';
import type { FunctionHeader } from '@lirc/low-ir';
import { hostBlockLayout } from './block.js';
import { GLUE, guardedEntryName, linuxAbi, RESULT_BYTES } from './glue.js';

/** The name of the start routine (make it the executable's entry point). */
export const START = 'lirc_start';

/** Bytes of a record before its results. */
export const OUTCOME_BYTES = 24;

/** The exit status when the signal glue could not be installed. */
export const INSTALL_FAILED = 121;

/** Bytes of the alternate signal stack. */
const ALT_STACK_BYTES = 16 * 1024;

/** Where a batch's data lives, from the data segment's address. */
export interface BatchLayout {
  readonly block: number;
  readonly altStack: number;
  readonly args: number;
  readonly records: number;
  /** Bytes of one record. */
  readonly recordBytes: number;
  /** Bytes of the whole data segment. */
  readonly size: number;
}

/** The data layout of a batch of `cases` calls of `callee`, at address `data`. */
export function batchLayout(
  def: MachineDefinition,
  callee: FunctionHeader,
  cases: number,
  data: number,
): BatchLayout {
  const block = data;
  const altStack = block + hostBlockLayout(def.pointerWidth, linuxAbi(def)).size;
  const args = altStack + ALT_STACK_BYTES;
  const records = args + 8 * callee.params.length * cases;
  const recordBytes = OUTCOME_BYTES + RESULT_BYTES * callee.results.length;
  return {
    block,
    altStack,
    args,
    records,
    recordBytes,
    size: records + recordBytes * cases - data,
  };
}

/**
 * The start routine for `cases` calls of `callee` with the layout of
 * batchLayout; `first` names the module's first function (the code range
 * the signal handler treats as generated code runs from it to the start
 * routine, which must come last).
 */
export function batchStart(
  def: MachineDefinition,
  callee: FunctionHeader,
  cases: number,
  layout: BatchLayout,
  first: string,
  dump?: { readonly address: number; readonly bytes: number },
): string {
  const P = def.pointerWidth;
  const linux = linuxAbi(def);
  const block = hostBlockLayout(P, linux);
  const c = (v: number) => `0x${v.toString(16)}`;
  const lines = [
    `func @${START}() {`,
    `  %stack = const.${P} ${c(layout.altStack)}`,
    `  %installed: ${P} = call @${GLUE.install}(%stack, ${ALT_STACK_BYTES})`,
    `  %failed = ne.${P} %installed, 0`,
    `  br_if %failed, ^unprotected`,
    `  %first = func_addr @${first}`,
    `  %startat = const.${P} ${c(layout.block + block.codeStart)}`,
    `  store.${P} %startat, %first`,
    `  %last = func_addr @${START}`,
    `  %endat = const.${P} ${c(layout.block + block.codeEnd)}`,
    `  store.${P} %endat, %last`,
    `  jump ^loop(0)`,
    `^loop(%k: ${P}):`,
    `  %finished = eq.${P} %k, ${cases}`,
    `  br_if %finished, ^done`,
    `  %argoff = mul.${P} %k, ${8 * callee.params.length}`,
    `  %argsat = add.${P} %argoff, ${c(layout.args)}`,
  ];
  const args = callee.params.map((p, j) => {
    lines.push(`  %aat${j} = add.${P} %argsat, ${8 * j}`);
    if (p.width === 1) {
      lines.push(`  %ab${j} = load.8 %aat${j}`, `  %a${j} = trunc.1.8 %ab${j}`);
    } else lines.push(`  %a${j} = load.${p.width} %aat${j}`);
    return `%a${j}`;
  });
  lines.push(
    `  %recoff = mul.${P} %k, ${layout.recordBytes}`,
    `  %rec = add.${P} %recoff, ${c(layout.records)}`,
    `  %results = add.${P} %rec, ${OUTCOME_BYTES}`,
    `  %block = const.${P} ${c(layout.block)}`,
    `  %status: 32 = call @${guardedEntryName(callee.name)}(%block, %results${args.map((a) => `, ${a}`).join('')})`,
    `  store.32 %rec, %status`,
    `  %tpcat = const.${P} ${c(layout.block + block.trapPc)}`,
    `  %tpc = load.${P} %tpcat`,
    `  %pcat = add.${P} %rec, 8`,
    `  store.${P} %pcat, %tpc`,
    `  %tsigat = const.${P} ${c(layout.block + block.trapSignal)}`,
    `  %tsig = load.32 %tsigat`,
    `  %sigat = add.${P} %rec, 16`,
    `  store.32 %sigat, %tsig`,
    `  %next = add.${P} %k, 1`,
    `  jump ^loop(%next)`,
    `^done:`,
    `  %written = syscall.${P} ${linux.syscalls.write}, 1, ${c(layout.records)}, ${layout.recordBytes * cases}`,
    ...(dump
      ? [`  %dumped = syscall.${P} ${linux.syscalls.write}, 1, ${c(dump.address)}, ${dump.bytes}`]
      : []),
    `  %exited = syscall.${P} ${linux.syscalls.exit}, 0`,
    `  trap unreachable`,
    `^unprotected:`,
    `  %gaveup = syscall.${P} ${linux.syscalls.exit}, ${INSTALL_FAILED}`,
    `  trap unreachable`,
    `}`,
    '',
  );
  return lines.join('\n');
}
