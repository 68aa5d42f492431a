"""concbench's Python side: loading results, statistics, running the suite, reports and charts.

The entry scripts (scripts/bench's runner, report.py, compare.py, aa_check.py) are thin
command lines over these modules; everything that computes a number shown to a reader is a
pure function here, tested against the fixture files in tests/python/fixtures.
"""
