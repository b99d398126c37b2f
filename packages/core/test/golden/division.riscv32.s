; division.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @divmix
  0000  bne a1, zero, 8                 ; %.0 = eqz.32 %b; trap_if %.0, int_divide_by_zero
        ebreak
  0008  divu t0, a0, a1                 ; %q = div_u.32 %a, %b
  000c  remu t1, a0, a1                 ; %r = rem_u.32 %a, %b
  0010  sll t2, a2, a1                  ; %s = shl.32 %c, %b
  0014  add a0, t0, t1                  ; %t = add.32 %q, %r
  0018  add t0, a0, t2                  ; %u = add.32 %t, %s
  001c  add t1, t0, a2                  ; %v = add.32 %u, %c
  0020  addi a0, t1, 0                  ; move $t1 → $a0
^epilogue:
  0024  jalr zero, 0(ra)                ; return
