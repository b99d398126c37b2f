; pairs64.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @wide
  0000  addi sp, sp, -16                ; frame
  0004  sw s0, 12(sp)                   ; frame
  0008  sw ra, 8(sp)                    ; frame
  000c  addi s0, sp, 16                 ; frame
  0010  add t0, a0, a2                  ; %s.lo*2 = add.32 %a.lo, %b.lo
  0014  sltu t1, t0, a0                 ; %6 = lt_u.32 %s.lo, %a.lo
  0018  add t2, a1, a3                  ; %7 = add.32 %a.hi, %b.hi
  001c  addi a5, t1, 0                  ; %8 = zext.32.1 %6
  0020  add t1, t2, a5                  ; %s.hi = add.32 %7, %8
  0024  srli t2, a4, 5                  ; %10 = shr_u.32 %n, 5
  0028  andi a5, t2, 1                  ; %11*2 = trunc.1.32 %10
  002c  xori t2, a4, -1                 ; %12 = not.32 %n
  0030  sll a6, t0, a4                  ; %13*2 = shl.32 %s.lo, %n
  0034  sll a7, t1, a4                  ; %14 = shl.32 %s.hi, %n
  0038  srli t1, t0, 1                  ; %15 = shr_u.32 %s.lo, 1
  003c  srl t0, t1, t2                  ; %16 = shr_u.32 %15, %12
  0040  or t1, a7, t0                   ; %17 = or.32 %14, %16
  0044  addi t0, a5, 0                  ; %.0 = zext.32.1 %11
  0048  sub t2, zero, t0                ; %.1*2 = neg.32 %.0
  004c  and t0, zero, t2                ; %.2 = and.32 0, %.1
  0050  xori a7, t2, -1                 ; %.3 = not.32 %.1
  0054  and t2, a6, a7                  ; %.4 = and.32 %13, %.3
  0058  or a7, t0, t2                   ; %t.lo*2 = or.32 %.2, %.4
  005c  addi t0, a5, 0                  ; %.5 = zext.32.1 %11
  0060  sub t2, zero, t0                ; %.6*2 = neg.32 %.5
  0064  and t0, a6, t2                  ; %.7 = and.32 %13, %.6
  0068  xori a5, t2, -1                 ; %.8 = not.32 %.6
  006c  and t2, t1, a5                  ; %.9 = and.32 %17, %.8
  0070  or t1, t0, t2                   ; %t.hi*2 = or.32 %.7, %.9
  0074  slt t0, t1, a3                  ; %20 = lt_s.32 %t.hi, %b.hi
  0078  sub t2, t1, a3                  ; %21 = eq.32 %t.hi, %b.hi
        sltiu t2, t2, 1
  0080  sltu a3, a7, a2                 ; %22 = lt_u.32 %t.lo, %b.lo
  0084  addi a2, t2, 0                  ; %.10 = zext.32.1 %21
  0088  addi t2, a3, 0                  ; %.11 = zext.32.1 %22
  008c  and a3, a2, t2                  ; %.12 = and.32 %.10, %.11
  0090  sltu t2, zero, a3               ; %23 = ne.32 %.12, 0
  0094  addi a2, t0, 0                  ; %.13 = zext.32.1 %20
  0098  addi t0, t2, 0                  ; %.14 = zext.32.1 %23
  009c  or t2, a2, t0                   ; %.15 = or.32 %.13, %.14
  00a0  sltu t0, zero, t2               ; %lt = ne.32 %.15, 0
  00a4  addi t2, t0, 0                  ; %.16 = zext.32.1 %lt
  00a8  sub a2, zero, t2                ; %.17*2 = neg.32 %.16
  00ac  and t2, a7, a2                  ; %.18 = and.32 %t.lo, %.17
  00b0  xori a3, a2, -1                 ; %.19 = not.32 %.17
  00b4  and a2, a0, a3                  ; %.20 = and.32 %a.lo, %.19
  00b8  or a0, t2, a2                   ; %m.lo = or.32 %.18, %.20
  00bc  addi t2, t0, 0                  ; %.21 = zext.32.1 %lt
  00c0  sub t0, zero, t2                ; %.22*2 = neg.32 %.21
  00c4  and t2, t1, t0                  ; %.23 = and.32 %t.hi, %.22
  00c8  xori t1, t0, -1                 ; %.24 = not.32 %.22
  00cc  and t0, a1, t1                  ; %.25 = and.32 %a.hi, %.24
  00d0  or t1, t2, t0                   ; %m.hi = or.32 %.23, %.25
  00d4  addi a1, t1, 0                  ; move $t1 → $a1
  00d8  addi a2, a4, 0                  ; move $a4 → $a2
  00dc  jal ra, @host                   ; call @host
  00e0  addi a2, zero, 10               ; move #10 → $a2
  00e4  lui a3, 0                       ; move #0 → $a3
  00e8  jal ra, @lirc_div_u64           ; call @lirc_div_u64
^epilogue:
  00ec  lw ra, 8(sp)                    ; frame
  00f0  lw s0, 12(sp)                   ; frame
  00f4  addi sp, sp, 16                 ; frame
  00f8  jalr zero, 0(ra)                ; return

func @lirc_div_u64
  0000  addi sp, sp, -32                ; frame
  0004  sw s0, 28(sp)                   ; frame
  0008  sw ra, 24(sp)                   ; frame
  000c  addi s0, sp, 32                 ; frame
  0010  or t0, a2, a3                   ; %any = or.32 %blo, %bhi
  0014  bne t0, zero, 8                 ; %zero = eqz.32 %any; trap_if %zero, int_divide_by_zero
        ebreak
  001c  addi a4, a3, 0                  ; move $a3 → $a4
  0020  addi a3, a2, 0                  ; move $a2 → $a3
  0024  addi a2, a1, 0                  ; move $a1 → $a2
  0028  addi a1, a0, 0                  ; move $a0 → $a1
  002c  addi a0, s0, -24                ; frame
  0030  jal ra, @lirc_udivmod64         ; call @lirc_udivmod64
^epilogue:
  0034  lw ra, 24(sp)                   ; frame
  0038  lw s0, 28(sp)                   ; frame
  003c  addi sp, sp, 32                 ; frame
  0040  jalr zero, 0(ra)                ; return

func @lirc_udivmod64
  0000  addi sp, sp, -16                ; frame
  0004  sw s0, 12(sp)                   ; frame
  0008  sw ra, 8(sp)                    ; frame
  000c  addi s0, sp, 16                 ; frame
  0010  sw a0, -16(s0)                  ; frame
  0014  or t0, a2, a4                   ; %highs = or.32 %ahi, %bhi
  0018  bne t0, zero, 8                 ; %small = eqz.32 %highs; br_if %small, ^small(%alo, %blo)
        jal zero, ^small
  0020  lui t0, 0                       ; move #0 → $t0
  0024  lui t1, 0                       ; move #0 → $t1
  0028  lui t2, 0                       ; move #0 → $t2
  002c  jal zero, ^step                 ; jump ^1
^small:
  0030  bne a3, zero, 8                 ; %.0 = eqz.32 %y; trap_if %.0, int_divide_by_zero
        ebreak
  0038  divu t0, a1, a3                 ; %q = div_u.32 %x, %y
  003c  remu t1, a1, a3                 ; %r = rem_u.32 %x, %y
  0040  lw t2, -16(s0)                  ; move [-16] → $t2
  0044  sw t1, 0(t2)                    ; result 3
  0048  lui a0, 0                       ; result 4
  004c  sw a0, 8(t2)                    ; result 4
  0050  addi a0, t0, 0                  ; move $t0 → $a0
  0054  lui a1, 0                       ; move #0 → $a1
  0058  jal zero, ^epilogue             ; jump ^epilogue
^step:
  005c  srli a0, t2, 31                 ; %out = shr_u.32 %rh, 31
  0060  slli a5, t2, 1                  ; %rh1 = shl.32 %rh, 1
  0064  srli t2, t1, 31                 ; %rlt = shr_u.32 %rl, 31
  0068  or a6, a5, t2                   ; %rh2*3 = or.32 %rh1, %rlt
  006c  slli t2, t1, 1                  ; %rl1 = shl.32 %rl, 1
  0070  srli t1, a2, 31                 ; %qht = shr_u.32 %qh, 31
  0074  or a5, t2, t1                   ; %rl2*3 = or.32 %rl1, %qht
  0078  slli t1, a2, 1                  ; %qh1 = shl.32 %qh, 1
  007c  srli t2, a1, 31                 ; %qlt = shr_u.32 %ql, 31
  0080  or a2, t1, t2                   ; %qh2*2 = or.32 %qh1, %qlt
  0084  slli t1, a1, 1                  ; %ql1 = shl.32 %ql, 1
  0088  sltu t2, a4, a6                 ; %hgt = gt_u.32 %rh2, %dhi
  008c  sub a1, a6, a4                  ; %heq = eq.32 %rh2, %dhi
        sltiu a1, a1, 1
  0094  sltu a7, a5, a3                 ; %lge = ge_u.32 %rl2, %dlo
        xori a7, a7, 1
  009c  addi t3, a1, 0                  ; %.1 = zext.32.1 %heq
  00a0  addi a1, a7, 0                  ; %.2 = zext.32.1 %lge
  00a4  and a7, t3, a1                  ; %.3 = and.32 %.1, %.2
  00a8  sltu a1, zero, a7               ; %lowge = ne.32 %.3, 0
  00ac  addi a7, t2, 0                  ; %.4 = zext.32.1 %hgt
  00b0  addi t2, a1, 0                  ; %.5 = zext.32.1 %lowge
  00b4  or a1, a7, t2                   ; %.6 = or.32 %.4, %.5
  00b8  sltu t2, zero, a1               ; %fits = ne.32 %.6, 0
  00bc  andi a1, a0, 1                  ; %over = trunc.1.32 %out
  00c0  addi a0, t2, 0                  ; %.7 = zext.32.1 %fits
  00c4  addi t2, a1, 0                  ; %.8 = zext.32.1 %over
  00c8  or a1, a0, t2                   ; %.9 = or.32 %.7, %.8
  00cc  sltu t2, zero, a1               ; %ge = ne.32 %.9, 0; %bit*2 = zext.32.1 %ge
  00d0  or a0, t1, t2                   ; %ql2*2 = or.32 %ql1, %bit
  00d4  sub t1, zero, t2                ; %mask*2 = sub.32 0, %bit
  00d8  and t2, a3, t1                  ; %sl*2 = and.32 %dlo, %mask
  00dc  and a1, a4, t1                  ; %shifted = and.32 %dhi, %mask
  00e0  sltu t1, a5, t2                 ; %nb = lt_u.32 %rl2, %sl
  00e4  sub a7, a5, t2                  ; %nl*2 = sub.32 %rl2, %sl
  00e8  sub t2, a6, a1                  ; %nd = sub.32 %rh2, %shifted
  00ec  addi a1, t1, 0                  ; %nw = zext.32.1 %nb
  00f0  sub t1, t2, a1                  ; %nh*2 = sub.32 %nd, %nw
  00f4  addi t2, t0, 1                  ; %i1*2 = add.32 %i, 1
  00f8  addi t0, zero, 64               ; move #64 → $t0
  00fc  bgeu t2, t0, 8                  ; %more = lt_u.32 %i1, 64; br_if %more, ^step(%i1, %ql2, %qh2, %nl, %nh, %dlo, %dhi)
        jal zero, ^stub1
  0104  lw t0, -16(s0)                  ; move [-16] → $t0
  0108  sw a7, 0(t0)                    ; result 3
  010c  sw t1, 8(t0)                    ; result 4
  0110  addi a1, a2, 0                  ; move $a2 → $a1
^epilogue:
  0114  lw ra, 8(sp)                    ; frame
  0118  lw s0, 12(sp)                   ; frame
  011c  addi sp, sp, 16                 ; frame
  0120  jalr zero, 0(ra)                ; return
^stub1:
  0124  addi t0, t2, 0                  ; move $t2 → $t0
  0128  addi a1, a0, 0                  ; move $a0 → $a1
  012c  addi t2, t1, 0                  ; move $t1 → $t2
  0130  addi t1, a7, 0                  ; move $a7 → $t1
  0134  jal zero, ^step                 ; jump ^step
