; division.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @divmix
  0000  test esi, esi                   ; %.0 = eqz.32 %b
  0002  je ^stub1                       ; br_if %.0, ^stub1()
  0008  mov eax, edi                    ; move $rdi → $rax
  000a  mov ecx, edx                    ; move $rdx → $rcx
  000c  xor edx, edx                    ; %q = div_u.32 %a, %b; %r = rem_u.32 %a, %b
        div esi
  0010  mov edi, ecx                    ; move $rcx → $rdi
  0012  mov r8d, ecx                    ; move $rcx → $r8
  0015  mov ecx, esi                    ; move $rsi → $rcx
  0017  shl edi, cl                     ; %s = shl.32 %c, %b
  0019  add eax, edx                    ; %t = add.32 %q, %r
  001b  add eax, edi                    ; %u = add.32 %t, %s
  001d  add eax, r8d                    ; %v = add.32 %u, %c
^epilogue:
  0020  ret                             ; return
^stub1:
  0021  ud2                             ; trap int_divide_by_zero
