; pressure.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @pressure
  0000  addi sp, sp, -64                ; frame
  0004  sw s0, 60(sp)                   ; frame
  0008  sw ra, 56(sp)                   ; frame
  000c  addi s0, sp, 64                 ; frame
  0010  sw s1, -16(s0)                  ; frame
  0014  sw s2, -24(s0)                  ; frame
  0018  sw s3, -32(s0)                  ; frame
  001c  sw s4, -40(s0)                  ; frame
  0020  sw s5, -48(s0)                  ; frame
  0024  sw s6, -56(s0)                  ; frame
  0028  sw s7, -64(s0)                  ; frame
  002c  addi t0, zero, 3                ; move #3 → $t0
  0030  mul t0, a0, t0                  ; %v0 = mul.32 %x, 3
  0034  addi t1, zero, 5                ; move #5 → $t1
  0038  mul t1, a0, t1                  ; %v1 = mul.32 %x, 5
  003c  addi t2, zero, 7                ; move #7 → $t2
  0040  mul t2, a0, t2                  ; %v2 = mul.32 %x, 7
  0044  addi a1, zero, 11               ; move #11 → $a1
  0048  mul a1, a0, a1                  ; %v3 = mul.32 %x, 11
  004c  addi a2, zero, 13               ; move #13 → $a2
  0050  mul a2, a0, a2                  ; %v4 = mul.32 %x, 13
  0054  addi a3, zero, 17               ; move #17 → $a3
  0058  mul a3, a0, a3                  ; %v5 = mul.32 %x, 17
  005c  addi a4, zero, 19               ; move #19 → $a4
  0060  mul a4, a0, a4                  ; %v6 = mul.32 %x, 19
  0064  addi a5, zero, 23               ; move #23 → $a5
  0068  mul a5, a0, a5                  ; %v7 = mul.32 %x, 23
  006c  addi a6, zero, 29               ; move #29 → $a6
  0070  mul a6, a0, a6                  ; %v8 = mul.32 %x, 29
  0074  addi a7, zero, 31               ; move #31 → $a7
  0078  mul a7, a0, a7                  ; %v9 = mul.32 %x, 31
  007c  addi t3, zero, 37               ; move #37 → $t3
  0080  mul t3, a0, t3                  ; %v10 = mul.32 %x, 37
  0084  addi t4, zero, 41               ; move #41 → $t4
  0088  mul t4, a0, t4                  ; %v11 = mul.32 %x, 41
  008c  addi t5, zero, 43               ; move #43 → $t5
  0090  mul t5, a0, t5                  ; %v12 = mul.32 %x, 43
  0094  addi t6, zero, 47               ; move #47 → $t6
  0098  mul t6, a0, t6                  ; %v13 = mul.32 %x, 47
  009c  addi s1, zero, 53               ; move #53 → $s1
  00a0  mul s1, a0, s1                  ; %v14 = mul.32 %x, 53
  00a4  addi s2, zero, 59               ; move #59 → $s2
  00a8  mul s2, a0, s2                  ; %v15 = mul.32 %x, 59
  00ac  addi s3, zero, 61               ; move #61 → $s3
  00b0  mul s3, a0, s3                  ; %v16 = mul.32 %x, 61
  00b4  addi s4, zero, 67               ; move #67 → $s4
  00b8  mul s4, a0, s4                  ; %v17 = mul.32 %x, 67
  00bc  addi s5, zero, 71               ; move #71 → $s5
  00c0  mul s5, a0, s5                  ; %v18 = mul.32 %x, 71
  00c4  addi s6, zero, 73               ; move #73 → $s6
  00c8  mul s6, a0, s6                  ; %v19 = mul.32 %x, 73
  00cc  add s7, t0, t1                  ; %s1 = add.32 %v0, %v1
  00d0  add t0, s7, t2                  ; %s2 = add.32 %s1, %v2
  00d4  add t1, t0, a1                  ; %s3 = add.32 %s2, %v3
  00d8  add t0, t1, a2                  ; %s4 = add.32 %s3, %v4
  00dc  add t1, t0, a3                  ; %s5 = add.32 %s4, %v5
  00e0  add t0, t1, a4                  ; %s6 = add.32 %s5, %v6
  00e4  add t1, t0, a5                  ; %s7 = add.32 %s6, %v7
  00e8  add t0, t1, a6                  ; %s8 = add.32 %s7, %v8
  00ec  add t1, t0, a7                  ; %s9 = add.32 %s8, %v9
  00f0  add t0, t1, t3                  ; %s10 = add.32 %s9, %v10
  00f4  add t1, t0, t4                  ; %s11 = add.32 %s10, %v11
  00f8  add t0, t1, t5                  ; %s12 = add.32 %s11, %v12
  00fc  add t1, t0, t6                  ; %s13 = add.32 %s12, %v13
  0100  add t0, t1, s1                  ; %s14 = add.32 %s13, %v14
  0104  add t1, t0, s2                  ; %s15 = add.32 %s14, %v15
  0108  add t0, t1, s3                  ; %s16 = add.32 %s15, %v16
  010c  add t1, t0, s4                  ; %s17 = add.32 %s16, %v17
  0110  add t0, t1, s5                  ; %s18 = add.32 %s17, %v18
  0114  add t1, t0, s6                  ; %s19 = add.32 %s18, %v19
  0118  add t0, t1, a0                  ; %s20 = add.32 %s19, %x
  011c  addi a0, t0, 0                  ; move $t0 → $a0
^epilogue:
  0120  lw s1, -16(s0)                  ; frame
  0124  lw s2, -24(s0)                  ; frame
  0128  lw s3, -32(s0)                  ; frame
  012c  lw s4, -40(s0)                  ; frame
  0130  lw s5, -48(s0)                  ; frame
  0134  lw s6, -56(s0)                  ; frame
  0138  lw s7, -64(s0)                  ; frame
  013c  lw ra, 56(sp)                   ; frame
  0140  lw s0, 60(sp)                   ; frame
  0144  addi sp, sp, 64                 ; frame
  0148  jalr zero, 0(ra)                ; return
