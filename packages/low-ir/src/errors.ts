/**
 * Errors and diagnostics of Low IR tools. Every message names the place: the
 * file and line:column for text input, the function and action for streams.
 */
import type { SourcePos } from './ir.js';

/** Formats `file:line:column: ` (or as much of it as is known). */
export function formatPlace(file: string | undefined, pos: SourcePos | undefined): string {
  const parts: string[] = [];
  if (file !== undefined) parts.push(file);
  if (pos !== undefined) parts.push(`${pos.line}:${pos.column}`);
  return parts.length > 0 ? `${parts.join(':')}: ` : '';
}

/** A syntax or name error in `.lir` text, with its position. */
export class LirSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly file: string | undefined,
    readonly pos: SourcePos,
  ) {
    super(`${formatPlace(file, pos)}${detail}`);
    this.name = 'LirSyntaxError';
  }
}

/** One problem found by the verifier. */
export interface Diagnostic {
  /** What is wrong and why. */
  readonly message: string;
  /** The function it is in, if any. */
  readonly function?: string;
  /** The 0-based index of the action within its function, if it is about an action. */
  readonly actionIndex?: number;
  /** The action or directive, in text form. */
  readonly subject?: string;
  /** Where it is in the source text, if the stream came from a parser. */
  readonly pos?: SourcePos;
}

/** Formats a diagnostic as one line: place, function, action, message. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where: string[] = [];
  if (d.function !== undefined) where.push(`in @${d.function}`);
  if (d.actionIndex !== undefined) where.push(`action #${d.actionIndex}`);
  if (d.subject !== undefined) where.push(`\`${d.subject}\``);
  const context = where.length > 0 ? `${where.join(', ')}: ` : '';
  return `${formatPlace(file, d.pos)}${context}${d.message}`;
}

/** Thrown by `assertValid` when verification fails; carries every diagnostic. */
export class LowIrVerificationError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly file?: string,
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d, file)).join('\n'));
    this.name = 'LowIrVerificationError';
  }
}
