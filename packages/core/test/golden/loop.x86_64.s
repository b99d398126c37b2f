; loop.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @sum
  0000  mov eax, 0                      ; move #0 → $rax
^0:
  0005  test edi, edi                   ; %done = eqz.32 %1
  0007  je ^1                           ; br_if %3, ^exit(%2)
  000d  add eax, edi                    ; %acc2 = add.32 %2, %1
  000f  sub edi, 1                      ; %i2 = sub.32 %1, 1
  0012  jmp ^0                          ; jump ^0
^1:
^epilogue:
  0014  ret                             ; return
