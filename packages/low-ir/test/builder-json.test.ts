/**
 * The streaming builder and the JSON form. The builder hands each action to
 * the sink as soon as it is written (no whole function is held); the JSON form
 * round-trips a module exactly and rejects malformed documents with the path
 * of each problem.
 */
import {
  type Action,
  type FunctionHeader,
  type LabelDef,
  LowIrJsonError,
  type LowIrSink,
  ModuleBuilder,
  ModuleCollector,
  moduleFromJson,
  moduleToJson,
  printToString,
  replayModule,
  teeSink,
  Verifier,
} from '@lirc/low-ir';
import { parse, print } from './helpers/text.js';

/** A sink that records the order of calls. */
class Recorder implements LowIrSink {
  readonly events: string[] = [];
  module(): void {
    this.events.push('module');
  }
  beginFunction(h: FunctionHeader): void {
    this.events.push(`begin ${h.name}`);
  }
  label(l: LabelDef): void {
    this.events.push(`label ${l.label.name}`);
  }
  action(a: Action): void {
    this.events.push(a.opcode);
  }
  endFunction(): void {
    this.events.push('end');
  }
  endModule(): void {
    this.events.push('endModule');
  }
}

describe('ModuleBuilder', () => {
  test('streams each call to the sink immediately', () => {
    const rec = new Recorder();
    const mb = new ModuleBuilder(rec);
    const f = mb.function('count', [{ width: 32, name: 'n' }], [32]);
    expect(rec.events).toEqual(['module', 'begin count']);
    const loop = f.newLabel('loop');
    f.jump(loop, [f.params[0]!]);
    expect(rec.events.at(-1)).toBe('jump');
    const [i] = f.bind(loop, [{ width: 32, name: 'i', uses: 3 }]);
    expect(rec.events.at(-1)).toBe('label loop');
    const done = f.newLabel('done');
    const z = f.op('eqz', 32, [i!], { name: 'z' });
    f.brIf(z, done, [i!]);
    const next = f.op('sub', 32, [i!, 1], { name: 'next' });
    f.jump(loop, [next]);
    const [r] = f.bind(done, [{ width: 32, name: 'r' }]);
    f.ret([r!]);
    f.end();
    mb.end();
    expect(rec.events).toEqual([
      'module',
      'begin count',
      'jump',
      'label loop',
      'eqz',
      'br_if',
      'sub',
      'jump',
      'label done',
      'return',
      'end',
      'endModule',
    ]);
  });

  test('builds the same module as the equivalent text, and it verifies', () => {
    const collector = new ModuleCollector();
    const verifier = new Verifier();
    const mb = new ModuleBuilder(teeSink(collector, verifier), {
      pointerWidth: 32,
      memorySize: 64,
    });
    const f = mb.function(
      'store_sum',
      [
        { width: 32, name: 'p', uses: 2 },
        { width: 32, name: 'x' },
      ],
      [32],
    );
    const [p, x] = f.params;
    const s = f.op('add', 32, [x!, 5], { name: 's', uses: 2 });
    f.effect('store', 32, [p!, s]);
    const v = f.op('load', 32, [p!], { name: 'v' });
    const t = f.op('add', 32, [v, s], { name: 't' });
    f.ret([t]);
    f.end();
    mb.end();
    expect(verifier.diagnostics).toEqual([]);
    const text = `module ptr32
memory 64

func @store_sum(%p*2: 32, %x: 32) -> (32) {
  %s*2 = add.32 %x, 5
  store.32 %p, %s
  %v = load.32 %p
  %t = add.32 %v, %s
  return %t
}
`;
    expect(print(collector.result())).toBe(text);
  });

  test('rejects unknown actions and widths at once', () => {
    const mb = new ModuleBuilder(new ModuleCollector());
    const f = mb.function('f', [], []);
    expect(() => f.op('frob', 32, [])).toThrow("unknown action 'frob'");
    expect(() => f.op('add', 7, [1, 2])).toThrow('add does not allow widths .7');
    expect(() => mb.function('g', [], [])).toThrow('function @f is still open');
  });
});

describe('JSON form', () => {
  const text = `module ptr64
memory 32
data 4 "\\00\\ffok"
extern @h(64) -> (32)

func @f(%a*2: 64 in $r0, %b: 32 in [8]) -> (32 in gpr) stack 16 {
  %c = const.64 -9223372036854775808
  %d = add.64 %a, %c
  %e: 32 = call @h(%d)
  %g = add.32 %e, %b
  jump ^next(%a, %g)
^next(%x*0: 64 in any, %y: 32) stack 8:
  return %y
}
`;

  test('module → JSON text → module is exact', () => {
    const module = parse(text);
    const json = JSON.parse(JSON.stringify(moduleToJson(module)));
    const back = moduleFromJson(json);
    expect(print(back)).toBe(text);
    expect(back).toEqual(module);
  });

  test('malformed JSON names each problem with its path', () => {
    const json = moduleToJson(parse(text)) as unknown as {
      functions: { body: { action?: { operands: { value?: unknown }[] } }[] }[];
    };
    json.functions[0]!.body[0]!.action!.operands[0]!.value = 12;
    expect(() => moduleFromJson(json)).toThrow(LowIrJsonError);
    expect(() => moduleFromJson(json)).toThrow('at functions.0.body.0.action.operands.0.value');
    expect(() => moduleFromJson({ format: 'x' })).toThrow('at format');
  });

  test('printToString over a replayed module equals print()', () => {
    const module = parse(text);
    expect(printToString((s) => replayModule(module, s))).toBe(print(module));
  });
});
