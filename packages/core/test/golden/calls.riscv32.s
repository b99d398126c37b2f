; calls.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @fib
  0000  addi sp, sp, -16                ; frame
  0004  sw s0, 12(sp)                   ; frame
  0008  sw ra, 8(sp)                    ; frame
  000c  addi s0, sp, 16                 ; frame
  0010  sw s1, -16(s0)                  ; frame
  0014  addi t0, zero, 2                ; move #2 → $t0
  0018  bgeu a0, t0, 8                  ; %small = lt_u.32 %n, 2; br_if %small, ^base(%n)
        jal zero, ^base
  0020  addi t0, zero, 1                ; move #1 → $t0
  0024  sub t0, a0, t0                  ; %n1 = sub.32 %n, 1
  0028  addi s1, a0, 0                  ; move $a0 → $s1
  002c  addi a0, t0, 0                  ; move $t0 → $a0
  0030  jal ra, @fib                    ; call @fib
  0034  addi t0, zero, 2                ; move #2 → $t0
  0038  sub t0, s1, t0                  ; %n2 = sub.32 %n, 2
  003c  addi s1, a0, 0                  ; move $a0 → $s1
  0040  addi a0, t0, 0                  ; move $t0 → $a0
  0044  jal ra, @fib                    ; call @fib
  0048  add t0, s1, a0                  ; %r = add.32 %a, %b
  004c  addi a0, t0, 0                  ; move $t0 → $a0
  0050  jal zero, ^epilogue             ; jump ^epilogue
^base:
^epilogue:
  0054  lw s1, -16(s0)                  ; frame
  0058  lw ra, 8(sp)                    ; frame
  005c  lw s0, 12(sp)                   ; frame
  0060  addi sp, sp, 16                 ; frame
  0064  jalr zero, 0(ra)                ; return
