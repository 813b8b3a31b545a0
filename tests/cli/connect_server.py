#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A stand-in for Kafka Connect's REST API on 127.0.0.1, for probe --connect.

  connect_server.py PORTFILE serve ANSWER.json   answers GET /connectors?...
  connect_server.py PORTFILE hostile ANSWER.json the same answer, its words
      made to drive a terminal: each connector's name becomes
      ESC]0;PWNED BEL ESC[2J NAME U+202E evil, every config value but
      connector.class ends in ESC[2J U+202E, and every state but the first (RUNNING) is
      FAILED ESC[2J U+202E
  connect_server.py PORTFILE silent              accepts, never answers

It writes the port it listens on to PORTFILE and stops by itself: after
REQUESTS answers, or when a minute has passed (a safety net so that a test
that fails early never leaves it behind; no test waits for it)."""
import http.server
import signal
import socket
import sys
import time

REQUESTS = 5
signal.alarm(60)
portfile, mode = sys.argv[1], sys.argv[2]


def announce(port):
    with open(portfile + ".tmp", "w") as f:
        f.write(str(port))
    import os
    os.replace(portfile + ".tmp", portfile)


if mode == "silent":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    announce(s.getsockname()[1])
    while True:
        time.sleep(1)

answer = open(sys.argv[3], "rb").read()
if mode == "hostile":
    import json
    PWN = "\x1b]0;PWNED\x07\x1b[2J"
    hostile = {}
    for name, c in json.loads(answer).items():
        for k in c["info"]["config"]:
            if k != "connector.class":  # still found by the probes
                c["info"]["config"][k] += "\x1b[2J\u202e"
        if hostile:
            c["status"]["connector"]["state"] = "FAILED\x1b[2J\u202e"
        hostile[PWN + name + "\u202eevil"] = c
    # U+202E as its UTF-8 bytes, ESC and BEL as JSON escapes (JSON has no
    # other way to carry them).
    answer = json.dumps(hostile, ensure_ascii=False).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/connectors?expand=status&expand=info":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
announce(server.server_address[1])
for _ in range(REQUESTS):
    server.handle_request()
