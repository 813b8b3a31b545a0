#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A stand-in for the HTTP APIs the live probes ask (Kafka Connect, the
Flink JobManager's REST API, Prometheus's HTTP API) on 127.0.0.1.

  live_server.py PORTFILE ROUTES.json

ROUTES.json maps a request's path, with its query as sent
("/jobs/overview", "/api/v1/series?match%5B%5D=NAME"), to the JSON it
answers; any other path is a 404. ROUTES.json is read at every request,
so a test changes the answers by rewriting it. It writes the port it
listens on to PORTFILE, logs each path asked to PORTFILE.log, and stops by
itself after two minutes (a safety net, so that a test that fails early
never leaves it behind)."""
import http.server
import json
import os
import signal
import sys

signal.alarm(120)
portfile, routes = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(portfile + ".log", "a") as log:
            log.write(self.path + "\n")
        with open(routes) as f:
            table = json.load(f)
        if self.path not in table:
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps(table[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(portfile + ".tmp", portfile)
server.serve_forever()
