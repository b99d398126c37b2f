; pairs64.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @wide
  0000  lea rsp, [rsp - 24]             ; frame
  0005  mov qword ptr [rsp + 16], rbp   ; frame
  000a  lea rbp, [rsp + 24]             ; frame
  000f  mov rax, rdi                    ; move $rdi → $rax
  0012  add rdi, rsi                    ; %s = add.64 %a, %b
  0015  mov ecx, edx                    ; %c = zext.64.32 %n
  0017  shl rdi, cl                     ; %t*2 = shl.64 %s, %c
  001a  cmp rdi, rsi                    ; %lt = lt_s.64 %t, %b
  001d  cmovl rax, rdi                  ; %m = select.64 %lt, %t, %a
  0021  mov rdi, rax                    ; move $rax → $rdi
  0024  mov esi, edx                    ; move $rdx → $rsi
  0026  call @host                      ; call @host
  002b  mov ecx, 10                     ; move #10 → $rcx
  0030  xor edx, edx                    ; %q = div_u.64 %r, 10
        div rcx
^epilogue:
  0035  mov rbp, qword ptr [rsp + 16]   ; frame
  003a  lea rsp, [rsp + 24]             ; frame
  003f  ret                             ; return
