; constants.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @consts
  0000  lea eax, [edi + 2047]           ; %a = add.32 %x, 2047
  0007  mov ecx, 2048                   ; move #2048 → $rcx
  000c  xor ecx, edi                    ; %b = xor.32 %x, 2048
  000e  lea edx, [edi + 305419896]      ; %c = add.32 %x, 305419896
  0015  mov esi, 4294965248             ; move #4294965248 → $rsi
  001a  and edi, esi                    ; %d = and.32 %x, 4294965248
  001c  add eax, ecx                    ; %s1 = add.32 %a, %b
  001e  xor eax, edx                    ; %s2 = xor.32 %s1, %c
  0020  add eax, edi                    ; %s3 = add.32 %s2, %d
^epilogue:
  0022  ret                             ; return
