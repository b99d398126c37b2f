/**
 * The text form round-trips exactly: for every registered action at every
 * width, and for every directive, print → parse gives the same module and
 * printing that again gives the same text.
 */
import {
  type BuildOperand,
  func,
  type Module,
  ModuleBuilder,
  ModuleCollector,
  type OperandRule,
  STANDARD_REGISTRY,
  sym,
  teeSink,
  Verifier,
} from '@lirc/low-ir';
import { parse, print, withoutPositions } from './helpers/text.js';

const CONTROL_LINES: Record<string, string> = {
  jump: 'jump ^L(%a)',
  br_if: 'br_if %c, ^L(%a)',
  return: 'return %a',
  trap: 'trap unreachable',
  call: '%r*0: 32 = call @f(%a)',
  call_indirect: '%r*2: 32 = call_indirect %p, %a',
  func_addr: '%q*0 = func_addr @f',
  clone: 'clone %a, 2',
  drop: 'drop %a',
};

/** Builds one function per (action, widths), each using fresh parameters as operands. */
function everyActionModule(): Module {
  const collector = new ModuleCollector();
  const verifier = new Verifier();
  const mb = new ModuleBuilder(teeSink(collector, verifier), { pointerWidth: 64 });
  let n = 0;
  for (const spec of STANDARD_REGISTRY.all()) {
    if (
      spec.effects.control !== 'none' ||
      spec.retains ||
      spec.opcode === 'drop' ||
      spec.opcode === 'trap_if' ||
      spec.opcode === 'label_addr' // names a label: see 'landing' below
    ) {
      continue;
    }
    for (const widths of spec.widths) {
      const sig = spec.signature(widths, 64);
      const params = sig.operands.flatMap((r: OperandRule) =>
        r.kind === 'value' ? [{ width: r.width === 'any' ? 32 : r.width }] : [],
      );
      const f = mb.function(`f${n++}`, params, []);
      let k = 0;
      const operands: BuildOperand[] = sig.operands.map((r) => {
        if (r.kind === 'value') return f.params[k++]!;
        if (r.kind === 'imm') return -1n;
        if (r.kind === 'func') return func('f0');
        return sym('x');
      });
      const results = sig.results === 'declared' ? [] : sig.results.map(() => ({ uses: 0 }));
      f.emit(spec.opcode, widths, operands, results);
      f.trap('unreachable');
      f.end();
    }
  }
  mb.end();
  expect(verifier.diagnostics).toEqual([]);
  return collector.result();
}

describe('round-trip', () => {
  test('every action at every width: print → parse → print is exact', () => {
    const module = everyActionModule();
    const text = print(module);
    const reparsed = parse(text);
    expect(withoutPositions(reparsed)).toEqual(withoutPositions(module));
    expect(print(reparsed)).toBe(text);
    // Sanity: the text really contains each action form (e.g. load_s.64.32, store.64.8).
    expect(text).toContain('= load_s.64.32 %');
    expect(text).toContain('store.64.8 %');
    expect(text).toContain('= const.8 -1');
  });

  test.each(Object.entries(CONTROL_LINES))('control action %s', (_op, line) => {
    const text = [
      'module ptr64',
      '',
      'func @f(%a*3: 32, %c: 1, %p: 64) -> (32) {',
      `  ${line}`,
      '  trap unreachable',
      '^L(%x: 32):',
      '  return %x',
      '}',
      '',
    ].join('\n');
    const printed = print(parse(text));
    expect(printed).toContain(`\n  ${line}\n`);
    expect(print(parse(printed))).toBe(printed);
  });

  test('landing: label_addr of a label without parameters', () => {
    const text = [
      'module ptr32',
      '',
      'func @f() -> (32) {',
      '  %l = label_addr ^landing',
      '  %sp = stack_pointer',
      '  %s = add.32 %l, %sp',
      '  %r = syscall.32 64, 1, %s, 4',
      '  return %r',
      '^landing:',
      '  return 1',
      '}',
      '',
    ].join('\n');
    const printed = print(parse(text));
    expect(printed).toContain('\n  %l = label_addr ^landing\n');
    expect(printed).toContain('\n  %r = syscall.32 64, 1, %s, 4\n');
    expect(print(parse(printed))).toBe(printed);
  });

  test('every directive and location form', () => {
    const text = [
      'module ptr32',
      'memory 4096',
      'data 16 "hi\\00\\ff\\22\\5c"',
      'extern @host(32, 64) -> (32)',
      'extern @none() -> ()',
      '',
      'func @cc(%a*2: 32 in $rdi, %b*0: 64 in gpr, %c: 32 in [8], %d: 32 in any) -> (32 in $rax, 64) stack 16 {',
      '  %s = add.32 %a, %c',
      '  drop %d',
      '  jump ^next(%a, %s) ',
      '^next(%x: 32 in $rcx, %y*0: 32) stack 32:',
      '  %z: 32, %w*0: 64 = call @pair(%x)',
      '  return %z, 0',
      '}',
      '',
      'func @pair(%v: 32) -> (32, 64) {',
      '  %u = zext.64.32 %v',
      '  return 7, %u',
      '}',
      '',
    ].join('\n');
    const module = parse(text);
    const printed = print(module);
    expect(printed).toBe(text.replace('(%a, %s) \n', '(%a, %s)\n'));
    expect(withoutPositions(parse(printed))).toEqual(withoutPositions(module));
    expect(module.header.data[0]!.bytes).toEqual(
      Uint8Array.from([0x68, 0x69, 0, 0xff, 0x22, 0x5c]),
    );
  });

  test('comments, blank lines and spacing are not significant', () => {
    const messy = `; a comment
module   ptr64   ; trailing comment

func @id(%x: 64) -> (64) {   ; header comment
     return %x
}
`;
    expect(print(parse(messy))).toBe(
      'module ptr64\n\nfunc @id(%x: 64) -> (64) {\n  return %x\n}\n',
    );
  });

  test('immediates: negative, hex and 64-bit extremes', () => {
    const text =
      'func @k() -> (64) {\n  %a = const.64 -0x8000000000000000\n  %b*0 = const.64 0xffffffffffffffff\n  return %a\n}\n';
    const printed = print(parse(text));
    expect(printed).toContain('const.64 -9223372036854775808');
    expect(printed).toContain('const.64 18446744073709551615');
    expect(print(parse(printed))).toBe(printed);
  });
});
