; arithmetic.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @arith
  0000  add esi, edi                    ; %s = add.32 %0, %1
  0002  imul esi, edx                   ; %t = mul.32 %3, %2
  0005  sub esi, 7                      ; %u = sub.32 %4, 7
  0008  xor esi, edi                    ; %v = xor.32 %5, %0
  000a  mov eax, esi                    ; move $rsi → $rax
^epilogue:
  000c  ret                             ; return
