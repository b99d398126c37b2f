#!/usr/bin/env node
/** The `lirc` executable: runs the CLI on process.argv and sets the exit status. */
import { runCli } from './index.js';

// A reader that stops early (`lirc … | head`) closes the pipe: stop quietly,
// as Unix tools do, instead of dying of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
});
process.exitCode = status;
