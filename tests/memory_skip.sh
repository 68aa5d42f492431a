#!/usr/bin/env bash
# A case whose array does not fit in the memory available is left out with one line, and the rest
# of the suite still runs: a fleet's small host is not ended by the out-of-memory killer.
set -u
concbench=$1
status=0
fail() { echo "FAIL: $*"; status=1; }

# 300 MiB "available": 3/4 of it is 225 MiB, so the quick suite's 256 MiB array is left out, 4 MiB kept.
err=$(mktemp)
listed=$(CONCBENCH_MEMORY_AVAILABLE=$((300 << 20)) "$concbench" --suite=quick --benchmark_list_tests=true 2>"$err") || fail "listing exited non-zero"
grep -q '^array_sum/.*/bytes:268435456/' <<<"$listed" && fail "the 256 MiB array_sum cases were listed though they do not fit"
grep -q '^array_sum/serial/bytes:4194304/' <<<"$listed" || fail "the 4 MiB array_sum case was left out too"
grep -q '^cpu_sum/serial/' <<<"$listed" || fail "other workloads were left out"
[[ $(grep -c 'skipping array_sum/bytes:268435456: needs 256 MiB, and 300 MiB of memory are available' "$err") -eq 1 ]] ||
  fail "expected one line saying why, got: $(cat "$err")"
# With the memory there, nothing is left out.
CONCBENCH_MEMORY_AVAILABLE=$((64 << 30)) "$concbench" --suite=quick --benchmark_list_tests=true 2>"$err" |
  grep -q '^array_sum/serial/bytes:268435456/' || fail "the 256 MiB case is missing with 64 GiB available"
grep -q 'skipping array_sum' "$err" && fail "a skip was reported with 64 GiB available"
rm -f "$err"
[[ $status -eq 0 ]] && echo "ok: an array that does not fit is skipped with one line, the rest runs"
exit $status
