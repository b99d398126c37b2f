/**
 * The standard action set, assembled from the per-family tables. Every Low IR
 * tool defaults to this registry; a target extends it with its own actions.
 */
import { ActionRegistry } from '../registry.js';
import { CONTROL_ACTIONS } from './control.js';
import { FLOAT_ACTIONS } from './float.js';
import { INTEGER_ACTIONS } from './integer.js';
import { MEMORY_ACTIONS } from './memory.js';

/** A new registry holding every standard action. */
export function createStandardRegistry(): ActionRegistry {
  return new ActionRegistry([
    ...INTEGER_ACTIONS,
    ...MEMORY_ACTIONS,
    ...FLOAT_ACTIONS,
    ...CONTROL_ACTIONS,
  ]);
}

/** The shared, frozen standard registry; `extend` it to add target actions. */
export const STANDARD_REGISTRY: ActionRegistry = createStandardRegistry().freeze();
