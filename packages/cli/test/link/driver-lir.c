/*
 * Calls the functions of lib.lir.in's object (link.test.ts) with the
 * target's C calling convention and checks their results; exits 0 when all
 * agree (a failed CHECK exits with its line).
 */
#include "start.h"

extern unsigned char lirc_memory[64];
int32_t sum_words(const void *p, int32_t n);
int32_t square(int32_t x);
int32_t scaled(int32_t x, const void *p, int32_t n);
int32_t fib(int32_t n);
int64_t mul_add64(int64_t a, int64_t b, int64_t c);
void *scale_ptr(void);
int32_t call_scale(int32_t x);
void put_word(void *p, uintptr_t k, int32_t v);

/* Called by the Low IR code. */
int32_t c_scale(int32_t x) { return 3 * x + 1; }

int main(void) {
  /* The memory image: data 0 holds 5, 7, 11 (little-endian words). */
  CHECK(lirc_memory[0] == 5 && lirc_memory[4] == 7 && lirc_memory[8] == 11);
  CHECK(sum_words(lirc_memory, 3) == 23);
  int32_t local[4] = {1, -2, 30, 400};
  CHECK(sum_words(local, 4) == 429);
  CHECK(square(-9) == 81);
  CHECK(scaled(4, lirc_memory, 2) == 3 * (16 + 12) + 1);
  CHECK(fib(20) == 6765);
  CHECK(mul_add64(123456789, 1000000007, -5) == 123456789LL * 1000000007LL - 5);
  CHECK(mul_add64(-1, 1LL << 40, 1) == -(1LL << 40) + 1);
  CHECK(scale_ptr() == (void *)c_scale);
  CHECK(call_scale(10) == 31);
  put_word(lirc_memory, 15, 0x12345678);
  CHECK(lirc_memory[60] == 0x78 && lirc_memory[63] == 0x12);
  return 0;
}
