; loop.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @sum
  0000  mov eax, 0                      ; move #0 → $rax
^loop:
  0005  test edi, edi                   ; %done = eqz.32 %i
  0007  je ^exit                        ; br_if %done, ^exit(%acc)
  000d  add eax, edi                    ; %acc2 = add.32 %acc, %i
  000f  sub edi, 1                      ; %i2 = sub.32 %i, 1
  0012  jmp ^loop                       ; jump ^loop
^epilogue:
^exit:
  0014  ret                             ; return
