; division.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @divmix
  0000  mov eax, edi                    ; move $rdi → $rax
  0002  mov ecx, edx                    ; move $rdx → $rcx
  0004  xor edx, edx                    ; %q = div_u.32 %0, %1; %r = rem_u.32 %0, %1
        div esi
  0008  mov edi, ecx                    ; move $rcx → $rdi
  000a  mov r8d, ecx                    ; move $rcx → $r8
  000d  mov ecx, esi                    ; move $rsi → $rcx
  000f  shl edi, cl                     ; %s = shl.32 %2, %1
  0011  add eax, edx                    ; %t = add.32 %3, %4
  0013  add eax, edi                    ; %u = add.32 %6, %5
  0015  add eax, r8d                    ; %v = add.32 %7, %2
.Lepilogue:
  0018  ret                             ; return
