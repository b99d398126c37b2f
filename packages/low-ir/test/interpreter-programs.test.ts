/**
 * The reference interpreter on small whole programs: loops, nested loops,
 * calls (many arguments, several results), recursion, memory, indirect calls
 * and host functions. Expected values are computed independently in JS.
 */
import { interp, values } from './helpers/run.js';

const LOOPS = `
module ptr64

; sum of i*j for 0 <= i < n, 0 <= j < m (nested loops)
func @nested(%n: 32, %m: 32) -> (64) {
  jump ^outer(%n, %m, 0, 0)
^outer(%n1*2: 32, %m1: 32, %i*2: 32, %acc*2: 64):
  %done = ge_u.32 %i, %n1
  br_if %done, ^exit(%acc)
  jump ^inner(%n1, %m1, %i, 0, %acc)
^inner(%n2*2: 32, %m2*3: 32, %i2*3: 32, %j*3: 32, %acc2*2: 64):
  %jdone = ge_u.32 %j, %m2
  br_if %jdone, ^next(%n2, %m2, %i2, %acc2)
  %p = mul.32 %i2, %j
  %p64 = zext.64.32 %p
  %acc3 = add.64 %acc2, %p64
  %j2 = add.32 %j, 1
  jump ^inner(%n2, %m2, %i2, %j2, %acc3)
^next(%n3: 32, %m3: 32, %i3: 32, %acc4: 64):
  %i4 = add.32 %i3, 1
  jump ^outer(%n3, %m3, %i4, %acc4)
^exit(%r: 64):
  return %r
}

; Euclid's gcd with rem_u
func @gcd(%a: 64, %b: 64) -> (64) {
  jump ^loop(%a, %b)
^loop(%x*2: 64, %y*3: 64):
  %z = eqz.64 %y
  br_if %z, ^done(%x)
  %r = rem_u.64 %x, %y
  jump ^loop(%y, %r)
^done(%g: 64):
  return %g
}

; parallel assignment through label parameters: swap until i = n
func @swap(%a: 32, %b: 32, %n: 32) -> (32, 32) {
  jump ^loop(%a, %b, %n)
^loop(%x*2: 32, %y*2: 32, %k*2: 32):
  %z = eqz.32 %k
  br_if %z, ^out(%x, %y)
  %k2 = sub.32 %k, 1
  jump ^loop(%y, %x, %k2)
^out(%p: 32, %q: 32):
  return %p, %q
}
`;

const CALLS = `
module ptr64

func @fib(%n*4: 32) -> (32) {
  %small = lt_u.32 %n, 2
  br_if %small, ^base(%n)
  %a = sub.32 %n, 1
  %fa: 32 = call @fib(%a)
  %b = sub.32 %n, 2
  %fb: 32 = call @fib(%b)
  %r = add.32 %fa, %fb
  return %r
^base(%x: 32):
  return %x
}

func @ack(%m*4: 64, %n*3: 64) -> (64) {
  %mz = eqz.64 %m
  br_if %mz, ^m0(%n)
  %nz = eqz.64 %n
  br_if %nz, ^n0(%m)
  %m1 = sub.64 %m, 1
  %n1 = sub.64 %n, 1
  %inner: 64 = call @ack(%m, %n1)
  %r: 64 = call @ack(%m1, %inner)
  return %r
^m0(%x: 64):
  %y = add.64 %x, 1
  return %y
^n0(%mm: 64):
  %mm1 = sub.64 %mm, 1
  %r2: 64 = call @ack(%mm1, 1)
  return %r2
}

func @is_even(%n*2: 32) -> (1) {
  %z = eqz.32 %n
  br_if %z, ^yes
  %n1 = sub.32 %n, 1
  %r: 1 = call @is_odd(%n1)
  return %r
^yes:
  return 1
}

func @is_odd(%n*2: 32) -> (1) {
  %z = eqz.32 %n
  br_if %z, ^no
  %n1 = sub.32 %n, 1
  %r: 1 = call @is_even(%n1)
  return %r
^no:
  return 0
}

; 12 arguments of mixed widths, weighted sum
func @many(%a: 64, %b: 32, %c: 8, %d: 16, %e: 64, %f: 32, %g: 64, %h: 32, %i: 64, %j: 32, %k: 64, %l: 32) -> (64) {
  %b1 = sext.64.32 %b
  %c1 = zext.64.8 %c
  %d1 = sext.64.16 %d
  %f1 = zext.64.32 %f
  %h1 = sext.64.32 %h
  %j1 = zext.64.32 %j
  %l1 = sext.64.32 %l
  %s1 = add.64 %a, %b1
  %s2 = mul.64 %c1, 3
  %s3 = sub.64 %s1, %s2
  %s4 = add.64 %s3, %d1
  %s5 = xor.64 %s4, %e
  %s6 = add.64 %s5, %f1
  %s7 = mul.64 %s6, %g
  %s8 = add.64 %s7, %h1
  %s9 = sub.64 %s8, %i
  %s10 = add.64 %s9, %j1
  %s11 = rotl.64 %s10, %k
  %s12 = add.64 %s11, %l1
  return %s12
}

func @call_many() -> (64) {
  %r: 64 = call @many(1, -2, 200, -300, 0x55, 7, 11, -13, 17, 19, 5, -23)
  return %r
}

; three results: quotient, remainder and a flag
func @divmod(%a*2: 32, %b*3: 32) -> (32, 32, 1) {
  %q = div_u.32 %a, %b
  %r = rem_u.32 %a, %b
  %big = gt_u.32 %b, 100
  return %q, %r, %big
}

func @use_divmod(%a: 32) -> (32) {
  %q: 32, %r: 32, %big: 1 = call @divmod(%a, 7)
  %w = zext.32.1 %big
  %t = mul.32 %q, 1000
  %u = add.32 %t, %r
  %v = add.32 %u, %w
  return %v
}
`;

const MEMORY = `
module ptr64
memory 256
data 0 "\\01\\02\\03\\04\\05\\06\\07\\08\\ff\\80"

; sum of n bytes starting at p, read as signed 8-bit
func @sum_bytes_s(%p: 64, %n: 64) -> (32) {
  jump ^loop(%p, %n, 0)
^loop(%q*2: 64, %k*2: 64, %acc*2: 32):
  %z = eqz.64 %k
  br_if %z, ^done(%acc)
  %b = load_s.32.8 %q
  %acc2 = add.32 %acc, %b
  %q2 = add.64 %q, 1
  %k2 = sub.64 %k, 1
  jump ^loop(%q2, %k2, %acc2)
^done(%r: 32):
  return %r
}

; store v at 64 with each width and read back with each extension
func @widths(%v*4: 64) -> (64, 64, 64, 64, 32, 32) {
  store.64 64, %v
  store.64.32 72, %v
  store.64.16 80, %v
  store.64.8 88, %v
  %a = load.64 64
  %b = load_u.64.32 72
  %c = load_s.64.16 80
  %d = load_u.64.8 88
  %e = load.32 64
  %f = load_s.32.8 88
  return %a, %b, %c, %d, %e, %f
}

; bubble sort n 32-bit words at p in place, return the checksum sum(i * a[i])
func @sort(%p: 64, %n: 64) -> (64) {
  jump ^outer(%p, %n, 0)
^outer(%p1: 64, %n1: 64, %i: 64):
  %last = sub.64 %n1, 1
  %done = ge_u.64 %i, %last
  br_if %done, ^check(%p1, %n1)
  jump ^inner(%p1, %n1, %i, 0)
^inner(%p2: 64, %n2: 64, %i2: 64, %j: 64):
  %lim1 = sub.64 %n2, 1
  %lim = sub.64 %lim1, %i2
  %jd = ge_u.64 %j, %lim
  br_if %jd, ^next(%p2, %n2, %i2)
  %off = shl.64 %j, 2
  %a = add.64 %p2, %off
  %bp = add.64 %a, 4
  %x = load.32 %a
  %y = load.32 %bp
  %gt = gt_s.32 %x, %y
  br_if %gt, ^swap(%p2, %n2, %i2, %j, %x, %y)
  %j1 = add.64 %j, 1
  jump ^inner(%p2, %n2, %i2, %j1)
^swap(%p3: 64, %n3: 64, %i3: 64, %j3: 64, %x3: 32, %y3: 32):
  %o = shl.64 %j3, 2
  %a3 = add.64 %p3, %o
  store.32 %a3, %y3
  %b3 = add.64 %a3, 4
  store.32 %b3, %x3
  %j4 = add.64 %j3, 1
  jump ^inner(%p3, %n3, %i3, %j4)
^next(%p4: 64, %n4: 64, %i4: 64):
  %i5 = add.64 %i4, 1
  jump ^outer(%p4, %n4, %i5)
^check(%p5: 64, %n5: 64):
  jump ^sum(%p5, %n5, 0, 0)
^sum(%p6: 64, %n6: 64, %k: 64, %acc: 64):
  %sd = ge_u.64 %k, %n6
  br_if %sd, ^out(%acc)
  %o6 = shl.64 %k, 2
  %a6 = add.64 %p6, %o6
  %v = load_s.64.32 %a6
  %w = mul.64 %v, %k
  %acc7 = add.64 %acc, %w
  %k7 = add.64 %k, 1
  jump ^sum(%p6, %n6, %k7, %acc7)
^out(%r: 64):
  return %r
}
`;

const INDIRECT = `
module ptr64
extern @host_mul(32, 32) -> (32)

func @double(%x: 32) -> (32) {
  %y = shl.32 %x, 1
  return %y
}

func @square(%x*2: 32) -> (32) {
  %y = mul.32 %x, %x
  return %y
}

func @apply(%which: 1, %x: 32) -> (32) {
  %d = func_addr @double
  %s = func_addr @square
  %f = select.64 %which, %s, %d
  %r: 32 = call_indirect %f, %x
  return %r
}

func @bad(%x: 32) -> (32) {
  %r: 32 = call_indirect 12345, %x
  return %r
}

func @wrong_sig(%x: 32) -> (64) {
  %f = func_addr @double
  %r: 64 = call_indirect %f, %x
  return %r
}

func @host(%a: 32, %b: 32) -> (32) {
  %r: 32 = call @host_mul(%a, %b)
  return %r
}
`;

describe('loops', () => {
  const it = interp(LOOPS);
  test.each([
    [0, 5],
    [3, 4],
    [10, 10],
    [37, 23],
  ])('nested(%i, %i)', (n, m) => {
    let expected = 0n;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) expected += BigInt(i * j);
    expect(values(it.call('nested', [n, m]))).toEqual([expected]);
  });

  test.each([
    [48n, 18n, 6n],
    [17n, 5n, 1n],
    [0n, 9n, 9n],
    [2n ** 61n - 1n, 2n ** 31n - 1n, 1n],
    [1071n * 2n ** 40n, 462n * 2n ** 40n, 21n * 2n ** 40n],
  ])('gcd(%i, %i) = %i', (a, b, g) => {
    expect(values(it.call('gcd', [a, b]))).toEqual([g]);
  });

  test('label parameters are assigned in parallel (swap)', () => {
    expect(values(it.call('swap', [1, 2, 3]))).toEqual([2n, 1n]);
    expect(values(it.call('swap', [1, 2, 4]))).toEqual([1n, 2n]);
  });
});

describe('calls and recursion', () => {
  const it = interp(CALLS);
  const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  test.each([0, 1, 2, 10, 20])('fib(%i)', (n) => {
    expect(values(it.call('fib', [n]))).toEqual([BigInt(fib(n))]);
  });

  test.each([
    [0n, 0n, 1n],
    [1n, 2n, 4n],
    [2n, 3n, 9n],
    [3n, 3n, 61n],
  ])('ackermann(%i, %i) = %i', (m, n, r) => {
    expect(values(it.call('ack', [m, n]))).toEqual([r]);
  });

  test('mutual recursion', () => {
    expect(values(it.call('is_even', [10]))).toEqual([1n]);
    expect(values(it.call('is_even', [7]))).toEqual([0n]);
    expect(values(it.call('is_odd', [7]))).toEqual([1n]);
  });

  test('12 arguments of mixed widths, immediates wrapped to each width', () => {
    const w = (v: bigint) => BigInt.asUintN(64, v);
    // Same computation in JS (the 8-bit argument 200 is unsigned, the 16-bit -300 signed).
    let s = 1n + -2n - 200n * 3n + -300n;
    s = s ^ 0x55n;
    s = w(s + 7n);
    s = w(s * 11n - 13n - 17n + 19n);
    s = w((s << 5n) | (s >> 59n));
    s = w(s - 23n);
    expect(values(it.call('call_many', []))).toEqual([s]);
  });

  test('three results', () => {
    expect(values(it.call('divmod', [100, 7]))).toEqual([14n, 2n, 0n]);
    expect(values(it.call('divmod', [1000, 101]))).toEqual([9n, 91n, 1n]);
    expect(values(it.call('use_divmod', [100]))).toEqual([14002n]);
  });
});

describe('memory', () => {
  test('data segments and sign-extending byte loads', () => {
    const it = interp(MEMORY);
    // 1+2+...+8 + (-1) + (-128)
    expect(values(it.call('sum_bytes_s', [0, 10]))).toEqual([BigInt.asUintN(32, 36n - 1n - 128n)]);
  });

  test('stores and loads of every width', () => {
    const it = interp(MEMORY);
    const v = 0x8899aabbccddeeffn;
    expect(values(it.call('widths', [v]))).toEqual([
      v,
      0xccddeeffn,
      0xffffffffffffeeffn,
      0xffn,
      0xccddeeffn,
      0xffffffffn,
    ]);
    // little-endian layout of the 64-bit store
    expect([...it.memory.bytes.subarray(64, 72)]).toEqual([
      0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88,
    ]);
    // the 16-bit truncating store wrote exactly two bytes
    expect([...it.memory.bytes.subarray(80, 83)]).toEqual([0xff, 0xee, 0x00]);
  });

  test('bubble sort in memory', () => {
    const it = interp(MEMORY);
    const data = [5, -3, 99, 0, 42, -77, 8, 8, 1, -1, 1000, 7];
    const view = new DataView(it.memory.bytes.buffer);
    data.forEach((x, i) => {
      view.setInt32(128 + 4 * i, x, true);
    });
    const sorted = [...data].sort((a, b) => a - b);
    const checksum = sorted.reduce((acc, x, i) => acc + BigInt(x * i), 0n);
    expect(values(it.call('sort', [128, data.length]))).toEqual([BigInt.asUintN(64, checksum)]);
    expect(data.map((_, i) => view.getInt32(128 + 4 * i, true))).toEqual(sorted);
  });
});

describe('indirect calls and host functions', () => {
  const it = interp(INDIRECT, { hosts: { host_mul: ([a, b]) => [a! * b!] } });
  test('call_indirect through func_addr', () => {
    expect(values(it.call('apply', [0, 21]))).toEqual([42n]);
    expect(values(it.call('apply', [1, 12]))).toEqual([144n]);
  });
  test('a bad target or signature traps', () => {
    expect(it.call('bad', [1])).toMatchObject({
      kind: 'trap',
      trap: 'bad_call_target',
      function: 'bad',
    });
    expect(it.call('wrong_sig', [1])).toMatchObject({ kind: 'trap', trap: 'bad_call_target' });
  });
  test('host function results are wrapped to the declared width', () => {
    expect(values(it.call('host', [0x10000, 0x10001]))).toEqual([0x10000n]);
  });
});
