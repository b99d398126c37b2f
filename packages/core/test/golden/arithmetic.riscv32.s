; arithmetic.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @arith
  0000  add t0, a0, a1                  ; %s = add.32 %a, %b
  0004  mul t1, t0, a2                  ; %t = mul.32 %s, %c
  0008  addi t0, zero, 7                ; move #7 → $t0
  000c  sub t0, t1, t0                  ; %u = sub.32 %t, 7
  0010  xor t1, t0, a0                  ; %v = xor.32 %u, %a
  0014  addi a0, t1, 0                  ; move $t1 → $a0
^epilogue:
  0018  jalr zero, 0(ra)                ; return
