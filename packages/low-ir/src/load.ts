/**
 * One-call conveniences over the streaming pieces: parse `.lir` text into a
 * Module, or parse and verify it, with every problem reported by position.
 */
import { STANDARD_REGISTRY } from './actions/standard.js';
import { ModuleCollector } from './collector.js';
import { LowIrVerificationError } from './errors.js';
import type { Module } from './ir.js';
import type { ActionRegistry } from './registry.js';
import { teeSink } from './sink.js';
import { parseLir } from './text/parser.js';
import { Verifier } from './verifier.js';

/** Parses `.lir` text into a Module (no verification). Throws LirSyntaxError. */
export function parseModule(
  text: string,
  options: { file?: string; registry?: ActionRegistry } = {},
): Module {
  const collector = new ModuleCollector();
  parseLir(text, collector, options);
  return collector.result();
}

/**
 * Parses and verifies `.lir` text in one streaming pass. Throws LirSyntaxError
 * for syntax errors and LowIrVerificationError listing every verifier problem.
 */
export function loadLir(
  text: string,
  options: { file?: string; registry?: ActionRegistry } = {},
): Module {
  const registry = options.registry ?? STANDARD_REGISTRY;
  const collector = new ModuleCollector();
  const verifier = new Verifier({ registry });
  parseLir(text, teeSink(verifier, collector), { ...options, registry });
  if (!verifier.ok) throw new LowIrVerificationError(verifier.diagnostics, options.file);
  return collector.result();
}
