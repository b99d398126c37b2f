; frames.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @id
  0000  mov eax, edi                    ; move $rdi → $rax
^epilogue:
  0002  ret                             ; return

func @far
  0000  lea rsp, [rsp - 24]             ; frame
  0005  mov qword ptr [rsp + 16], rbp   ; frame
  000a  lea rbp, [rsp + 24]             ; frame
  000f  mov qword ptr [rbp - 24], rdi   ; frame
  0013  mov eax, dword ptr [rbp + 1048584]; move [1048584] → $rax
  0019  lea eax, [esi + eax]            ; %s = add.32 %x, %y
  001d  mov ecx, dword ptr [rbp + 1048584]; move [1048584] → $rcx
  0023  mov edx, esi                    ; move $rsi → $rdx
  0025  sub esi, ecx                    ; %d = sub.32 %x, %y
  0027  imul edx, ecx                   ; %m = mul.32 %x, %y
  002a  mov rcx, qword ptr [rbp - 24]   ; move [-24] → $rcx
  002e  mov dword ptr [rcx + 1048576], edx; result 3
  0034  mov edx, esi                    ; move $rsi → $rdx
^epilogue:
  0036  mov rbp, qword ptr [rsp + 16]   ; frame
  003b  lea rsp, [rsp + 24]             ; frame
  0040  ret                             ; return

func @huge
  0000  lea rsp, [rsp - 2097224]        ; frame
  0008  mov qword ptr [rsp + 2097216], rbp; frame
  0010  lea rbp, [rsp + 2097224]        ; frame
  0018  mov qword ptr [rbp - 1048608], rbx; frame
  001f  mov qword ptr [rbp - 1048616], r12; frame
  0026  mov qword ptr [rbp - 1048624], r13; frame
  002d  mov qword ptr [rbp - 1048632], r14; frame
  0034  imul eax, edi, 3                ; %v0 = mul.32 %a, 3
  0037  imul ecx, edi, 5                ; %v1 = mul.32 %a, 5
  003a  mov ebx, eax                    ; move $rax → $rbx
  003c  mov r12d, ecx                   ; move $rcx → $r12
  003f  mov dword ptr [rsp + 1048576], esi; argument 2
  0046  mov esi, edi                    ; move $rdi → $rsi
  0048  lea rdi, [rbp - 1048600]        ; frame
  004f  call @far                       ; call @far
  0054  mov r13d, eax                   ; move $rax → $r13
  0057  mov r14d, edx                   ; move $rdx → $r14
  005a  mov edi, dword ptr [rbp - 24]   ; move [-24] → $rdi
  005d  call @id                        ; call @id
  0062  add r13d, r14d                  ; %t0 = add.32 %p, %q
  0065  xor r13d, eax                   ; %t1 = xor.32 %t0, %k
  0068  add r13d, ebx                   ; %t2 = add.32 %t1, %v0
  006b  sub r13d, r12d                  ; %t3 = sub.32 %t2, %v1
  006e  mov eax, r13d                   ; move $r13 → $rax
^epilogue:
  0071  mov rbx, qword ptr [rbp - 1048608]; frame
  0078  mov r12, qword ptr [rbp - 1048616]; frame
  007f  mov r13, qword ptr [rbp - 1048624]; frame
  0086  mov r14, qword ptr [rbp - 1048632]; frame
  008d  mov rbp, qword ptr [rsp + 2097216]; frame
  0095  lea rsp, [rsp + 2097224]        ; frame
  009d  ret                             ; return
