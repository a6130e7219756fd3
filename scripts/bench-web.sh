#!/bin/sh
# Load benchmark of the plan pages on SQLite: a generated plan of 500
# indicators × 10 years × 20 localities, 50 concurrent clients, 10 seconds per
# page. Prints p50/p99 latency and requests per second for each page, then
# the first overview request after each of BENCH_WRITES (50) written figures.
# BENCH_CLIENTS and BENCH_SECONDS change the load.
set -eu
cd "$(dirname "$0")/.."
exec cargo run --release -p trustboard-web --example bench_web
