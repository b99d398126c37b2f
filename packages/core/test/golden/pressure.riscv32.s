; pressure.lir compiled for riscv32 by LIRC (BLESS=1 to refresh)
func @pressure
  0000  addi sp, sp, -80                ; frame
  0004  sw s0, 76(sp)                   ; frame
  0008  sw ra, 72(sp)                   ; frame
  000c  addi s0, sp, 80                 ; frame
  0010  sw s1, -16(s0)                  ; frame
  0014  sw s2, -24(s0)                  ; frame
  0018  sw s3, -32(s0)                  ; frame
  001c  sw s4, -40(s0)                  ; frame
  0020  sw s5, -48(s0)                  ; frame
  0024  sw s6, -56(s0)                  ; frame
  0028  sw s7, -64(s0)                  ; frame
  002c  sw s8, -72(s0)                  ; frame
  0030  addi t0, zero, 3                ; move #3 → $t0
  0034  mul t0, a0, t0                  ; %v0 = mul.32 %x, 3
  0038  addi t1, zero, 5                ; move #5 → $t1
  003c  mul t1, a0, t1                  ; %v1 = mul.32 %x, 5
  0040  addi t2, zero, 7                ; move #7 → $t2
  0044  mul t2, a0, t2                  ; %v2 = mul.32 %x, 7
  0048  addi a1, zero, 11               ; move #11 → $a1
  004c  mul a1, a0, a1                  ; %v3 = mul.32 %x, 11
  0050  addi a2, zero, 13               ; move #13 → $a2
  0054  mul a2, a0, a2                  ; %v4 = mul.32 %x, 13
  0058  addi a3, zero, 17               ; move #17 → $a3
  005c  mul a3, a0, a3                  ; %v5 = mul.32 %x, 17
  0060  addi a4, zero, 19               ; move #19 → $a4
  0064  mul a4, a0, a4                  ; %v6 = mul.32 %x, 19
  0068  addi a5, zero, 23               ; move #23 → $a5
  006c  mul a5, a0, a5                  ; %v7 = mul.32 %x, 23
  0070  addi a6, zero, 29               ; move #29 → $a6
  0074  mul a6, a0, a6                  ; %v8 = mul.32 %x, 29
  0078  addi a7, zero, 31               ; move #31 → $a7
  007c  mul a7, a0, a7                  ; %v9 = mul.32 %x, 31
  0080  addi t3, zero, 37               ; move #37 → $t3
  0084  mul t3, a0, t3                  ; %v10 = mul.32 %x, 37
  0088  addi t4, zero, 41               ; move #41 → $t4
  008c  mul t4, a0, t4                  ; %v11 = mul.32 %x, 41
  0090  addi t5, zero, 43               ; move #43 → $t5
  0094  mul t5, a0, t5                  ; %v12 = mul.32 %x, 43
  0098  addi s1, zero, 47               ; move #47 → $s1
  009c  mul s1, a0, s1                  ; %v13 = mul.32 %x, 47
  00a0  addi s2, zero, 53               ; move #53 → $s2
  00a4  mul s2, a0, s2                  ; %v14 = mul.32 %x, 53
  00a8  addi s3, zero, 59               ; move #59 → $s3
  00ac  mul s3, a0, s3                  ; %v15 = mul.32 %x, 59
  00b0  addi s4, zero, 61               ; move #61 → $s4
  00b4  mul s4, a0, s4                  ; %v16 = mul.32 %x, 61
  00b8  addi s5, zero, 67               ; move #67 → $s5
  00bc  mul s5, a0, s5                  ; %v17 = mul.32 %x, 67
  00c0  addi s6, zero, 71               ; move #71 → $s6
  00c4  mul s6, a0, s6                  ; %v18 = mul.32 %x, 71
  00c8  addi s7, zero, 73               ; move #73 → $s7
  00cc  mul s7, a0, s7                  ; %v19 = mul.32 %x, 73
  00d0  add s8, t0, t1                  ; %s1 = add.32 %v0, %v1
  00d4  add t0, s8, t2                  ; %s2 = add.32 %s1, %v2
  00d8  add t1, t0, a1                  ; %s3 = add.32 %s2, %v3
  00dc  add t0, t1, a2                  ; %s4 = add.32 %s3, %v4
  00e0  add t1, t0, a3                  ; %s5 = add.32 %s4, %v5
  00e4  add t0, t1, a4                  ; %s6 = add.32 %s5, %v6
  00e8  add t1, t0, a5                  ; %s7 = add.32 %s6, %v7
  00ec  add t0, t1, a6                  ; %s8 = add.32 %s7, %v8
  00f0  add t1, t0, a7                  ; %s9 = add.32 %s8, %v9
  00f4  add t0, t1, t3                  ; %s10 = add.32 %s9, %v10
  00f8  add t1, t0, t4                  ; %s11 = add.32 %s10, %v11
  00fc  add t0, t1, t5                  ; %s12 = add.32 %s11, %v12
  0100  add t1, t0, s1                  ; %s13 = add.32 %s12, %v13
  0104  add t0, t1, s2                  ; %s14 = add.32 %s13, %v14
  0108  add t1, t0, s3                  ; %s15 = add.32 %s14, %v15
  010c  add t0, t1, s4                  ; %s16 = add.32 %s15, %v16
  0110  add t1, t0, s5                  ; %s17 = add.32 %s16, %v17
  0114  add t0, t1, s6                  ; %s18 = add.32 %s17, %v18
  0118  add t1, t0, s7                  ; %s19 = add.32 %s18, %v19
  011c  add t0, t1, a0                  ; %s20 = add.32 %s19, %x
  0120  addi a0, t0, 0                  ; move $t0 → $a0
^epilogue:
  0124  lw s1, -16(s0)                  ; frame
  0128  lw s2, -24(s0)                  ; frame
  012c  lw s3, -32(s0)                  ; frame
  0130  lw s4, -40(s0)                  ; frame
  0134  lw s5, -48(s0)                  ; frame
  0138  lw s6, -56(s0)                  ; frame
  013c  lw s7, -64(s0)                  ; frame
  0140  lw s8, -72(s0)                  ; frame
  0144  lw ra, 72(sp)                   ; frame
  0148  lw s0, 76(sp)                   ; frame
  014c  addi sp, sp, 80                 ; frame
  0150  jalr zero, 0(ra)                ; return
