#!/usr/bin/env bash
# Makes the README's two pictures of the dashboard, docs/dashboard-actors.png (the Actors page)
# and docs/dashboard-actor.png (one actor's page), with the same headless Chromium as the
# browser test (cli/tests/dashboard_browser.rs): runs the method_tracking demo with
# `--dashboard`, photographs the pages, then stops the demo with Ctrl-C.
#
# Needs Debian's `chromium` (`apt-get install -y chromium`). Run from anywhere:
#   bash docs/make-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p demos --bin method_tracking -p actor-core-cli
work=$(mktemp -d)
target/debug/method_tracking --time-scale 0.3 --seed 7 --dashboard 127.0.0.1:0 >"$work/demo.log" &
demo=$!
trap 'kill -INT "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; rm -rf "$work"' EXIT

# The demo prints `Dashboard: http://ADDR/ ...` once its work is done.
until grep -q '^Dashboard: ' "$work/demo.log"; do
    kill -0 "$demo" 2>/dev/null || { cat "$work/demo.log"; exit 1; }
    sleep 0.2
done
url=$(sed -n 's|^Dashboard: \(http://[^ ]*\)/ .*|\1|p' "$work/demo.log")
id=$(target/debug/actor-core list actors --address "$url" --class ActorClsOne | awk 'NR == 2 { print $1 }')

shot() { # shot NAME URL
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$work/profile-$1" \
        --window-size=1280,900 --screenshot="$PWD/docs/$1.png" "$2" 2>/dev/null
}
shot dashboard-actors "$url/actors"
shot dashboard-actor "$url/actors/$id"
echo "docs/dashboard-actors.png and docs/dashboard-actor.png made from $url"
