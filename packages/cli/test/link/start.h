/*
 * The bare-metal part of the link tests' C drivers: on riscv32 (freestanding,
 * no libc) the program starts at _start, and main's status leaves through the
 * Linux exit system call (qemu-riscv32 runs it); on x86_64 the C library
 * starts it. A failed check exits with its line number, so a failure names
 * the check.
 */
#include <stdint.h>

int main(void);

#ifdef __riscv
static void exit_with(int status) {
  register long a0 __asm__("a0") = status;
  register long a7 __asm__("a7") = 93; /* exit */
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
  for (;;) {
  }
}

void _start(void) { exit_with(main()); }
#else
#include <stdlib.h>
static void exit_with(int status) { exit(status); }
#endif

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) exit_with(__LINE__ % 200 + 10);                               \
  } while (0)
