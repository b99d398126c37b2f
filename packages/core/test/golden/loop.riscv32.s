; loop.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @sum
  0000  lui t0, 0                       ; move #0 → $t0
^loop:
  0004  bne a0, zero, 8                 ; %done = eqz.32 %i; br_if %done, ^exit(%acc)
        jal zero, ^exit
  000c  add t1, t0, a0                  ; %acc2 = add.32 %acc, %i
  0010  addi t0, zero, 1                ; move #1 → $t0
  0014  sub t0, a0, t0                  ; %i2 = sub.32 %i, 1
  0018  addi a0, t0, 0                  ; move $t0 → $a0
  001c  addi t0, t1, 0                  ; move $t1 → $t0
  0020  jal zero, ^loop                 ; jump ^loop
^exit:
  0024  addi a0, t0, 0                  ; move $t0 → $a0
^epilogue:
  0028  jalr zero, 0(ra)                ; return
