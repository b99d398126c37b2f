/**
 * The host block: a small piece of memory that the host, the guarded entries
 * and the signal handler of host.ts share (one per thread of generated code).
 * A guarded entry writes where to land if the code it calls faults; the
 * signal handler reads that, records the fault (pc and signal) and resumes
 * there; the host reads the record. The layout depends only on the pointer
 * width and on the sizes of two kernel structures from the machine
 * definition's Linux ABI.
 */
import type { LinuxAbi } from '@lirc/asmquery';

/** Byte offsets of the host block's fields, and its size. */
export interface HostBlockLayout {
  /** Where a guarded entry lands after a fault (0 when no guarded call runs). */
  readonly landingPc: number;
  /** The stack pointer of the guarded entry, restored at the landing. */
  readonly landingSp: number;
  /** The pc of the last fault the handler caught. */
  readonly trapPc: number;
  /** The signal of that fault. */
  readonly trapSignal: number;
  /** The code range whose faults are traps: [codeStart, codeEnd). Others go to the previous handler. */
  readonly codeStart: number;
  readonly codeEnd: number;
  /** A struct sigaction for rt_sigaction (the installer builds it here). */
  readonly action: number;
  /** A stack_t for sigaltstack. */
  readonly altStack: number;
  /** The stack_t of the alternate stack installed before. */
  readonly previousAltStack: number;
  /** The actions installed before, one struct sigaction per signal number, restored for foreign faults. */
  readonly previous: number;
  /** Bytes of the block. */
  readonly size: number;
  /** Bytes of one pointer-sized field. */
  readonly pointerBytes: number;
}

/** The host block's layout for a machine's pointer width and Linux ABI. */
export function hostBlockLayout(pointerWidth: number, linux: LinuxAbi): HostBlockLayout {
  const P = pointerWidth / 8;
  const action = 8 * P;
  const altStack = action + roundUp(linux.sigaction.size, 16);
  const previousAltStack = altStack + roundUp(linux.stack.size, 16);
  const previous = previousAltStack + roundUp(linux.stack.size, 16);
  const highest = Math.max(...Object.values(linux.signals));
  return {
    landingPc: 0,
    landingSp: P,
    trapPc: 2 * P,
    trapSignal: 3 * P,
    codeStart: 4 * P,
    codeEnd: 5 * P,
    action,
    altStack,
    previousAltStack,
    previous,
    size: roundUp(previous + (highest + 1) * linux.sigaction.size, 64),
    pointerBytes: P,
  };
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
