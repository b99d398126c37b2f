/**
 * The standard action set, assembled from the per-family tables. Every Low IR
 * tool defaults to this registry; a target extends it with its own actions.
 */
import { ActionRegistry } from '../registry.js';
import { CONTROL_ACTIONS } from './control.js';
import { FLOAT_ACTIONS } from './float.js';
import { INTEGER_ACTIONS } from './integer.js';
import { MEMORY_ACTIONS } from './memory.js';

/**
 * Actions whose two operands can be swapped without changing the result
 * (fmin/fmax included: NaN results are canonical and -0 < +0 either way).
 */
const COMMUTATIVE = new Set([
  'add',
  'mul',
  'mulh_s',
  'mulh_u',
  'and',
  'or',
  'xor',
  'eq',
  'ne',
  'add_carry',
  'add_overflow',
  'fadd',
  'fmul',
  'fmin',
  'fmax',
  'feq',
  'fne',
  'funo',
]);

/** A new registry holding every standard action. */
export function createStandardRegistry(): ActionRegistry {
  return new ActionRegistry(
    [...INTEGER_ACTIONS, ...MEMORY_ACTIONS, ...FLOAT_ACTIONS, ...CONTROL_ACTIONS].map((spec) =>
      COMMUTATIVE.has(spec.opcode) ? { ...spec, commutative: true } : spec,
    ),
  );
}

/** The shared, frozen standard registry; `extend` it to add target actions. */
export const STANDARD_REGISTRY: ActionRegistry = createStandardRegistry().freeze();
