;; A WebAssembly library for the link tests (test/link.test.ts): the C
;; driver (driver-wasm.c) builds an instance context as docs/objects.md
;; says, runs wasm_init and calls the exports.
(module
  (memory 1)
  (data (i32.const 16) "\2a\00\00\00\07\00\00\00")
  (global $count (mut i32) (i32.const 100))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $fact (export "fact") (param i64) (result i64)
    (if (result i64) (i64.le_s (local.get 0) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
)
