"""What every Python model (workloads/<workload>/py_<name>.py) shares: its side of the protocol
with concbench, and the cpu_sum kernel in plain Python.

concbench (workloads/common/python_model.cpp) starts `/usr/bin/python3 -u -E -s <script> <options>`
once, outside the timed part. The script imports its library, sets up (pools, event loop,
connections) and calls serve(run); serve answers on its standard output, one line each:

    ready <seconds from importing this module to now: the script's imports and set-up>
    run <integers>   ->  done <words of run(*integers)>   or   error <the exception, one line>
    ping             ->  pong                                 (what one round trip costs)

and returns at the end of its standard input (concbench went away), after `close`. Anything
the script prints goes to standard error, so it cannot break the protocol; so do tracebacks.
"""

import argparse
import os
import signal
import sys
import time

_imported = time.perf_counter()  # the script's first line imports this module


def term(i):
    """f(i), cpu_sum's term: the top 24 bits of a 64-bit multiplicative hash of i."""
    return (i * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF) >> 40


def sum_range(first, last):
    """Sum of f(i) for i in [first, last), one term at a time: the Python twin of cpu_sum::sum_range."""
    return sum((i * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF) >> 40 for i in range(first, last))


def split(first, last, parts):
    """[first, last) in `parts` contiguous (first, last) chunks whose sizes differ by at most one."""
    count, chunks = max(last - first, 0), []
    for p in range(parts):
        size = count // parts + (1 if p < count % parts else 0)
        chunks.append((first, first + size))
        first += size
    return chunks


def start_threads(pool, count):
    """Starts all `count` threads of a ThreadPoolExecutor now, outside the timed part (it starts
    one per submit only while none is idle): each waits until every one has started."""
    import threading
    everyone = threading.Barrier(count)
    list(pool.map(lambda _: everyone.wait(), range(count)))


def options():
    """The set-up options concbench passes (each script uses the ones its workload has)."""
    main = sys.modules["__main__"]
    parser = argparse.ArgumentParser(description=main.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1, help="worker threads or processes")
    parser.add_argument("--concurrency", type=int, default=1, help="requests in flight at most")
    parser.add_argument("--url", help="the delay server, http://HOST:PORT")
    parser.add_argument("--name", default=os.path.splitext(os.path.basename(main.__file__))[0],
                        help="the model's name, for the delay server's URLs")
    parser.add_argument("--spec", type=lambda words: [int(w) for w in words.split()],
                        help="a pipeline: P M WASH Q C DRY CPU ACK, as pipeline::to_words writes it")
    parser.add_argument("--queue", help="the prefix of this model's Redis keys")
    return parser.parse_args()


def _words(value):
    if isinstance(value, (list, tuple)):
        return " ".join(_words(v) for v in value)
    return str(value)


def _one_line(error):
    """The exception and what caused it, on one line: a connection error names its refusal."""
    text = f"{type(error).__name__}: {error}"
    cause = error.__cause__ or error.__context__
    while cause is not None and (cause.__cause__ or cause.__context__) is not None:
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        text += f" (caused by {type(cause).__name__}: {cause})"
    return " ".join(text.split())


def _reply(line):
    _protocol.write(line + "\n")
    _protocol.flush()


def _report_uncaught(kind, error, trace):
    """An exception the script did not catch (in its imports or set-up): the traceback on standard
    error, one line to concbench."""
    sys.__excepthook__(kind, error, trace)
    _reply("error " + _one_line(error))


def _die_with_parent():
    """In a forked child (a pool's worker process): SIGTERM when this interpreter goes, so that a
    killed model leaves no worker behind."""
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


_closing = False


def _terminated(signum, frame):
    """SIGTERM (concbench closes standard input and sends it at once): unwinds a busy script
    through `close`; once `close` runs, it is let finish, or a pool shut down half-way through
    would leave a worker waiting for a message its queue's feeder thread never sent."""
    if not _closing:
        raise SystemExit(128 + signum)


def serve(run, close=None):
    """Answers concbench's commands: `run <integers>` calls run(*integers). Returns once standard
    input ends (or on SIGTERM), after calling `close` to shut pools and loops down."""
    global _closing
    _reply(f"ready {time.perf_counter() - _imported:.6f}")
    try:
        for line in sys.stdin:
            command, _, words = line.strip().partition(" ")
            if command == "ping":
                _reply("pong")
            elif command == "run":
                try:
                    result = run(*(int(word) for word in words.split()))
                except Exception as error:  # the script's own failure: reported, and the model serves on
                    import traceback
                    traceback.print_exc()
                    _reply("error " + _one_line(error))
                else:
                    _reply("done " + _words(result))
            else:
                _reply(f"error unknown command {command!r}")
    finally:
        _closing = True
        if close is not None:
            close()


# The protocol keeps the real standard output; file descriptor 1 becomes standard error, so a
# print in the script (or a child process) lands there.
_protocol = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
sys.excepthook = _report_uncaught
signal.signal(signal.SIGTERM, _terminated)
os.register_at_fork(after_in_child=_die_with_parent)
