/**
 * Errors of code generation that are the input's fault or a limit of the
 * target, with the function, the actions and the target named.
 */

/** The target cannot implement something the input asks for, or a limit was hit. */
export class CompileError extends Error {
  override name = 'CompileError';
}
