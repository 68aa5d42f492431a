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
expect_one_line_error "--benchmark_repetitions needs a positive integer, not 'abc'" --benchmark_repetitions=abc
expect_one_line_error "--benchmark_min_time needs a number of seconds, not 'soon'" --benchmark_min_time=soon
expect_one_line_error "--benchmark_out_format must be console, json or csv, not 'xml'" --benchmark_out_format=xml
expect_one_line_error "invalid file name" --benchmark_out=/nonexistent/dir/results.json
expect_one_line_error "--iterations: cannot read '/nonexistent/iterations.txt'" --iterations=/nonexistent/iterations.txt
bad_iterations=$(mktemp)
printf 'cpu_sum/serial/n:1000/workers:1/real_time many\n' >"$bad_iterations"
expect_one_line_error "--iterations: line 1 of '$bad_iterations' is not" "--iterations=$bad_iterations"
rm -f "$bad_iterations"

# A benchmark that cannot do its work is an error, and the run says so and exits non-zero.
err=$(CONCBENCH_WORKER=/nonexistent/concbench_worker "$concbench" --suite=smoke --benchmark_min_time=0.001 \
        --benchmark_filter='cpu_sum/process/n:1000/workers:1/' 2>&1 >/dev/null) && code=0 || code=$?
if [[ $code -ne 1 || $err != *"1 benchmark run(s) failed"*"cannot start /nonexistent/concbench_worker"* ]]; then
  echo "FAIL: a failing benchmark gave exit $code and: $err"; status=1
else
  echo "ok: a failing benchmark -> exit 1"
fi

# The tools refuse bad flags the same way.
bin=$(dirname "$concbench")
tools=("delay_server --bogus" "delay_server --port abc" "concbench_worker --redis" "concbench_worker stray"
       "stability_probe --bogus" "stability_probe --seconds 0" "stability_probe --unit-terms -5")
[[ -x $bin/concbench_mpi_ranks ]] && tools+=("concbench_mpi_ranks --bogus")  # built where MPI is installed
for args in "${tools[@]}"; do
  read -r tool flags <<<"$args"
  err=$(CONCBENCH_REDIS_URL= timeout 10 "$bin/$tool" $flags 2>&1 >/dev/null </dev/null) && code=0 || code=$?  # --redis: no server
  if [[ $code -ne 2 || $(printf '%s\n' "$err" | grep -c .) -ne 1 ]]; then
    echo "FAIL: $args gave exit $code and: $err"; status=1
  else
    echo "ok: $args -> $err"
  fi
done

# scripts/bench checks its own options before building anything.
bench=$(dirname "$0")/../scripts/bench
for args in "--bogus" "--repetitions 5" "--cpus x" "--precision 2" "--processes 0" "--ab cpus=x" \
            "--max-processes 2 --processes 4"; do
  err=$("$bench" $args 2>&1 >/dev/null) && code=0 || code=$?
  if [[ $code -ne 2 || $(printf '%s\n' "$err" | grep -c .) -ne 1 ]]; then
    echo "FAIL: scripts/bench $args gave exit $code and: $err"; status=1
  else
    echo "ok: scripts/bench $args -> $err"
  fi
done
exit $status
