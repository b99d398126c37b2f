/**
 * Host glue over koffi, in plain JavaScript so that both the package's
 * TypeScript (src/native.ts, through ffi.d.mts) and the isolated child
 * (child.mjs, run by plain Node with no TypeScript loader) share one copy.
 *
 * It maps pages with the C library's mmap/mprotect/munmap (Linux constants),
 * turns a code address and a signature into a callable JavaScript function,
 * registers JavaScript callbacks as C function pointers, and converts values
 * to and from the JSON wire form the child protocol uses. It knows nothing of
 * any instruction set: calls follow the host's C calling convention.
 */
import { createRequire } from 'node:module';

// koffi (a native addon) is loaded on first use, so importing the package
// costs nothing for callers that only build executables.
const require = createRequire(import.meta.url);
let koffiModule;
function ffi() {
  koffiModule ??= require('koffi');
  return koffiModule;
}

const PROT_READ = 1;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MAP_FAILED = 0xffff_ffff_ffff_ffffn;
const SC_PAGESIZE = 30;

/** The C type koffi uses for each value kind. */
const C_TYPES = {
  i32: 'int32_t',
  i64: 'int64_t',
  f32: 'float',
  f64: 'double',
  ptr: 'uintptr_t',
};

/** The value kinds a signature may use. */
export const VALUE_KINDS = Object.freeze(Object.keys(C_TYPES));

let libc;

/** The C library's functions, loaded on first use. */
function host() {
  if (libc !== undefined) return libc;
  if (process.platform !== 'linux') {
    throw new Error(`@lirc/runtime: running host code needs Linux (this is ${process.platform})`);
  }
  const lib = ffi().load('libc.so.6');
  libc = {
    mmap: lib.func(
      'uintptr_t mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, long off)',
    ),
    mprotect: lib.func('int mprotect(uintptr_t addr, size_t len, int prot)'),
    munmap: lib.func('int munmap(uintptr_t addr, size_t len)'),
    sysconf: lib.func('long sysconf(int name)'),
    strerror: lib.func('const char *strerror(int errnum)'),
  };
  libc.pageSize = Number(libc.sysconf(SC_PAGESIZE));
  return libc;
}

function failure(what) {
  const errno = ffi().errno();
  return new Error(`@lirc/runtime: ${what} failed: ${host().strerror(errno)} (errno ${errno})`);
}

/** The host's page size in bytes. */
export function pageSize() {
  return host().pageSize;
}

/** `size` rounded up to whole pages (at least one page). */
export function roundToPages(size) {
  const page = pageSize();
  return Math.max(page, Math.ceil(size / page) * page);
}

/** Maps fresh zeroed read-write pages; returns their address (a bigint) and rounded size. */
export function mapPages(size) {
  const c = host();
  const length = roundToPages(size);
  const address = BigInt(
    c.mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
  );
  if (address === MAP_FAILED) throw failure(`mmap of ${length} bytes`);
  return { address, size: length };
}

const PROTECTIONS = {
  none: 0,
  r: PROT_READ,
  rw: PROT_READ | PROT_WRITE,
  rx: PROT_READ | PROT_EXEC,
};

/** Sets the protection of mapped pages: 'none', 'r', 'rw' or 'rx'. */
export function protectPages(address, size, access) {
  const prot = PROTECTIONS[access];
  if (prot === undefined) throw new Error(`@lirc/runtime: unknown page access '${access}'`);
  if (host().mprotect(address, size, prot) !== 0) throw failure(`mprotect(${access})`);
}

/** Unmaps pages mapped by mapPages. */
export function unmapPages(address, size) {
  if (host().munmap(address, size) !== 0) throw failure('munmap');
}

/** A Uint8Array over `size` bytes of host memory at `address` (no copy). */
export function bytesAt(address, size) {
  if (size === 0) return new Uint8Array(0);
  return new Uint8Array(ffi().view(address, size));
}

/** Throws unless `signature` is { params: kind[], results: kind[] } with at most one result. */
export function checkSignature(signature) {
  const { params, results } = signature ?? {};
  if (!Array.isArray(params) || !Array.isArray(results)) {
    throw new Error('@lirc/runtime: a signature is { params: ValueKind[], results: ValueKind[] }');
  }
  for (const kind of [...params, ...results]) {
    if (!Object.hasOwn(C_TYPES, kind)) {
      throw new Error(
        `@lirc/runtime: unknown value kind '${kind}' (known: ${VALUE_KINDS.join(', ')})`,
      );
    }
  }
  if (results.length > 1) {
    throw new Error(`@lirc/runtime: a host call returns at most one value, not ${results.length}`);
  }
}

const prototypes = new Map();

/** The koffi prototype of a signature, one per distinct signature. */
function prototypeOf(signature) {
  const key = `${signature.params.join(',')}->${signature.results.join(',')}`;
  let proto = prototypes.get(key);
  if (proto === undefined) {
    const result = signature.results.length === 0 ? 'void' : C_TYPES[signature.results[0]];
    proto = ffi().proto(
      result,
      signature.params.map((k) => C_TYPES[k]),
    );
    prototypes.set(key, proto);
  }
  return proto;
}

/** A JavaScript argument converted to what koffi takes for `kind`. */
export function toHost(kind, value) {
  switch (kind) {
    case 'i32':
      if (typeof value === 'bigint') return Number(BigInt.asIntN(32, value));
      if (!Number.isInteger(value)) throw new TypeError(`i32 argument ${value} is not an integer`);
      return value | 0;
    case 'i64':
      if (typeof value !== 'bigint' && !Number.isSafeInteger(value)) {
        throw new TypeError(`i64 argument ${value} is neither a bigint nor a safe integer`);
      }
      return BigInt.asIntN(64, BigInt(value));
    case 'ptr':
      if (typeof value !== 'bigint' && !Number.isSafeInteger(value)) {
        throw new TypeError(`ptr argument ${value} is neither a bigint nor a safe integer`);
      }
      return BigInt.asUintN(64, BigInt(value));
    default:
      if (typeof value !== 'number')
        throw new TypeError(`${kind} argument ${value} is not a number`);
      return value;
  }
}

/** A koffi result converted to the package's form: i32/f32/f64 numbers, i64/ptr bigints. */
export function fromHost(kind, value) {
  switch (kind) {
    case 'i64':
      return BigInt.asIntN(64, BigInt(value));
    case 'ptr':
      return value === null ? 0n : BigInt.asUintN(64, BigInt(value));
    default:
      return value;
  }
}

/** The converter of a JavaScript argument of `kind` (see toHost). */
function argumentConverter(kind) {
  return (value) => toHost(kind, value);
}

/**
 * A JavaScript function that calls the code at `address` with the host's C
 * calling convention. Arguments are converted per kind (i64/ptr take bigint
 * or safe integers); the result is a number (i32, f32, f64), a bigint (i64,
 * ptr) or undefined (no result). `guard`, if given, runs before every call
 * (and throws to refuse it). Up to four parameters get a specialised
 * wrapper: about 50 ns per (i32, i32) -> i32 call, as fast as koffi's own.
 */
export function callable(address, signature, guard = () => {}) {
  checkSignature(signature);
  const native = ffi().decode(BigInt(address), prototypeOf(signature));
  const { params, results } = signature;
  const kind = results[0];
  const post =
    kind === undefined
      ? () => undefined
      : kind === 'i64' || kind === 'ptr'
        ? (v) => fromHost(kind, v)
        : (v) => v;
  const arity = params.length;
  const [c0, c1, c2, c3] = params.map(argumentConverter);
  const check = (count) => {
    guard();
    if (count !== arity) throw new TypeError(`expected ${arity} argument(s), got ${count}`);
  };
  switch (arity) {
    case 0:
      return function call0(...args) {
        check(args.length);
        return post(native());
      };
    case 1:
      return function call1(...args) {
        check(args.length);
        return post(native(c0(args[0])));
      };
    case 2:
      return function call2(...args) {
        check(args.length);
        return post(native(c0(args[0]), c1(args[1])));
      };
    case 3:
      return function call3(...args) {
        check(args.length);
        return post(native(c0(args[0]), c1(args[1]), c2(args[2])));
      };
    case 4:
      return function call4(...args) {
        check(args.length);
        return post(native(c0(args[0]), c1(args[1]), c2(args[2]), c3(args[3])));
      };
    default:
      return (...args) => {
        check(args.length);
        return post(native(...args.map((a, k) => toHost(params[k], a))));
      };
  }
}

/**
 * Registers `fn` as a C function pointer of `signature` (host calls into
 * JavaScript). Returns its address and a release function.
 */
export function hostFunction(fn, signature) {
  checkSignature(signature);
  const { params, results } = signature;
  const result = results[0];
  const wrapped = (...args) => {
    const converted = args.map((a, k) => fromHost(params[k], a));
    const value = fn(...converted);
    return result === undefined ? undefined : toHost(result, value);
  };
  const handle = ffi().register(wrapped, ffi().pointer(prototypeOf(signature)));
  const address = BigInt(ffi().address(handle));
  return { address, release: () => ffi().unregister(handle) };
}

/**
 * A value in the child protocol's JSON form: i32 as a number, i64 and ptr as
 * decimal strings, f32 and f64 as the hexadecimal bits of a double (so NaN,
 * infinities and -0 survive JSON).
 */
export function toWire(kind, value) {
  switch (kind) {
    case 'i32':
      return Number(value);
    case 'i64':
    case 'ptr':
      return BigInt(value).toString();
    default: {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, Number(value), true);
      return view.getBigUint64(0, true).toString(16);
    }
  }
}

/** The inverse of toWire: i32/f32/f64 numbers, i64/ptr bigints. */
export function fromWire(kind, wire) {
  switch (kind) {
    case 'i32':
      return wire;
    case 'i64':
      return BigInt.asIntN(64, BigInt(wire));
    case 'ptr':
      return BigInt.asUintN(64, BigInt(wire));
    default: {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${wire}`), true);
      return view.getFloat64(0, true);
    }
  }
}
