#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Finds words a user reads that are not marked for translation.

Every string literal given straight to an output function (printf,
fprintf, fputs, puts, the usage and refusal helpers, the report writers'
esc/escf and the workbook's cells) in the command line, main.c, the
tutor's start-up and the md, html and xlsx writers, and every literal
given to one of the core's error helpers (diag_fail, diag_add, db_fail...)
anywhere in the core, must be inside _(), N_() or P_(), unless it holds no
words: format directives, punctuation, Markdown table rules, HTML tags and
entities are stripped before looking for a word. What is left over and
still needs no translation is in ALLOWED below, each with its reason.
Prints each offender as FILE:LINE: "literal" and exits 1 if there is one.
"""
import os
import re
import sys

SRC = os.environ.get("SRC") or os.path.join(os.path.dirname(__file__), "..", "..")
# The core's messages: what its error helpers are given (the core never
# prints, so nothing else of it reaches a user as a message).
ERRORS = {"diag_fail", "diag_add", "db_fail", "step_done", "refused", "err",
          "perr", "problem", "fail", "bad", "note"}
# Where words are printed: the command line, the tutor's start-up, and
# the reports a person reads.
OUTPUT = {"printf", "fprintf", "fputs", "puts", "usage_error", "cli_refused",
          "esc", "escf", "esc_markup", "worksheet_write_string", "bars",
          "sentence"} | ERRORS
PRINTERS = ["src/main.c", "src/tui/tui.c"] + sorted(
    "src/cli/" + f for f in os.listdir(os.path.join(SRC, "src/cli")) if f.endswith(".c")
) + ["src/core/report/report_md.c", "src/core/report/report_html.c",
     "src/core/report/report_xlsx.c"]
# The rest of the core, for its error helpers only: its printf calls write
# machine formats (json, csv, gradebooks), and probe results (set()) are
# logged in the words they were found in, untranslated on purpose.
CORE = sorted("src/core/%s/%s" % (room, f)
              for room in os.listdir(os.path.join(SRC, "src/core"))
              for f in os.listdir(os.path.join(SRC, "src/core", room))
              if f.endswith(".c") and "src/core/%s/%s" % (room, f) not in PRINTERS)
FILES = [(f, OUTPUT) for f in PRINTERS] + [(f, ERRORS) for f in CORE]
MARKS = {"_", "N_", "P_"}

# Literals that hold letters but are no words of the program's own.
ALLOWED = {
    "http://www.w3.org/2000/svg",  # XML namespaces
    "http://www.w3.org/1999/xhtml",
    "pack",                        # JSON paths an import error points at
    "summary",
    "(top).learners",
    "(file)",                      # the place of an error in no value
}

STRIP = [
    re.compile(r"\bselfgrade\b"),   # the program's name, before every message
    re.compile(r'[\w:-]+=\\"[^\\]*(?:\\"|$)'),  # an attribute, name="value"
    re.compile(r"</?\w+|/?>|<!DOCTYPE html>|#[0-9a-f]{3,6}\b"),  # tag pieces, colours
    re.compile(r"%[-+ #0-9.*]*(?:zu|zd|lld|llu|lu|ld|hh?[dux]|[sdicuxXfgeEp%]|[0-9]\$s)"),
    re.compile(r"\\[ntr\\\"']"),      # escapes
    re.compile(r"<[^>]*>"),           # HTML/SVG tags with their attributes
    re.compile(r"&#?\w+;"),           # entities
    re.compile(r"\b(?:width|height|viewBox|fill|stroke|x|y|font-size)\b"),
]


def literals_with_callers(text):
    """Yields (line, literal body, innermost enclosing call name)."""
    stack = []  # names of the calls whose parentheses are open
    i, line, n = 0, 1, len(text)
    ident = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
    last_ident = None
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("/*", i):
            j = text.index("*/", i) + 2
            line += text.count("\n", i, j)
            i = j
        elif text.startswith("//", i):
            i = text.index("\n", i)
        elif c == "#" and (i == 0 or text[i - 1] == "\n"):
            # A preprocessor line (with its continuations) is no call.
            j = i
            while True:
                j = text.index("\n", j)
                if text[j - 1] != "\\":
                    break
                j += 1
            line += text.count("\n", i, j)
            i = j
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            body = text[i + 1:j]
            yield line, body, stack[-1] if stack else None
            i = j + 1
            last_ident = None
        elif c == "'":
            j = i + 1
            while text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == "(":
            stack.append(last_ident)
            last_ident = None
            i += 1
        elif c == ")":
            if stack:
                stack.pop()
            i += 1
        elif c == "{" or c == "}" or c == ";":
            # A statement or block boundary closes nothing a call opened,
            # but a compound literal's braces sit inside a call: keep going.
            last_ident = None
            i += 1
        else:
            m = ident.match(text, i)
            if m:
                last_ident = m.group(0)
                i = m.end()
            else:
                if not c.isspace():
                    last_ident = None
                i += 1


def has_words(body):
    s = body
    for r in STRIP:
        s = r.sub(" ", s)
    return re.search(r"[A-Za-zА-Яа-яЁё]{2,}", s) is not None


def main():
    bad = 0
    for rel, callers in FILES:
        with open(os.path.join(SRC, rel), encoding="utf-8") as f:
            text = f.read()
        for line, body, caller in literals_with_callers(text):
            if caller not in callers or body in ALLOWED:
                continue
            if has_words(body):
                print(f'{rel}:{line}: "{body}" is not marked for translation')
                bad += 1
    if bad:
        print(f"{bad} string(s) a user reads are not marked: wrap them in _()")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
