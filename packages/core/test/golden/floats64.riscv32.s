; floats64.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @poly
  0000  addi sp, sp, -16                ; %4 = join.64.32 %x.lo, %x.hi
        sw a0, 0(sp)
        sw a1, 4(sp)
        fld ft0, 0(sp)
        addi sp, sp, 16
  0014  addi sp, sp, -16                ; %5 = join.64.32 %y.lo, %y.hi
        sw a2, 0(sp)
        sw a3, 4(sp)
        fld ft1, 0(sp)
        addi sp, sp, 16
  0028  fadd.d ft2, ft0, ft1, rne       ; %s = fadd.64 %4, %5
  002c  addi sp, sp, -16                ; %7 = join.64.32 %x.lo, %x.hi
        sw a0, 0(sp)
        sw a1, 4(sp)
        fld ft0, 0(sp)
        addi sp, sp, 16
  0040  fmul.d ft1, ft2, ft0, rne       ; %p = fmul.64 %s, %7
  0044  addi sp, sp, -16                ; %9 = trunc.32.64 %p
        fsd ft1, 0(sp)
        lw t0, 0(sp)
        addi sp, sp, 16
  0054  addi sp, sp, -16                ; %10 = high.32.64 %p
        fsd ft1, 0(sp)
        lw t1, 4(sp)
        addi sp, sp, 16
  0064  addi a0, t0, 0                  ; move $t0 → $a0
  0068  addi a1, t1, 0                  ; move $t1 → $a1
^epilogue:
  006c  jalr zero, 0(ra)                ; return

func @from_i64
  0000  fcvt.d.w ft0, a1                ; %2 = itof_s.64.32 %n.hi
  0004  fcvt.d.wu ft1, a0               ; %3 = itof_u.64.32 %n.lo
  0008  lui t0, 270080                  ; move #1106247680 → $t0
  000c  addi sp, sp, -16                ; %4 = join.64.32 0, 1106247680
        sw zero, 0(sp)
        sw t0, 4(sp)
        fld ft2, 0(sp)
        addi sp, sp, 16
  0020  fmul.d ft3, ft0, ft2, rne       ; %5 = fmul.64 %2, %4
  0024  fadd.d ft0, ft3, ft1, rne       ; %f = fadd.64 %5, %3
  0028  lui t0, 261632                  ; move #1071644672 → $t0
  002c  addi sp, sp, -16                ; %7 = join.64.32 0, 1071644672
        sw zero, 0(sp)
        sw t0, 4(sp)
        fld ft1, 0(sp)
        addi sp, sp, 16
  0040  fmul.d ft2, ft0, ft1, rne       ; %h = fmul.64 %f, %7
  0044  addi sp, sp, -16                ; %9 = trunc.32.64 %h
        fsd ft2, 0(sp)
        lw t0, 0(sp)
        addi sp, sp, 16
  0054  addi sp, sp, -16                ; %10 = high.32.64 %h
        fsd ft2, 0(sp)
        lw t1, 4(sp)
        addi sp, sp, 16
  0064  addi a0, t0, 0                  ; move $t0 → $a0
  0068  addi a1, t1, 0                  ; move $t1 → $a1
^epilogue:
  006c  jalr zero, 0(ra)                ; return

func @to_i64
  0000  addi sp, sp, -16                ; %2*6 = join.64.32 %f.lo, %f.hi
        sw a0, 0(sp)
        sw a1, 4(sp)
        fld ft0, 0(sp)
        addi sp, sp, 16
  0014  fsgnj.d ft1, ft0, ft0           ; move $ft0 → $ft1
  0018  feq.d t0, ft0, ft1              ; %.0 = feq.64 %2, %2
  001c  addi t1, t0, 0                  ; %.1 = zext.32.1 %.0
  0020  addi t0, zero, 1                ; move #1 → $t0
  0024  addi t0, t0, 0                  ; %.2 = zext.32.1 1
  0028  xor t2, t1, t0                  ; %.3 = xor.32 %.1, %.2
  002c  sltu t0, zero, t2               ; %3 = ne.32 %.3, 0
  0030  lui t1, 802304                  ; move #3286237184 → $t1
  0034  addi sp, sp, -16                ; %4 = join.64.32 0, 3286237184
        sw zero, 0(sp)
        sw t1, 4(sp)
        fld ft2, 0(sp)
        addi sp, sp, 16
  0048  flt.d t1, ft0, ft2              ; %5 = flt.64 %2, %4
  004c  lui t2, 278016                  ; move #1138753536 → $t2
  0050  addi sp, sp, -16                ; %6 = join.64.32 0, 1138753536
        sw zero, 0(sp)
        sw t2, 4(sp)
        fld ft2, 0(sp)
        addi sp, sp, 16
  0064  fle.d t2, ft2, ft0              ; %7 = fge.64 %2, %6
  0068  beq t0, zero, 8                 ; trap_if %3, invalid_conversion
        ebreak
  0070  addi t0, t1, 0                  ; %.7 = zext.32.1 %5
  0074  addi t1, t2, 0                  ; %.8 = zext.32.1 %7
  0078  or t2, t0, t1                   ; %.9 = or.32 %.7, %.8
  007c  beq t2, zero, 8                 ; %8 = ne.32 %.9, 0; trap_if %8, int_overflow
        ebreak
  0084  fsgnjx.d ft2, ft0, ft0          ; %9*2 = fabs.64 %2
  0088  lui t0, 253696                  ; move #1039138816 → $t0
  008c  addi sp, sp, -16                ; %10 = join.64.32 0, 1039138816
        sw zero, 0(sp)
        sw t0, 4(sp)
        fld ft3, 0(sp)
        addi sp, sp, 16
  00a0  fmul.d ft4, ft2, ft3, rne       ; %11 = fmul.64 %9, %10
  00a4  fsgnj.d ft3, ft4, ft4           ; move $ft4 → $ft3
  00a8  feq.d t0, ft4, ft3              ; %.13 = feq.64 %11, %11
  00ac  bne t0, zero, 8                 ; %.4 = xor.1 %.13, 1; trap_if %.4, invalid_conversion
        ebreak
  00b4  lui t0, 0                       ; %.14 = const.32 0
  00b8  lui t1, 786176                  ; %.15 = const.32 3220176896
  00bc  addi sp, sp, -16                ; %.16 = join.64.32 %.14, %.15
        sw t0, 0(sp)
        sw t1, 4(sp)
        fld ft5, 0(sp)
        addi sp, sp, 16
  00d0  fle.d t0, ft4, ft5              ; %.5 = fle.64 %11, %.16
  00d4  beq t0, zero, 8                 ; trap_if %.5, int_overflow
        ebreak
  00dc  lui t0, 0                       ; %.17 = const.32 0
  00e0  lui t1, 270080                  ; %.18 = const.32 1106247680
  00e4  addi sp, sp, -16                ; %.19 = join.64.32 %.17, %.18
        sw t0, 0(sp)
        sw t1, 4(sp)
        fld ft5, 0(sp)
        addi sp, sp, 16
  00f8  fle.d t0, ft5, ft4              ; %.6 = fge.64 %11, %.19
  00fc  beq t0, zero, 8                 ; trap_if %.6, int_overflow
        ebreak
  0104  fcvt.wu.d t0, ft4, rtz          ; %12*2 = ftoi_u.32.64 %11
  0108  fcvt.d.wu ft3, t0               ; %13 = itof_u.64.32 %12
  010c  lui t1, 270080                  ; move #1106247680 → $t1
  0110  addi sp, sp, -16                ; %14 = join.64.32 0, 1106247680
        sw zero, 0(sp)
        sw t1, 4(sp)
        fld ft4, 0(sp)
        addi sp, sp, 16
  0124  fmul.d ft5, ft3, ft4, rne       ; %15 = fmul.64 %13, %14
  0128  fsub.d ft3, ft2, ft5, rne       ; %16 = fsub.64 %9, %15
  012c  fsgnj.d ft2, ft3, ft3           ; move $ft3 → $ft2
  0130  feq.d t1, ft3, ft2              ; %.20 = feq.64 %16, %16
  0134  bne t1, zero, 8                 ; %.10 = xor.1 %.20, 1; trap_if %.10, invalid_conversion
        ebreak
  013c  lui t1, 0                       ; %.21 = const.32 0
  0140  lui t2, 786176                  ; %.22 = const.32 3220176896
  0144  addi sp, sp, -16                ; %.23 = join.64.32 %.21, %.22
        sw t1, 0(sp)
        sw t2, 4(sp)
        fld ft4, 0(sp)
        addi sp, sp, 16
  0158  fle.d t1, ft3, ft4              ; %.11 = fle.64 %16, %.23
  015c  beq t1, zero, 8                 ; trap_if %.11, int_overflow
        ebreak
  0164  lui t1, 0                       ; %.24 = const.32 0
  0168  lui t2, 270080                  ; %.25 = const.32 1106247680
  016c  addi sp, sp, -16                ; %.26 = join.64.32 %.24, %.25
        sw t1, 0(sp)
        sw t2, 4(sp)
        fld ft4, 0(sp)
        addi sp, sp, 16
  0180  fle.d t1, ft4, ft3              ; %.12 = fge.64 %16, %.26
  0184  beq t1, zero, 8                 ; trap_if %.12, int_overflow
        ebreak
  018c  fcvt.wu.d t1, ft3, rtz          ; %17 = ftoi_u.32.64 %16
  0190  addi sp, sp, -16                ; %18 = join.64.32 0, 0
        sw zero, 0(sp)
        sw zero, 4(sp)
        fld ft2, 0(sp)
        addi sp, sp, 16
  01a4  flt.d t2, ft0, ft2              ; %19 = flt.64 %2, %18; %20 = zext.32.1 %19
  01a8  sub a0, zero, t2                ; %21*5 = sub.32 0, %20
  01ac  xor t2, t1, a0                  ; %22*2 = xor.32 %17, %21
  01b0  xor t1, t0, a0                  ; %23 = xor.32 %12, %21
  01b4  sltu t0, t2, a0                 ; %24 = lt_u.32 %22, %21
  01b8  sub a1, t2, a0                  ; %n.lo = sub.32 %22, %21
  01bc  sub t2, t1, a0                  ; %26 = sub.32 %23, %21
  01c0  addi t1, t0, 0                  ; %27 = zext.32.1 %24
  01c4  sub t0, t2, t1                  ; %n.hi = sub.32 %26, %27
  01c8  addi a0, a1, 0                  ; move $a1 → $a0
  01cc  addi a1, t0, 0                  ; move $t0 → $a1
^epilogue:
  01d0  jalr zero, 0(ra)                ; return
