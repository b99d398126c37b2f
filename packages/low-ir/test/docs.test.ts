/**
 * docs/low-ir.md carries the action reference generated from the registry;
 * this fails when the two drift (regenerate with `npm run docs:gen`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  REFERENCE_BEGIN,
  REFERENCE_END,
  renderActionReference,
  STANDARD_REGISTRY,
} from '@lirc/low-ir';

test('docs/low-ir.md action reference matches the registry', () => {
  const path = fileURLToPath(new URL('../../../docs/low-ir.md', import.meta.url));
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(REFERENCE_BEGIN);
  const end = text.indexOf(REFERENCE_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const section = text.slice(start + REFERENCE_BEGIN.length, end).trim();
  expect(section).toBe(renderActionReference(STANDARD_REGISTRY).trim());
  // every registered opcode is documented
  for (const spec of STANDARD_REGISTRY.all()) expect(section).toContain(`| \`${spec.opcode}\` |`);
});
