; pressure.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @pressure
  0000  lea rsp, [rsp - 120]            ; frame
  0005  mov qword ptr [rsp + 112], rbp  ; frame
  000a  lea rbp, [rsp + 120]            ; frame
  000f  mov qword ptr [rbp - 88], rbx   ; frame
  0013  mov qword ptr [rbp - 96], r12   ; frame
  0017  mov qword ptr [rbp - 104], r13  ; frame
  001b  mov qword ptr [rbp - 112], r14  ; frame
  001f  mov qword ptr [rbp - 120], r15  ; frame
  0023  imul eax, edi, 3                ; %v0 = mul.32 %x, 3
  0026  imul ecx, edi, 5                ; %v1 = mul.32 %x, 5
  0029  imul edx, edi, 7                ; %v2 = mul.32 %x, 7
  002c  imul esi, edi, 11               ; %v3 = mul.32 %x, 11
  002f  imul r8d, edi, 13               ; %v4 = mul.32 %x, 13
  0033  imul r9d, edi, 17               ; %v5 = mul.32 %x, 17
  0037  imul r10d, edi, 19              ; %v6 = mul.32 %x, 19
  003b  imul r11d, edi, 23              ; %v7 = mul.32 %x, 23
  003f  imul ebx, edi, 29               ; %v8 = mul.32 %x, 29
  0042  imul r12d, edi, 31              ; %v9 = mul.32 %x, 31
  0046  imul r13d, edi, 37              ; %v10 = mul.32 %x, 37
  004a  imul r14d, edi, 41              ; %v11 = mul.32 %x, 41
  004e  imul r15d, edi, 43              ; %v12 = mul.32 %x, 43
  0052  mov dword ptr [rbp - 24], eax   ; move $rax → [-24]
  0055  imul eax, edi, 47               ; %v13 = mul.32 %x, 47
  0058  mov dword ptr [rbp - 32], eax   ; move $rax → [-32]
  005b  imul eax, edi, 53               ; %v14 = mul.32 %x, 53
  005e  mov dword ptr [rbp - 40], eax   ; move $rax → [-40]
  0061  imul eax, edi, 59               ; %v15 = mul.32 %x, 59
  0064  mov dword ptr [rbp - 48], eax   ; move $rax → [-48]
  0067  imul eax, edi, 61               ; %v16 = mul.32 %x, 61
  006a  mov dword ptr [rbp - 56], eax   ; move $rax → [-56]
  006d  imul eax, edi, 67               ; %v17 = mul.32 %x, 67
  0070  mov dword ptr [rbp - 64], eax   ; move $rax → [-64]
  0073  imul eax, edi, 71               ; %v18 = mul.32 %x, 71
  0076  mov dword ptr [rbp - 72], eax   ; move $rax → [-72]
  0079  imul eax, edi, 73               ; %v19 = mul.32 %x, 73
  007c  mov dword ptr [rbp - 80], eax   ; move $rax → [-80]
  007f  mov eax, dword ptr [rbp - 24]   ; move [-24] → $rax
  0082  add eax, ecx                    ; %s1 = add.32 %v0, %v1
  0084  add eax, edx                    ; %s2 = add.32 %s1, %v2
  0086  add eax, esi                    ; %s3 = add.32 %s2, %v3
  0088  add eax, r8d                    ; %s4 = add.32 %s3, %v4
  008b  add eax, r9d                    ; %s5 = add.32 %s4, %v5
  008e  add eax, r10d                   ; %s6 = add.32 %s5, %v6
  0091  add eax, r11d                   ; %s7 = add.32 %s6, %v7
  0094  add eax, ebx                    ; %s8 = add.32 %s7, %v8
  0096  add eax, r12d                   ; %s9 = add.32 %s8, %v9
  0099  add eax, r13d                   ; %s10 = add.32 %s9, %v10
  009c  add eax, r14d                   ; %s11 = add.32 %s10, %v11
  009f  add eax, r15d                   ; %s12 = add.32 %s11, %v12
  00a2  mov ecx, dword ptr [rbp - 32]   ; move [-32] → $rcx
  00a5  add eax, ecx                    ; %s13 = add.32 %s12, %v13
  00a7  mov ecx, dword ptr [rbp - 40]   ; move [-40] → $rcx
  00aa  add eax, ecx                    ; %s14 = add.32 %s13, %v14
  00ac  mov ecx, dword ptr [rbp - 48]   ; move [-48] → $rcx
  00af  add eax, ecx                    ; %s15 = add.32 %s14, %v15
  00b1  mov ecx, dword ptr [rbp - 56]   ; move [-56] → $rcx
  00b4  add eax, ecx                    ; %s16 = add.32 %s15, %v16
  00b6  mov ecx, dword ptr [rbp - 64]   ; move [-64] → $rcx
  00b9  add eax, ecx                    ; %s17 = add.32 %s16, %v17
  00bb  mov ecx, dword ptr [rbp - 72]   ; move [-72] → $rcx
  00be  add eax, ecx                    ; %s18 = add.32 %s17, %v18
  00c0  mov ecx, dword ptr [rbp - 80]   ; move [-80] → $rcx
  00c3  add eax, ecx                    ; %s19 = add.32 %s18, %v19
  00c5  add eax, edi                    ; %s20 = add.32 %s19, %x
^epilogue:
  00c7  mov rbx, qword ptr [rbp - 88]   ; frame
  00cb  mov r12, qword ptr [rbp - 96]   ; frame
  00cf  mov r13, qword ptr [rbp - 104]  ; frame
  00d3  mov r14, qword ptr [rbp - 112]  ; frame
  00d7  mov r15, qword ptr [rbp - 120]  ; frame
  00db  mov rbp, qword ptr [rsp + 112]  ; frame
  00e0  lea rsp, [rsp + 120]            ; frame
  00e5  ret                             ; return
