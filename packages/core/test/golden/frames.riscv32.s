; frames.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @id
^epilogue:
  0000  jalr zero, 0(ra)                ; return

func @far
  0000  addi sp, sp, -16                ; frame
  0004  sw s0, 12(sp)                   ; frame
  0008  sw ra, 8(sp)                    ; frame
  000c  addi s0, sp, 16                 ; frame
  0010  sw a0, -16(s0)                  ; frame
  0014  lui t6, 256                     ; move [1048576] → $t0
  0018  add t6, s0, t6                  ; move [1048576] → $t0
  001c  lw t0, 0(t6)                    ; move [1048576] → $t0
  0020  add t0, a1, t0                  ; %s = add.32 %x, %y
  0024  lui t6, 256                     ; move [1048576] → $t1
  0028  add t6, s0, t6                  ; move [1048576] → $t1
  002c  lw t1, 0(t6)                    ; move [1048576] → $t1
  0030  sub t1, a1, t1                  ; %d = sub.32 %x, %y
  0034  lui t6, 256                     ; move [1048576] → $t2
  0038  add t6, s0, t6                  ; move [1048576] → $t2
  003c  lw t2, 0(t6)                    ; move [1048576] → $t2
  0040  mul t2, a1, t2                  ; %m = mul.32 %x, %y
  0044  lw a0, -16(s0)                  ; move [-16] → $a0
  0048  lui t6, 256                     ; result 3
  004c  add t6, a0, t6                  ; result 3
  0050  sw t2, 0(t6)                    ; result 3
  0054  addi a0, t0, 0                  ; move $t0 → $a0
  0058  addi a1, t1, 0                  ; move $t1 → $a1
^epilogue:
  005c  lw ra, 8(sp)                    ; frame
  0060  lw s0, 12(sp)                   ; frame
  0064  addi sp, sp, 16                 ; frame
  0068  jalr zero, 0(ra)                ; return

func @huge
  0000  lui t6, 1048064                 ; frame
  0004  addi t6, t6, -64                ; frame
  0008  add sp, sp, t6                  ; frame
  000c  lui t6, 512                     ; frame
  0010  add t6, sp, t6                  ; frame
  0014  sw s0, 60(t6)                   ; frame
  0018  lui t6, 512                     ; frame
  001c  add t6, sp, t6                  ; frame
  0020  sw ra, 56(t6)                   ; frame
  0024  lui s0, 512                     ; frame
  0028  addi s0, s0, 64                 ; frame
  002c  add s0, sp, s0                  ; frame
  0030  lui t6, 1048320                 ; frame
  0034  add t6, s0, t6                  ; frame
  0038  sw s1, -24(t6)                  ; frame
  003c  lui t6, 1048320                 ; frame
  0040  add t6, s0, t6                  ; frame
  0044  sw s2, -32(t6)                  ; frame
  0048  lui t6, 1048320                 ; frame
  004c  add t6, s0, t6                  ; frame
  0050  sw s3, -40(t6)                  ; frame
  0054  lui t6, 1048320                 ; frame
  0058  add t6, s0, t6                  ; frame
  005c  sw s4, -48(t6)                  ; frame
  0060  addi t0, zero, 3                ; move #3 → $t0
  0064  mul t0, a0, t0                  ; %v0 = mul.32 %a, 3
  0068  addi t1, zero, 5                ; move #5 → $t1
  006c  mul t1, a0, t1                  ; %v1 = mul.32 %a, 5
  0070  addi s1, t0, 0                  ; move $t0 → $s1
  0074  addi s2, t1, 0                  ; move $t1 → $s2
  0078  lui t6, 256                     ; argument 2
  007c  add t6, sp, t6                  ; argument 2
  0080  sw a1, 0(t6)                    ; argument 2
  0084  addi a1, a0, 0                  ; move $a0 → $a1
  0088  lui a0, 1048320                 ; frame
  008c  addi a0, a0, -16                ; frame
  0090  add a0, s0, a0                  ; frame
  0094  jal ra, @far                    ; call @far
  0098  addi s3, a0, 0                  ; move $a0 → $s3
  009c  addi s4, a1, 0                  ; move $a1 → $s4
  00a0  lw a0, -16(s0)                  ; move [-16] → $a0
  00a4  jal ra, @id                     ; call @id
  00a8  add t0, s3, s4                  ; %t0 = add.32 %p, %q
  00ac  xor t1, t0, a0                  ; %t1 = xor.32 %t0, %k
  00b0  add t0, t1, s1                  ; %t2 = add.32 %t1, %v0
  00b4  sub t1, t0, s2                  ; %t3 = sub.32 %t2, %v1
  00b8  addi a0, t1, 0                  ; move $t1 → $a0
^epilogue:
  00bc  lui t6, 1048320                 ; frame
  00c0  add t6, s0, t6                  ; frame
  00c4  lw s1, -24(t6)                  ; frame
  00c8  lui t6, 1048320                 ; frame
  00cc  add t6, s0, t6                  ; frame
  00d0  lw s2, -32(t6)                  ; frame
  00d4  lui t6, 1048320                 ; frame
  00d8  add t6, s0, t6                  ; frame
  00dc  lw s3, -40(t6)                  ; frame
  00e0  lui t6, 1048320                 ; frame
  00e4  add t6, s0, t6                  ; frame
  00e8  lw s4, -48(t6)                  ; frame
  00ec  lui t6, 512                     ; frame
  00f0  add t6, sp, t6                  ; frame
  00f4  lw ra, 56(t6)                   ; frame
  00f8  lui t6, 512                     ; frame
  00fc  add t6, sp, t6                  ; frame
  0100  lw s0, 60(t6)                   ; frame
  0104  lui t6, 512                     ; frame
  0108  addi t6, t6, 64                 ; frame
  010c  add sp, sp, t6                  ; frame
  0110  jalr zero, 0(ra)                ; return
