/**
 * Standard control-flow and bookkeeping actions: jump, br_if, call,
 * call_indirect, return, trap, trap_if, func_addr, the use-count actions
 * clone and drop, and the few actions glue between a host and generated code
 * needs (stack_pointer, label_addr, syscall: see below). Their meaning as control flow is defined by the interpreter
 * (and by LIRC); the registry gives their shapes and effects.
 */
import type { ActionEffects, ActionSpec } from '../registry.js';
import { PURE, TrapKinds, val } from './define.js';

const CATEGORY = 'control flow';
const USES = 'use counts';
const HOST = 'host glue';
const NO_WIDTH = [[]] as const;

function control(control: ActionEffects['control'], mayTrap = false): ActionEffects {
  return { ...PURE, pure: false, control, mayTrap };
}

/** The standard control-flow and use-count actions. */
export const CONTROL_ACTIONS: readonly ActionSpec[] = [
  {
    opcode: 'jump',
    category: CATEGORY,
    summary: 'jump ^L(args): continues at label L, passing args as its parameters.',
    widths: NO_WIDTH,
    effects: control('jump'),
    signature: () => ({ operands: [{ kind: 'label' }], variadic: true, results: [] }),
  },
  {
    opcode: 'br_if',
    category: CATEGORY,
    summary: 'br_if c, ^L(args): jumps to L with args if the 1-bit c is 1, else falls through.',
    widths: NO_WIDTH,
    effects: control('branch'),
    signature: () => ({ operands: [val(1), { kind: 'label' }], variadic: true, results: [] }),
  },
  {
    opcode: 'call',
    category: CATEGORY,
    summary: '%r… = call @f(args): calls function f; results are declared with their widths.',
    widths: NO_WIDTH,
    effects: control('call', true),
    traps: [TrapKinds.stackOverflow],
    signature: () => ({ operands: [{ kind: 'func' }], variadic: true, results: 'declared' }),
  },
  {
    opcode: 'call_indirect',
    category: CATEGORY,
    summary: '%r… = call_indirect p, args: calls the function whose address (from func_addr) is p.',
    widths: NO_WIDTH,
    effects: control('call', true),
    traps: [TrapKinds.badCallTarget, TrapKinds.stackOverflow],
    signature: (_ws, ptr) => ({ operands: [val(ptr)], variadic: true, results: 'declared' }),
  },
  {
    opcode: 'return',
    category: CATEGORY,
    summary: 'return args: returns args to the caller (they must match the function results).',
    widths: NO_WIDTH,
    effects: control('return'),
    signature: () => ({ operands: [], variadic: true, results: [] }),
  },
  {
    opcode: 'trap',
    category: CATEGORY,
    summary: 'trap kind: stops execution with a trap of the named kind; live values are released.',
    widths: NO_WIDTH,
    effects: control('trap', true),
    signature: () => ({ operands: [{ kind: 'sym' }], results: [] }),
  },
  {
    opcode: 'trap_if',
    category: CATEGORY,
    summary: 'trap_if c, kind: traps with the named kind if the 1-bit c is 1.',
    widths: NO_WIDTH,
    effects: { ...PURE, pure: false, mayTrap: true },
    signature: () => ({ operands: [val(1), { kind: 'sym' }], results: [] }),
  },
  {
    opcode: 'func_addr',
    category: CATEGORY,
    summary: 'func_addr @f: the address of function f (pointer width), for call_indirect.',
    widths: NO_WIDTH,
    effects: PURE,
    signature: (_ws, ptr) => ({ operands: [{ kind: 'func' }], results: [ptr] }),
  },
  {
    opcode: 'stack_pointer',
    category: HOST,
    summary:
      'stack_pointer: the machine stack pointer (pointer width), as it is in the body of this function.',
    widths: NO_WIDTH,
    effects: { ...PURE, pure: false },
    signature: (_ws, ptr) => ({ operands: [], results: [ptr] }),
  },
  {
    opcode: 'label_addr',
    category: HOST,
    summary:
      'label_addr ^L: the address of label L (no parameters), a landing where a signal handler may resume this function with the stack pointer that stack_pointer reads; every value is lost there.',
    widths: NO_WIDTH,
    effects: { ...PURE, pure: false },
    signature: (_ws, ptr) => ({ operands: [{ kind: 'label' }], results: [ptr] }),
  },
  {
    opcode: 'syscall',
    category: HOST,
    summary:
      '%r = syscall.W nr, args: an operating-system call with number nr and up to 6 arguments (all W bits: the register width); the interpreter cannot run it.',
    widths: [[32], [64]],
    effects: { ...PURE, pure: false, readsMemory: true, writesMemory: true },
    signature: (ws) => ({
      operands: [val(ws[0]!)],
      variadic: true,
      maxOperands: 7,
      results: [ws[0]!],
    }),
  },
  {
    opcode: 'clone',
    category: USES,
    summary: 'clone %v, n: gives %v n more uses (it is not itself a use).',
    widths: NO_WIDTH,
    effects: PURE,
    retains: true,
    signature: () => ({ operands: [val('any'), { kind: 'imm' }], results: [] }),
    evaluate: () => () => undefined,
  },
  {
    opcode: 'drop',
    category: USES,
    summary: 'drop %v: consumes one use of %v and does nothing else.',
    widths: NO_WIDTH,
    effects: PURE,
    signature: () => ({ operands: [val('any')], results: [] }),
    evaluate: () => () => undefined,
  },
];
