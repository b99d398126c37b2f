; arithmetic.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @arith
  0000  add esi, edi                    ; %s = add.32 %a, %b
  0002  imul esi, edx                   ; %t = mul.32 %s, %c
  0005  sub esi, 7                      ; %u = sub.32 %t, 7
  0008  xor esi, edi                    ; %v = xor.32 %u, %a
  000a  mov eax, esi                    ; move $rsi → $rax
^epilogue:
  000c  ret                             ; return
