; calls.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @fib
  0000  lea rsp, [rsp - 40]             ; frame
  0005  mov qword ptr [rsp + 32], rbp   ; frame
  000a  lea rbp, [rsp + 40]             ; frame
  000f  mov qword ptr [rbp - 24], rbx   ; frame
  0013  mov qword ptr [rbp - 32], r12   ; frame
  0017  cmp edi, 2                      ; %small = lt_u.32 %n, 2
  001a  jb ^base                        ; br_if %small, ^base(%n)
  0020  mov eax, edi                    ; move $rdi → $rax
  0022  sub edi, 1                      ; %n1 = sub.32 %n, 1
  0025  mov ebx, eax                    ; move $rax → $rbx
  0027  call @fib                       ; call @fib
  002c  sub ebx, 2                      ; %n2 = sub.32 %n, 2
  002f  mov r12d, eax                   ; move $rax → $r12
  0032  mov edi, ebx                    ; move $rbx → $rdi
  0034  call @fib                       ; call @fib
  0039  add r12d, eax                   ; %r = add.32 %a, %b
  003c  mov eax, r12d                   ; move $r12 → $rax
  003f  jmp ^epilogue                   ; jump ^epilogue
^base:
  0044  mov eax, edi                    ; move $rdi → $rax
^epilogue:
  0046  mov rbx, qword ptr [rbp - 24]   ; frame
  004a  mov r12, qword ptr [rbp - 32]   ; frame
  004e  mov rbp, qword ptr [rsp + 32]   ; frame
  0053  lea rsp, [rsp + 40]             ; frame
  0058  ret                             ; return
