// Regenerates the action reference section of docs/low-ir.md from the
// registry (run after a build: `pnpm --filter @lirc/low-ir docs:gen`).
// The test test/docs.test.ts fails when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  REFERENCE_BEGIN,
  REFERENCE_END,
  renderActionReference,
  STANDARD_REGISTRY,
} from '../dist/index.js';

const path = fileURLToPath(new URL('../../../docs/low-ir.md', import.meta.url));
const text = readFileSync(path, 'utf8');
const start = text.indexOf(REFERENCE_BEGIN);
const end = text.indexOf(REFERENCE_END);
if (start < 0 || end < start) {
  console.error(`${path}: the markers ${REFERENCE_BEGIN} … ${REFERENCE_END} are missing`);
  process.exit(1);
}
const updated = `${text.slice(0, start + REFERENCE_BEGIN.length)}\n\n${renderActionReference(STANDARD_REGISTRY)}\n${text.slice(end)}`;
writeFileSync(path, updated);
console.log(`${path}: action reference regenerated`);
