/**
 * A small RV32IMFD emulator for tests, written from the unprivileged spec: it
 * executes the bytes a form encodes (one instruction word at a time, from pc
 * 0 until pc leaves the code or an ebreak stops it), so that the semantics
 * test can compare what the hardware does with what the form's Low IR says.
 *
 * Only what the forms use is implemented: every RV32I/M instruction but
 * fence and CSRs, and the F/D instructions with rm = rne (arithmetic) or rtz
 * (conversions to integer); any other encoding throws. Single-precision
 * values are NaN-boxed in the 64-bit f registers. Memory is sparse over the
 * whole 32-bit address space: a byte never written reads as a hash of its
 * address, so two copies agree without storing anything.
 */
import { f32FromBits, f32ToBits, f64FromBits, f64ToBits, type MemoryAccess } from '@lirc/low-ir';
import { fusedMultiplyAdd } from '../actions.js';

const M32 = 0xffffffffn;
const BOX = 0xffffffff00000000n;

/** A byte-addressed memory over 2^32 addresses; unwritten bytes read as a hash of the address. */
export class SparseMemory implements MemoryAccess {
  readonly written = new Map<number, number>();

  static initial(address: number): number {
    return Math.imul(address ^ 0x5bd1e995, 0x9e3779b1) >>> 24;
  }

  byte(address: number): number {
    return this.written.get(address) ?? SparseMemory.initial(address);
  }

  load(address: bigint, bytes: number): bigint {
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) {
      v = (v << 8n) | BigInt(this.byte(Number((address + BigInt(i)) & M32)));
    }
    return v;
  }

  store(address: bigint, bytes: number, value: bigint): void {
    for (let i = 0; i < bytes; i++) {
      this.written.set(
        Number((address + BigInt(i)) & M32),
        Number((value >> BigInt(8 * i)) & 0xffn),
      );
    }
  }

  clone(): SparseMemory {
    const copy = new SparseMemory();
    for (const [a, b] of this.written) copy.written.set(a, b);
    return copy;
  }
}

/** Unsupported encodings (the emulator covers only what the forms use). */
export class EmulatorError extends Error {
  override name = 'EmulatorError';
}

const signed32 = (v: bigint) => BigInt.asIntN(32, v);
const bits = (word: number, hi: number, lo: number) => (word >>> lo) & ((1 << (hi - lo + 1)) - 1);
const signExtend = (v: number, width: number) => (v << (32 - width)) >> (32 - width);

function isNaNBits(v: bigint, width: 32 | 64): boolean {
  return Number.isNaN(width === 32 ? f32FromBits(v & M32) : f64FromBits(v));
}

/** The hart: x0–x31, f0–f31, pc, and whether an ebreak stopped it. */
export class Hart {
  readonly x: bigint[] = new Array<bigint>(32).fill(0n);
  readonly f: bigint[] = new Array<bigint>(32).fill(0n);
  pc = 0;
  stopped: 'ebreak' | 'ecall' | undefined;

  constructor(readonly memory: SparseMemory) {}

  private setX(r: number, v: bigint): void {
    if (r !== 0) this.x[r] = v & M32;
  }

  /** Writes an f register: singles NaN-boxed. */
  private setF(r: number, v: bigint, width: 32 | 64): void {
    this.f[r] = width === 32 ? BOX | (v & M32) : BigInt.asUintN(64, v);
  }

  private num(r: number, width: 32 | 64): number {
    return width === 32 ? f32FromBits(this.f[r]! & M32) : f64FromBits(this.f[r]!);
  }

  private toBits(v: number, width: 32 | 64): bigint {
    return width === 32 ? f32ToBits(Math.fround(v)) : f64ToBits(v);
  }

  /** Runs `code` from pc 0 until pc leaves it or an ebreak/ecall stops it (at most 16 steps). */
  run(code: readonly number[]): void {
    for (let steps = 0; steps < 16 && this.stopped === undefined; steps++) {
      if (this.pc < 0 || this.pc >= code.length) return;
      const p = this.pc;
      this.step(code[p]! | (code[p + 1]! << 8) | (code[p + 2]! << 16) | (code[p + 3]! << 24));
    }
  }

  step(word: number): void {
    const opcode = bits(word, 6, 0);
    const rd = bits(word, 11, 7);
    const funct3 = bits(word, 14, 12);
    const rs1 = bits(word, 19, 15);
    const rs2 = bits(word, 24, 20);
    const funct7 = bits(word, 31, 25);
    const immI = BigInt(signExtend(bits(word, 31, 20), 12));
    const immS = BigInt(signExtend((bits(word, 31, 25) << 5) | bits(word, 11, 7), 12));
    const a = this.x[rs1]!;
    const b = this.x[rs2]!;
    let next = this.pc + 4;
    switch (opcode) {
      case 0b0110111: // LUI
        this.setX(rd, BigInt(word & 0xfffff000));
        break;
      case 0b0010111: // AUIPC
        this.setX(rd, BigInt(word & 0xfffff000) + BigInt(this.pc));
        break;
      case 0b1101111: {
        // JAL
        const imm =
          (bits(word, 31, 31) << 20) |
          (bits(word, 19, 12) << 12) |
          (bits(word, 20, 20) << 11) |
          (bits(word, 30, 21) << 1);
        this.setX(rd, BigInt(next));
        next = this.pc + signExtend(imm, 21);
        break;
      }
      case 0b1100111: // JALR
        this.setX(rd, BigInt(next));
        next = Number((a + immI) & M32 & ~1n);
        break;
      case 0b1100011: {
        // BRANCH
        const imm =
          (bits(word, 31, 31) << 12) |
          (bits(word, 7, 7) << 11) |
          (bits(word, 30, 25) << 5) |
          (bits(word, 11, 8) << 1);
        const taken = [
          a === b,
          a !== b,
          undefined,
          undefined,
          signed32(a) < signed32(b),
          signed32(a) >= signed32(b),
          a < b,
          a >= b,
        ][funct3];
        if (taken === undefined) throw new EmulatorError(`branch funct3 ${funct3}`);
        if (taken) next = this.pc + signExtend(imm, 13);
        break;
      }
      case 0b0000011: {
        // LOAD
        const address = (a + immI) & M32;
        const size = [1, 2, 4, 0, 1, 2][funct3];
        if (!size) throw new EmulatorError(`load funct3 ${funct3}`);
        const v = this.memory.load(address, size);
        this.setX(rd, funct3 < 4 ? BigInt.asIntN(size * 8, v) : v);
        break;
      }
      case 0b0100011: {
        // STORE
        const size = [1, 2, 4][funct3];
        if (!size) throw new EmulatorError(`store funct3 ${funct3}`);
        this.memory.store((a + immS) & M32, size, b);
        break;
      }
      case 0b0000111: // LOAD-FP
      case 0b0100111: {
        // STORE-FP
        const width = funct3 === 0b010 ? 32 : funct3 === 0b011 ? 64 : 0;
        if (width === 0) throw new EmulatorError(`fp load/store funct3 ${funct3}`);
        if (opcode === 0b0000111)
          this.setF(rd, this.memory.load((a + immI) & M32, width / 8), width);
        else this.memory.store((a + immS) & M32, width / 8, this.f[rs2]!);
        break;
      }
      case 0b0010011: // OP-IMM
        this.setX(rd, this.alu(funct3, funct7, a, immI, true));
        break;
      case 0b0110011: // OP
        this.setX(
          rd,
          funct7 === 1 ? this.muldiv(funct3, a, b) : this.alu(funct3, funct7, a, b, false),
        );
        break;
      case 0b1110011: // SYSTEM
        if (word === 0x00100073) this.stopped = 'ebreak';
        else if (word === 0x00000073) this.stopped = 'ecall';
        else throw new EmulatorError(`system word ${word.toString(16)}`);
        break;
      case 0b1010011: // OP-FP
        this.opFp(funct7 >> 2, funct7 & 3 ? 64 : 32, funct3, rd, rs1, rs2);
        break;
      case 0b1000011: // FMADD, FMSUB, FNMSUB, FNMADD
      case 0b1000111:
      case 0b1001011:
      case 0b1001111: {
        const width = bits(word, 26, 25) ? 64 : 32;
        if (funct3 !== 0) throw new EmulatorError(`fused rm ${funct3}`);
        const sign = 1n << BigInt(width - 1);
        const mask = width === 32 ? M32 : (1n << 64n) - 1n;
        const negateProduct = opcode === 0b1001011 || opcode === 0b1001111;
        const negateAddend = opcode === 0b1000111 || opcode === 0b1001111;
        const x1 = (this.f[rs1]! & mask) ^ (negateProduct ? sign : 0n);
        const x3 = (this.f[bits(word, 31, 27)]! & mask) ^ (negateAddend ? sign : 0n);
        this.setF(rd, fusedMultiplyAdd(x1, this.f[rs2]! & mask, x3, width), width);
        break;
      }
      default:
        throw new EmulatorError(`opcode ${opcode.toString(2)}`);
    }
    this.pc = next;
  }

  private alu(funct3: number, funct7: number, a: bigint, b: bigint, immediate: boolean): bigint {
    const shamt = b & 31n;
    switch (funct3) {
      case 0b000:
        return !immediate && funct7 === 0b0100000 ? a - b : a + b;
      case 0b001:
        return a << shamt;
      case 0b010:
        return signed32(a) < signed32(b) ? 1n : 0n;
      case 0b011:
        return a < (b & M32) ? 1n : 0n;
      case 0b100:
        return a ^ b;
      case 0b101:
        return funct7 === 0b0100000 ? signed32(a) >> shamt : a >> shamt;
      case 0b110:
        return a | b;
      default:
        return a & b;
    }
  }

  private muldiv(funct3: number, a: bigint, b: bigint): bigint {
    const sa = signed32(a);
    const sb = signed32(b);
    switch (funct3) {
      case 0b000:
        return a * b;
      case 0b001:
        return (sa * sb) >> 32n;
      case 0b010:
        return (sa * b) >> 32n;
      case 0b011:
        return (a * b) >> 32n;
      case 0b100:
        if (b === 0n) return -1n;
        if (sa === -(2n ** 31n) && sb === -1n) return sa;
        return sa / sb;
      case 0b101:
        return b === 0n ? M32 : a / b;
      case 0b110:
        if (b === 0n) return a;
        if (sa === -(2n ** 31n) && sb === -1n) return 0n;
        return sa % sb;
      default:
        return b === 0n ? a : a % b;
    }
  }

  private opFp(funct5: number, width: 32 | 64, rm: number, rd: number, rs1: number, rs2: number) {
    const mask = width === 32 ? M32 : (1n << 64n) - 1n;
    const sign = 1n << BigInt(width - 1);
    const a = this.num(rs1, width);
    const b = this.num(rs2, width);
    const abits = this.f[rs1]! & mask;
    const bbits = this.f[rs2]! & mask;
    const arithmetic = (v: number) => {
      if (rm !== 0) throw new EmulatorError(`rounding mode ${rm}`);
      this.setF(rd, this.toBits(v, width), width);
    };
    switch (funct5) {
      case 0b00000:
        return arithmetic(a + b);
      case 0b00001:
        return arithmetic(a - b);
      case 0b00010:
        return arithmetic(a * b);
      case 0b00011:
        return arithmetic(a / b);
      case 0b01011:
        return arithmetic(Math.sqrt(a));
      case 0b00100: {
        const s = [bbits & sign, ~bbits & sign, (abits ^ bbits) & sign][rm];
        if (s === undefined) throw new EmulatorError(`fsgnj rm ${rm}`);
        return this.setF(rd, (abits & ~sign) | s, width);
      }
      case 0b00101: {
        const canonical = width === 32 ? 0x7fc00000n : 0x7ff8000000000000n;
        const max = rm === 1;
        let r: bigint;
        if (Number.isNaN(a) && Number.isNaN(b)) r = canonical;
        else if (Number.isNaN(a)) r = bbits;
        else if (Number.isNaN(b)) r = abits;
        else if (a === b) r = ((abits & sign) !== 0n) !== max ? abits : bbits;
        else r = a < b !== max ? abits : bbits;
        return this.setF(rd, r, width);
      }
      case 0b10100: {
        const r = [a <= b, a < b, a === b][rm];
        if (r === undefined) throw new EmulatorError(`compare rm ${rm}`);
        return this.setX(rd, r ? 1n : 0n);
      }
      case 0b11000: {
        // fcvt.w[u].{s,d}: saturating, NaN as +∞
        let t: number;
        if (rm === 0b001) t = Math.trunc(a);
        else throw new EmulatorError(`fcvt to int rm ${rm}`);
        const [lo, hi] = rs2 === 0 ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
        const v = Number.isNaN(a) ? hi : Math.min(hi, Math.max(lo, t));
        return this.setX(rd, BigInt(v));
      }
      case 0b11010: {
        // fcvt.{s,d}.w[u]: exact for d, correctly rounded for s
        if (rm !== 0) throw new EmulatorError(`fcvt from int rm ${rm}`);
        const x = this.x[rs1]!;
        return this.setF(rd, this.toBits(Number(rs2 === 0 ? signed32(x) : x), width), width);
      }
      case 0b01000: {
        if (rm !== 0) throw new EmulatorError(`fcvt between floats rm ${rm}`);
        // width is the destination: fcvt.s.d (rs2 = 1) or fcvt.d.s (rs2 = 0)
        return this.setF(rd, this.toBits(this.num(rs1, rs2 === 1 ? 64 : 32), width), width);
      }
      case 0b11100:
        if (rm === 0 && width === 32) return this.setX(rd, abits);
        if (rm === 1) return this.setX(rd, classify(abits, a, width));
        throw new EmulatorError(`fmv.x/fclass rm ${rm}`);
      case 0b11110:
        return this.setF(rd, this.x[rs1]!, 32);
      default:
        throw new EmulatorError(`OP-FP funct5 ${funct5.toString(2)}`);
    }
  }
}

/** fclass, from the value (and the quiet bit for NaNs). */
function classify(bitsOf: bigint, v: number, width: 32 | 64): bigint {
  if (isNaNBits(bitsOf, width)) {
    const quiet = (bitsOf >> BigInt(width === 32 ? 22 : 51)) & 1n;
    return quiet ? 512n : 256n;
  }
  const negative = (bitsOf >> BigInt(width - 1)) & 1n;
  const minNormal = width === 32 ? 2 ** -126 : 2 ** -1022;
  let k: number;
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) k = 0;
  else if (v === 0) k = 3;
  else if (Math.abs(v) < minNormal) k = 2;
  else k = 1;
  return 1n << BigInt(negative ? k : 7 - k);
}
