/**
 * Glue between a host and generated code, written in Low IR and compiled by
 * LIRC like any other function, so that it is the same for every machine:
 * only numbers from the machine definition's Linux ABI (system calls, kernel
 * structure layouts) differ. It turns a fault in generated code into a
 * reported trap:
 *
 * - a guarded entry `@lirc_enter_<f>(block, results, args…) -> (32)` calls
 *   `@f`, stores its results at `results` (8 bytes each) and returns 0; before
 *   the call it writes into the host block (block.ts) the address of its
 *   landing (`label_addr`) and its stack pointer, and if the code faults it
 *   resumes at the landing and returns 1;
 * - the signal handler `@lirc_signal` (SA_SIGINFO, on an alternate stack, so
 *   it also runs when the fault is a stack overflow): when a guarded call is
 *   running and the fault's pc is in the code, it records the pc and the
 *   signal and resumes the entry at its landing with its stack pointer;
 *   otherwise it puts back the action installed before it and returns, so
 *   the fault happens again and is handled as if the glue were not there;
 * - `@lirc_install(stack, size) -> (P)` installs the handler for the fault
 *   signals (keeping the previous actions) and the alternate stack; it
 *   returns 0, or the failing system calls' results or-ed together;
 *   `@lirc_uninstall() -> (P)` puts the previous actions and stack back;
 * - `@lirc_sigreturn`, where the kernel needs a restorer (SA_RESTORER).
 *
 * The host maps a trap pc to a trap kind with the module's trap sites
 * (`findTrapSite`). One host block serves one thread; a guarded call made
 * while another is running (a host function calling generated code again)
 * is not supported yet.
 */
import type { LinuxAbi, MachineDefinition } from '@lirc/asmquery';
import type { FunctionHeader } from '@lirc/low-ir';
import { CompileError } from '../compiler/errors.js';
import { type HostBlockLayout, hostBlockLayout } from './block.js';

/** Names of the glue functions. */
export const GLUE = {
  handler: 'lirc_signal',
  restorer: 'lirc_sigreturn',
  install: 'lirc_install',
  uninstall: 'lirc_uninstall',
} as const;

/** The name of the guarded entry of function `name`. */
export function guardedEntryName(name: string): string {
  return `lirc_enter_${name}`;
}

/** Bytes per result in a guarded entry's result area. */
export const RESULT_BYTES = 8;

/** The Linux ABI of a machine definition, or an error naming what is missing. */
export function linuxAbi(def: MachineDefinition): LinuxAbi {
  if (def.abi.linux === undefined) {
    throw new CompileError(
      `the ${def.name} definition has no Linux ABI (abi.linux): no host glue for it`,
    );
  }
  return def.abi.linux;
}

/**
 * The guarded entry of `callee` (see the module comment): parameters the
 * host block's address, the result area's address, then the callee's.
 */
export function guardedEntry(def: MachineDefinition, callee: FunctionHeader): string {
  const P = def.pointerWidth;
  const layout = hostBlockLayout(P, linuxAbi(def));
  const params = callee.params.map((p, k) => `%a${k}: ${p.width}`);
  const args = callee.params.map((_p, k) => `%a${k}`).join(', ');
  const results = callee.results.map((_r, k) => `%r${k}`);
  const lines = [
    `func @${guardedEntryName(callee.name)}(%block: ${P}, %results: ${P}${params.map((p) => `, ${p}`).join('')}) -> (32) {`,
    '  %landing = label_addr ^trapped',
    `  store.${P} %block, %landing`,
    '  %sp = stack_pointer',
    `  %spat = add.${P} %block, ${layout.landingSp}`,
    `  store.${P} %spat, %sp`,
    `  ${results.length > 0 ? `${callee.results.map((r, k) => `%r${k}: ${r.width}`).join(', ')} = ` : ''}call @${callee.name}(${args})`,
  ];
  callee.results.forEach((r, k) => {
    lines.push(`  %at${k} = add.${P} %results, ${RESULT_BYTES * k}`);
    if (r.width === 1) {
      // zext.32.1 and store.32.8: forms (or legalizations) every machine has; riscv32 has no zext.8.1.
      lines.push(`  %z${k} = zext.32.1 %r${k}`);
      lines.push(`  store.32.8 %at${k}, %z${k}`);
    } else lines.push(`  store.${r.width} %at${k}, %r${k}`);
  });
  lines.push(`  store.${P} %block, 0`, '  return 0', '^trapped:', '  return 1', '}', '');
  return lines.join('\n');
}

/**
 * The signal glue (handler, installer and restorer if needed) for a host
 * block at address `block`, which the handler finds as a constant.
 */
export function signalGlue(def: MachineDefinition, block: bigint): string {
  const P = def.pointerWidth;
  const linux = linuxAbi(def);
  const layout = hostBlockLayout(P, linux);
  return [
    handler(P, linux, layout, block),
    installer(P, linux, layout, block),
    uninstaller(P, linux, layout, block),
    restorer(P, linux),
  ]
    .filter((t) => t !== '')
    .join('\n');
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function handler(P: number, linux: LinuxAbi, layout: HostBlockLayout, block: bigint): string {
  const at = (offset: number) => hex(block + BigInt(offset));
  const signal = P === 32 ? '%s' : '%signal64';
  return `func @${GLUE.handler}(%sig: 32, %info: ${P}, %uc: ${P}) {
  %b = const.${P} ${hex(block)}
  %lpc = load.${P} %b
  %idle = eqz.${P} %lpc
  br_if %idle, ^foreign(%sig)
  %pcat = add.${P} %uc, ${linux.ucontext.pc}
  %pc = load.${P} %pcat
  %startat = const.${P} ${at(layout.codeStart)}
  %start = load.${P} %startat
  %endat = const.${P} ${at(layout.codeEnd)}
  %end = load.${P} %endat
  %below = lt_u.${P} %pc, %start
  %above = ge_u.${P} %pc, %end
  %outside = or.1 %below, %above
  br_if %outside, ^foreign(%sig)
  %tpcat = const.${P} ${at(layout.trapPc)}
  store.${P} %tpcat, %pc
  %tsigat = const.${P} ${at(layout.trapSignal)}
  store.32 %tsigat, %sig
  %lspat = const.${P} ${at(layout.landingSp)}
  %lsp = load.${P} %lspat
  %newpc = add.${P} %uc, ${linux.ucontext.pc}
  store.${P} %newpc, %lpc
  %newsp = add.${P} %uc, ${linux.ucontext.sp}
  store.${P} %newsp, %lsp
  %clear = const.${P} ${hex(block)}
  store.${P} %clear, 0
  return
^foreign(%s: 32):
${P === 32 ? '' : `  %signal64 = zext.${P}.32 %s\n`}  %off = mul.${P} ${signal}, ${linux.sigaction.size}
  %prev = add.${P} %off, ${at(layout.previous)}
  %r = syscall.${P} ${linux.syscalls.rt_sigaction}, ${signal}, %prev, 0, ${linux.sigsetSize}
  return
}
`;
}

function installer(P: number, linux: LinuxAbi, layout: HostBlockLayout, block: bigint): string {
  const at = (offset: number) => hex(block + BigInt(offset));
  const { sigaction: sa, saFlags } = linux;
  const flags = saFlags.SA_SIGINFO | saFlags.SA_ONSTACK | (saFlags.SA_RESTORER ?? 0);
  const lines = [
    `func @${GLUE.install}(%stack: ${P}, %size: ${P}) -> (${P}) {`,
    `  %handler = func_addr @${GLUE.handler}`,
    `  %hat = const.${P} ${at(layout.action + sa.handler)}`,
    `  store.${P} %hat, %handler`,
    `  %fat = const.${P} ${at(layout.action + sa.flags)}`,
    `  store.${P} %fat, ${flags}`,
    `  %mat = const.${P} ${at(layout.action + sa.mask)}`,
    `  store.32 %mat, 0`,
    `  %mat2 = const.${P} ${at(layout.action + sa.mask + 4)}`,
    `  store.32 %mat2, 0`,
  ];
  if (sa.restorer !== undefined) {
    lines.push(
      `  %restorer = func_addr @${GLUE.restorer}`,
      `  %rat = const.${P} ${at(layout.action + sa.restorer)}`,
      `  store.${P} %rat, %restorer`,
    );
  }
  const signals = Object.values(linux.signals);
  signals.forEach((s, k) => {
    lines.push(
      `  %act${k} = const.${P} ${at(layout.action)}`,
      `  %old${k} = const.${P} ${at(layout.previous + s * sa.size)}`,
      `  %e${k} = syscall.${P} ${linux.syscalls.rt_sigaction}, ${s}, %act${k}, %old${k}, ${linux.sigsetSize}`,
    );
  });
  const st = linux.stack;
  lines.push(
    `  %ssp = const.${P} ${at(layout.altStack + st.sp)}`,
    `  store.${P} %ssp, %stack`,
    `  %ssf = const.${P} ${at(layout.altStack + st.flags)}`,
    `  store.32 %ssf, 0`,
    `  %sss = const.${P} ${at(layout.altStack + st.bytes)}`,
    `  store.${P} %sss, %size`,
    `  %st = const.${P} ${at(layout.altStack)}`,
    `  %oldst = const.${P} ${at(layout.previousAltStack)}`,
    `  %e${signals.length} = syscall.${P} ${linux.syscalls.sigaltstack}, %st, %oldst`,
  );
  lines.push(...returnOrOfAll(P, signals.length + 1));
  return lines.join('\n');
}

/** Lines returning %e0 | %e1 | … | %e{n-1} (0 when every system call succeeded), and the function's end. */
function returnOrOfAll(P: number, n: number): string[] {
  const lines: string[] = [];
  let acc = '%e0';
  for (let k = 1; k < n; k++) {
    lines.push(`  %acc${k} = or.${P} ${acc}, %e${k}`);
    acc = `%acc${k}`;
  }
  return [...lines, `  return ${acc}`, '}', ''];
}

function uninstaller(P: number, linux: LinuxAbi, layout: HostBlockLayout, block: bigint): string {
  const at = (offset: number) => hex(block + BigInt(offset));
  const signals = Object.values(linux.signals);
  const lines = [`func @${GLUE.uninstall}() -> (${P}) {`];
  signals.forEach((s, k) => {
    lines.push(
      `  %old${k} = const.${P} ${at(layout.previous + s * linux.sigaction.size)}`,
      `  %e${k} = syscall.${P} ${linux.syscalls.rt_sigaction}, ${s}, %old${k}, 0, ${linux.sigsetSize}`,
    );
  });
  lines.push(
    `  %oldst = const.${P} ${at(layout.previousAltStack)}`,
    `  %e${signals.length} = syscall.${P} ${linux.syscalls.sigaltstack}, %oldst, 0`,
  );
  lines.push(...returnOrOfAll(P, signals.length + 1));
  return lines.join('\n');
}

/** The restorer SA_RESTORER names: rt_sigreturn, touching nothing (no frame: no calls, no slots). */
function restorer(P: number, linux: LinuxAbi): string {
  if (linux.sigaction.restorer === undefined) return '';
  return `func @${GLUE.restorer}() {
  %r = syscall.${P} ${linux.syscalls.rt_sigreturn}
  trap unreachable
}
`;
}
