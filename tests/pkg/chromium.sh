# SPDX-License-Identifier: MIT
# Sourced by the tests that open a report in headless Chromium (after
# cli/lib.sh): skips when Chromium is missing, fails without poppler,
# keeps everything Chromium writes in the test's folder, and gives
# browse(), a run with the network shut off.
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	echo "SKIP: chromium is not installed (tools/install-deps installs it)"
	exit 77
fi
for p in pdfinfo pdftotext; do
	command -v $p >/dev/null || { echo "FAIL $p missing (poppler-utils)"; exit 1; }
done

# Chromium keeps everything it writes in the test's folder.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache TMPDIR=$tmp
mkdir -p "$HOME"
# browse NAME ARGS... URL: a fresh profile each run; all traffic goes to a
# proxy that is not there and every host name fails to resolve, so nothing
# can leave the machine; the net log records every request tried and
# stderr every console message.
browse() {
	local name=$1
	shift
	"$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile-$name" \
		--proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' \
		--enable-logging=stderr --v=0 --log-level=0 \
		--log-net-log="$tmp/$name.netlog" "$@" \
		>"$tmp/$name.stdout" 2>"$tmp/$name.stderr" </dev/null
}
