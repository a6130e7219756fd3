#!/usr/bin/env bash
# Fuzzes every parser for EXECUTIONS inputs each (default 200000): values,
# periods, plan documents, canonical CSV and XLSX, the register's CSV and XLSX,
# the bank-holiday list, statutory returns and councils' performance tables. Each target's corpus is seeded at run time from
# ../shared/seeds, ../shared/data and files exported by trustboard itself,
# into fuzz/corpus (git-ignored). Prints executions and crashes per target and
# exits non-zero if any target crashed; the crashing input is kept under
# fuzz/artifacts/TARGET. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`). FUZZ_TARGETS picks targets.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200000}"
root="$PWD"
shared="$root/../shared"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
corpus="$root/fuzz/corpus"
targets=(${FUZZ_TARGETS:-parse_value parse_period plan_document canonical_csv canonical_xlsx register_csv register_xlsx holiday_list statutory_return performance_table})

# Plans and registers as trustboard writes them, to start the binary formats
# from; TRUSTBOARD_BIN names an already built binary.
bin="${TRUSTBOARD_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --locked -p trustboard
    bin="$target_dir/debug/trustboard"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
trustboard() {
    TRUSTBOARD_DATABASE_URL="sqlite://$scratch/seed.db" TRUSTBOARD_LOG=warn \
        "$bin" "$@" >/dev/null
}
trustboard init
trustboard export --format csv --out "$scratch/plan"
trustboard export --format xlsx --out "$scratch/plan.xlsx"
trustboard register export --out "$scratch/register"
trustboard register export --out "$scratch/register.xlsx"

seed_dir() {
    rm -rf "${corpus:?}/$1"
    mkdir -p "$corpus/$1"
    echo "$corpus/$1"
}

# Every distinct cell of the published documents, one per file.
cells="$(seed_dir cells)"
cat "$shared"/seeds/*.txt | tr '\t' '\n' | sort -u | head -n 4000 | split -l 1 -a 4 - "$cells/cell-"
for target in parse_value parse_period; do
    cp -r "$cells/." "$(seed_dir "$target")"
done
rm -rf "$cells"

# The documents in pieces of 80 lines: whole ones are slow to mutate.
dir="$(seed_dir plan_document)"
for file in "$shared"/seeds/*.txt; do
    split -l 80 -a 3 "$file" "$dir/$(basename "$file" .txt)-"
done

# Canonical tables: the first byte picks the table (the order of Table::ALL).
dir="$(seed_dir canonical_csv)"
index=0
for table in plan nodes indicators observations milestones localities; do
    { printf "\\$(printf '%03o' "$index")"; cat "$scratch/plan/$table.csv"; } > "$dir/$table"
    index=$((index + 1))
done
find "$shared/data" -name '*.csv' | while read -r file; do
    { printf '\003'; cat "$file"; } > "$dir/data-$(basename "$file")"
done
cp "$scratch/plan.xlsx" "$(seed_dir canonical_xlsx)/"

# The register's four files, separated by the byte 0x1E as the target splits them.
dir="$(seed_dir register_csv)"
{
    cat "$scratch/register/agencies.csv"; printf '\036'
    cat "$scratch/register/practitioners.csv"; printf '\036'
    cat "$scratch/register/children.csv"; printf '\036'
    cat "$scratch/register/steps.csv"
} > "$dir/register"
cp "$scratch/register.xlsx" "$(seed_dir register_xlsx)/"

dir="$(seed_dir holiday_list)"
split -l 40 -a 2 crates/core/data/bank_holidays_england_wales.csv "$dir/holidays-"

# Statutory returns: the fake SSDA903 and CIN files, 60 lines of each.
dir="$(seed_dir statutory_return)"
find "$shared/data/returns-fake" -type f \( -name '*.csv' -o -name '*.xml' \) | while read -r file; do
    head -n 60 "$file" > "$dir/$(basename "$(dirname "$file")")-$(basename "$file")"
done

# Performance tables: the published documents in pieces, and the CSV data.
dir="$(seed_dir performance_table)"
for file in "$shared"/seeds/*.txt; do
    split -l 60 -a 3 "$file" "$dir/$(basename "$file" .txt)-"
done
find "$shared/data" -name '*.csv' | while read -r file; do
    head -n 60 "$file" > "$dir/data-$(basename "$file")"
done

# No sanitizer: the workspace forbids unsafe code, and panics are what is looked for.
cargo +nightly fuzz build --sanitizer none --target-dir "$target_dir/fuzz" -O

failed=0
for target in "${targets[@]}"; do
    log="$scratch/$target.log"
    status=0
    cargo +nightly fuzz run --sanitizer none --target-dir "$target_dir/fuzz" -O "$target" \
        "$corpus/$target" -- -runs="$runs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    executions="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)"
    [ -n "$executions" ] || executions="$(grep -o "^#[0-9]*" "$log" | tr -d "#" | tail -n 1)"
    if [ "$status" -eq 0 ]; then
        echo "$target: ${executions:-?} executions, 0 crashes"
    else
        failed=1
        echo "$target: ${executions:-?} executions, 1 crash (exit $status); input kept in fuzz/artifacts/$target"
        grep -m 5 -E 'panicked|ERROR|Test unit written' "$log" | sed 's/^/    /' || true
    fi
done
exit "$failed"
