; division.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @divmix
  0000  divu t0, a0, a1                 ; %q = div_u.32 %0, %1
  0004  remu t1, a0, a1                 ; %r = rem_u.32 %0, %1
  0008  sll t2, a2, a1                  ; %s = shl.32 %2, %1
  000c  add a0, t0, t1                  ; %t = add.32 %3, %4
  0010  add t0, a0, t2                  ; %u = add.32 %6, %5
  0014  add t1, t0, a2                  ; %v = add.32 %7, %2
  0018  addi a0, t1, 0                  ; move $t1 → $a0
.Lepilogue:
  001c  jalr zero, 0(ra)                ; return
