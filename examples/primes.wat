;; primes.wat: counts the primes below n two ways, the WebAssembly twin of
;; primes.lir (`npm start` runs it through `lirc run` on both targets).
;;   count_sieve(n) -> i32  sieve of Eratosthenes over a byte array in linear memory
;;   count_trial(n) -> i32  trial division ($is_prime) of every candidate
;;   is_prime(n) -> i32     1 if n is prime, else 0
;;   sum_primes(n) -> i64   the sum of the primes below n (sieve, 64-bit sum)
;; Below 10000: 1229 primes both ways, summing to 5736396.
;;
;; The sieve keeps one byte per number in the module's one page of memory,
;; so n may be at most 65536: a larger n runs past the end of memory and
;; traps (out of bounds memory access).
(module
  (memory (export "memory") 1)

  ;; Marks the composites below $n: byte k becomes 1 when k is composite, 0 when
  ;; k is prime (bytes 0 and 1 are left 0; the callers start at 2).
  (func $sieve (param $n i32)
    (local $i i32)
    (local $j i32)
    ;; clear bytes [0, n)
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))
    ;; for i = 2; i*i < n; i++: if i is not marked, mark i*i, i*i+i, ...
    (local.set $i (i32.const 2))
    (block $sieved
      (loop $outer
        (br_if $sieved (i32.ge_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $marked
              (loop $mark
                (br_if $marked (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $mark)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer))))

  ;; Number of primes below n, by the sieve.
  (func (export "count_sieve") (param $n i32) (result i32)
    (local $k i32)
    (local $count i32)
    (call $sieve (local.get $n))
    (local.set $k (i32.const 2))
    (block $done
      (loop $count
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $count
          (i32.add (local.get $count) (i32.eqz (i32.load8_u (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $count)))
    (local.get $count))

  ;; 1 if n is prime, by trial division up to sqrt(n). (d > n / d rather
  ;; than d * d > n, which would wrap for n above 65535 * 65535.)
  (func $is_prime (export "is_prime") (param $n i32) (result i32)
    (local $d i32)
    (if (i32.lt_u (local.get $n) (i32.const 2))
      (then (return (i32.const 0))))
    (local.set $d (i32.const 2))
    (loop $try
      (if (i32.gt_u (local.get $d) (i32.div_u (local.get $n) (local.get $d)))
        (then (return (i32.const 1))))
      (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d)))
        (then (return (i32.const 0))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $try))
    (unreachable))

  ;; Number of primes below n, one $is_prime call per candidate.
  (func (export "count_trial") (param $n i32) (result i32)
    (local $k i32)
    (local $count i32)
    (local.set $k (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $count (i32.add (local.get $count) (call $is_prime (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.get $count))

  ;; The sum of the primes below n, by the sieve, in 64 bits.
  (func (export "sum_primes") (param $n i32) (result i64)
    (local $k i32)
    (local $sum i64)
    (call $sieve (local.get $n))
    (local.set $k (i32.const 2))
    (block $done
      (loop $add
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $k)))
          (then (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $add)))
    (local.get $sum)))
