/** State shared by the subcommands of one `runCli` call. */
import type { CliIo } from './io.js';

export interface CliContext {
  readonly io: CliIo;
  /** Set by a subcommand that finishes without throwing but must not exit 0 (a trap). */
  exitCode: number;
}
