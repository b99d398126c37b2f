; constants.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @consts
  0000  addi t0, a0, 2047               ; %a = add.32 %x, 2047
  0004  lui t1, 1                       ; move #2048 → $t1
  0008  addi t1, t1, -2048              ; move #2048 → $t1
  000c  xor t1, a0, t1                  ; %b = xor.32 %x, 2048
  0010  lui t2, 74565                   ; move #305419896 → $t2
  0014  addi t2, t2, 1656               ; move #305419896 → $t2
  0018  add t2, a0, t2                  ; %c = add.32 %x, 305419896
  001c  andi a1, a0, -2048              ; %d = and.32 %x, 4294965248
  0020  add a0, t0, t1                  ; %s1 = add.32 %a, %b
  0024  xor t0, a0, t2                  ; %s2 = xor.32 %s1, %c
  0028  add t1, t0, a1                  ; %s3 = add.32 %s2, %d
  002c  addi a0, t1, 0                  ; move $t1 → $a0
^epilogue:
  0030  jalr zero, 0(ra)                ; return
