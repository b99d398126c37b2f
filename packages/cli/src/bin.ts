#!/usr/bin/env node
/** The `lirc` executable: runs the CLI on process.argv and sets the exit status. */
import { runCli } from './index.js';

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
});
process.exitCode = status;
