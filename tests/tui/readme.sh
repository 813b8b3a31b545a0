#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# README's capture is the tutor's screen as it is now: made again by
# tools/readme-capture, it must match (issue 30, 8).
. "$(dirname "$0")/../cli/lib.sh"
t capture-matches 0 "$SRC/tools/readme-capture" --check "$SELFGRADE"
summary readme-capture
