/*
 * Builds an instance context for lib.wat's object (link.test.ts) the way
 * docs/objects.md describes (a memory descriptor, a store block, a cell per
 * global), instantiates it with wasm_init and checks the exports' results;
 * exits 0 when all agree (a failed CHECK exits with its line).
 */
#include "start.h"

typedef uintptr_t word; /* P bytes: the target's pointer width */

struct memory {
  word base;
  word bytes;
  uint32_t pages;
  uint32_t max_pages;
};

struct context {
  struct memory *memory;
  void *table;
  void *store;
  uint64_t *globals[1];
};

extern unsigned char wasm_data[];
void wasm_init(struct context *ctx, const void *data);
int32_t add(struct context *ctx, int32_t a, int32_t b);
int64_t fact(struct context *ctx, int64_t n);
int32_t load(struct context *ctx, int32_t address);
void store(struct context *ctx, int32_t address, int32_t value);
int32_t bump(struct context *ctx);

static unsigned char linear[65536] __attribute__((aligned(16)));
static uint64_t store_block[2]; /* stack limit 0 (no check), call count */
static uint64_t global0;

int main(void) {
  struct memory memory = {(word)linear, sizeof linear, 1, 1};
  struct context ctx = {&memory, 0, store_block, {&global0}};
  wasm_init(&ctx, wasm_data);
  CHECK(global0 == 100);
  CHECK(linear[16] == 42 && linear[20] == 7);
  CHECK(add(&ctx, 40, 2) == 42);
  CHECK(add(&ctx, -1, -1) == -2);
  CHECK(fact(&ctx, 20) == 2432902008176640000LL);
  CHECK(load(&ctx, 16) == 42);
  store(&ctx, 100, -12345);
  CHECK(load(&ctx, 100) == -12345);
  CHECK(*(int32_t *)(linear + 100) == -12345);
  CHECK(bump(&ctx) == 101 && bump(&ctx) == 102 && global0 == 102);
  return 0;
}
