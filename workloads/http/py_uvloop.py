"""The aiohttp crawler (py_aiohttp.py) on uvloop: the same code, on an event loop built on libuv
in place of asyncio's own."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
import py_model  # noqa: E402, F401  (first: the script's set-up is timed from here)

import uvloop  # noqa: E402
from py_aiohttp import main  # noqa: E402

main(uvloop.new_event_loop())
