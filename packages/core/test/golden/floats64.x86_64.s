; floats64.lir compiled for x86_64 by LIRC (BLESS=1 to refresh)
func @poly
  0000  movq xmm1, rdi                  ; move $rdi → $xmm1
  0005  movq xmm0, rsi                  ; move $rsi → $xmm0
  000a  addsd xmm0, xmm1                ; %s = fadd.64 %x, %y
  000e  mulsd xmm0, xmm1                ; %p = fmul.64 %s, %x
  0012  movq rax, xmm0                  ; move $xmm0 → $rax
^epilogue:
  0017  ret                             ; return

func @from_i64
  0000  cvtsi2sd xmm0, rdi              ; %f = itof_s.64.64 %n
  0005  movabs rax, 4602678819172646912 ; %.0 = const.64 4602678819172646912
  000f  movq xmm1, rax                  ; %.1 = reinterpret.64 %.0
  0014  mulsd xmm0, xmm1                ; %h = fmul.64 %f, %.1
  0018  movq rax, xmm0                  ; move $xmm0 → $rax
^epilogue:
  001d  ret                             ; return

func @to_i64
  0000  movq xmm0, rdi                  ; move $rdi → $xmm0
  0005  movq xmm1, rdi                  ; move $rdi → $xmm1
  000a  ucomisd xmm0, xmm1              ; %.0 = funo.64 %f, %f
  000e  jp ^stub1                       ; br_if %.0, ^stub1()
  0014  movabs rax, -4332462841530417152; %.3 = const.64 14114281232179134464
  001e  movq xmm2, rax                  ; %.4 = reinterpret.64 %.3
  0023  ucomisd xmm2, xmm0              ; %.1 = flt.64 %f, %.4
  0027  ja ^stub2                       ; br_if %.1, ^stub2()
  002d  movabs rax, 4890909195324358656 ; %.5 = const.64 4890909195324358656
  0037  movq xmm2, rax                  ; %.6 = reinterpret.64 %.5
  003c  ucomisd xmm0, xmm2              ; %.2 = fge.64 %f, %.6
  0040  jae ^stub3                      ; br_if %.2, ^stub3()
  0046  cvttsd2si rax, xmm0             ; %n = ftoi_s.64.64 %f
^epilogue:
  004b  ret                             ; return
^stub1:
  004c  ud2                             ; trap invalid_conversion
^stub2:
  004e  ud2                             ; trap int_overflow
^stub3:
  0050  ud2                             ; trap int_overflow
