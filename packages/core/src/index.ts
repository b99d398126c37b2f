/**
 * @lirc/core: the streaming register allocator and code generator (LIRC).
 * See docs/lirc-core.md for the design. Built so far: the allocation state
 * with its invariant check, and parallel moves.
 */

export type { Move } from './moves.js';
export { MoveError, sequentializeMoves } from './moves.js';
export type { Location } from './state.js';
export { AllocationError, AllocationState, locationKey } from './state.js';
