#!/usr/bin/env bash
# A bad flag or value makes concbench exit non-zero with one clear line on stderr, and run nothing.
set -u
concbench=$1
status=0

expect_one_line_error() {
  local expected=$1; shift
  local out err code
  out=$("$concbench" "$@" 2>/tmp/concbench_cli_err.$$) && code=0 || code=$?
  err=$(cat /tmp/concbench_cli_err.$$); rm -f /tmp/concbench_cli_err.$$
  if [[ $code -eq 0 ]]; then echo "FAIL: '$*' exited 0"; status=1; return; fi
  if [[ $(printf '%s\n' "$err" | grep -c .) -ne 1 ]]; then echo "FAIL: '$*' printed not one line on stderr: $err"; status=1; return; fi
  if [[ $err != *"$expected"* ]]; then echo "FAIL: '$*' said '$err', expected '$expected'"; status=1; return; fi
  if [[ -n $out ]]; then echo "FAIL: '$*' ran something: $out"; status=1; return; fi
  echo "ok: '$*' -> $err (exit $code)"
}

expect_one_line_error "unrecognized command-line flag: --no-such-flag" --no-such-flag
expect_one_line_error "--suite must be quick, full or smoke" --suite=huge
expect_one_line_error "no benchmark matches" --benchmark_filter=no_such_workload
expect_one_line_error "not a valid regular expression" '--benchmark_filter=(('
exit $status
