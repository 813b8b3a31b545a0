#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Swaps two paths again and again with renameat2(RENAME_EXCHANGE), for the
probe race test: a folder inside a project and a symbolic link leading out
of it trade places while selfgrade walks and reads the project.

  swap.py A B STOPFILE

It stops when STOPFILE exists, and by itself after a minute (a safety net:
a test that fails early never leaves it behind). Python has no renameat2,
so glibc's is called through ctypes."""
import ctypes
import os
import signal
import sys

AT_FDCWD = -100
RENAME_EXCHANGE = 2

signal.alarm(60)
a, b, stop = (os.fsencode(x) for x in sys.argv[1:4])
libc = ctypes.CDLL(None, use_errno=True)
renameat2 = libc.renameat2
renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                      ctypes.c_char_p, ctypes.c_uint]
if renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
    sys.exit("swap.py: renameat2: " + os.strerror(ctypes.get_errno()))
while not os.path.exists(stop):
    for _ in range(200):
        renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
