; loop.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @sum
  0000  lui t0, 0                       ; move #0 → $t0
^0:
  0004  bne a0, zero, 8                 ; %done = eqz.32 %1; br_if %3, ^exit(%2)
        jal zero, ^1
  000c  add t1, t0, a0                  ; %acc2 = add.32 %2, %1
  0010  addi t0, zero, 1                ; move #1 → $t0
  0014  sub t0, a0, t0                  ; %i2 = sub.32 %1, 1
  0018  addi a0, t0, 0                  ; move $t0 → $a0
  001c  addi t0, t1, 0                  ; move $t1 → $t0
  0020  jal zero, ^0                    ; jump ^0
^1:
  0024  addi a0, t0, 0                  ; move $t0 → $a0
^epilogue:
  0028  jalr zero, 0(ra)                ; return
