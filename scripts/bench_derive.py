"""The SQL half of scripts/bench-derive.sh.

Exports a trustboard SQLite register to flat tables (Parquet files for
DuckDB; the same tables loaded into the SQLite database and a PostgreSQL
database), runs scripts/bench-derive.sql in each engine, and checks every
figure against the CSV written by `trustboard derive --figures`.

Usage: bench_derive.py --sqlite FILE --postgres URL --trustboard-csv FILE
       --trustboard-ms MS --bin TRUSTBOARD --database URL --org NAME --work DIR
       [--runs N]
"""

import argparse
import csv
import datetime as dt
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import duckdb
import psycopg

EPOCH = dt.date(1970, 1, 1)
SQL = (Path(__file__).parent / "bench-derive.sql").read_text()

# The measures in the order trustboard lists them: (name, counted at the
# period's end, a proportion).
MEASURES = [
    ("caf_within_15_working_days", 0, 1),
    ("meeting_within_6_weeks_of_level_3", 0, 1),
    ("reviews_within_3_months", 0, 1),
    ("level_3_with_lead_professional", 1, 1),
    ("children_at_level_0", 1, 0),
    ("children_at_level_1", 1, 0),
    ("children_at_level_2", 1, 0),
    ("children_at_level_3", 1, 0),
    ("children_at_level_4", 1, 0),
    ("concerns_raised", 0, 0),
    ("safeguarding_referrals", 0, 0),
]
PROPORTIONS = {name for name, _, proportion in MEASURES if proportion}
LEVELS = {
    "universal": 0,
    "early_warning": 1,
    "flagged": 2,
    "family_support_package": 3,
    "risk_of_serious_harm": 4,
}
KINDS = {
    "record_concern", "set_level", "refer_to_safeguarding", "start_caf",
    "discuss_caf", "assign_lead_professional", "end_lead_professional",
    "hold_meeting", "record_review", "close", "reopen",
}

TABLES = {
    "bench_children": "child_id BIGINT, locality TEXT, opened INTEGER",
    "bench_events": "child_id BIGINT, seq BIGINT, kind TEXT, day INTEGER, "
    "month INTEGER, dom INTEGER, level INTEGER, need INTEGER",
    "bench_calendar": "day INTEGER, month INTEGER, dom INTEGER, working INTEGER, cum INTEGER",
    "bench_periods": "start_day TEXT, end_day TEXT, start_month INTEGER, end_month INTEGER",
    "bench_measures": "measure TEXT, at_period_end INTEGER",
}
INDEXES = [
    "CREATE INDEX bench_events_by_child ON bench_events (child_id, seq)",
    "CREATE INDEX bench_events_by_kind ON bench_events (kind, child_id)",
    "CREATE INDEX bench_calendar_by_day ON bench_calendar (day)",
    "CREATE INDEX bench_calendar_by_cum ON bench_calendar (cum, working)",
    "CREATE INDEX bench_children_by_id ON bench_children (child_id)",
]


def day_number(text):
    return (dt.date.fromisoformat(text) - EPOCH).days


def month_of(date):
    return date.year * 12 + date.month - 1


def export(database):
    """The register as flat rows: children, events, and the range of days."""
    con = sqlite3.connect(database)
    children = []
    first_day = last_day = None
    for child_id, locality, opened in con.execute(
        "SELECT id, locality, opened FROM register_children"
    ):
        children.append((child_id, locality or "", day_number(opened)))
    events = []
    for child_id, seq, kind, date, payload in con.execute(
        "SELECT child_id, seq, kind, date, payload FROM register_steps"
    ):
        if kind not in KINDS:
            continue
        day = dt.date.fromisoformat(date)
        number = (day - EPOCH).days
        step = json.loads(payload)
        level = need = None
        if kind == "set_level":
            level = LEVELS[step["change"]["level"]]
            if step.get("referral"):
                row = (child_id, seq * 2 - 1, "refer_to_safeguarding", number,
                       month_of(day), day.day, None, None)
                events.append(row)
        elif kind == "start_caf":
            need = day_number(step["need_identified"])
        events.append((child_id, seq * 2, kind, number, month_of(day), day.day, level, need))
    con.close()
    days = [c[2] for c in children] + [e[3] for e in events] + [e[7] for e in events if e[7]]
    first_day, last_day = min(days), max(days)
    return children, events, first_day, last_day


def holidays(bin_path, database, organisation, first_year, last_year):
    """The organisation's bank holidays, as `trustboard calendar show` lists them."""
    found = set()
    for year in range(first_year, last_year + 1):
        shown = subprocess.run(
            [bin_path, "--database", database, "calendar", "show", str(year),
             "--org", organisation],
            check=True, capture_output=True, text=True,
        ).stdout
        for line in shown.splitlines():
            head = line.split()[0] if line.strip() else ""
            if len(head) == 10 and head[4] == "-":
                found.add(dt.date.fromisoformat(head))
    return found


def calendar_rows(first_day, last_day, bank_holidays):
    """Every day with its running count of working days."""
    rows, cum = [], 0
    # Deadlines run up to 42 days and 15 working days past the last step.
    for number in range(first_day - 1, last_day + 90):
        day = EPOCH + dt.timedelta(days=number)
        working = int(day.weekday() < 5 and day not in bank_holidays)
        cum += working
        rows.append((number, month_of(day), day.day, working, cum))
    return rows


def period_rows(first, today):
    """Months, quarters and financial years from the one holding `first` to
    the one holding `today` (as trustboard's register_periods)."""
    def month_start(month):
        return dt.date(month // 12, month % 12 + 1, 1)

    def financial_start(date):
        return date.year if date.month >= 4 else date.year - 1

    rows = []
    fy = financial_start(first)
    starts = {
        1: month_of(first),
        3: fy * 12 + 3 + (month_of(first) - (fy * 12 + 3)) // 3 * 3,
        12: fy * 12 + 3,
    }
    for length, start in starts.items():
        while month_start(start) <= today:
            end = start + length - 1
            last = month_start(end + 1) - dt.timedelta(days=1)
            rows.append((month_start(start).isoformat(), last.isoformat(), start, end))
            start += length
    return rows


def timed(run, runs):
    """The best of `runs` runs, in milliseconds, and the last result."""
    best, result = None, None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        took = (time.perf_counter() - started) * 1000
        best = took if best is None else min(best, took)
    return best, result


def figures_of(rows):
    """(measure, locality, start, end) -> (numerator, denominator or None)."""
    figures = {}
    for measure, locality, start, end, numerator, counted in rows:
        value = (int(numerator), int(counted)) if measure in PROPORTIONS else (int(counted), None)
        figures[(measure, locality, str(start), str(end))] = value
    return figures


def trustboard_figures(path):
    figures = {}
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            denominator = int(row["denominator"]) if row["denominator"] else None
            key = (row["measure"], row["locality"], row["start"], row["end"])
            figures[key] = (int(row["numerator"]), denominator)
    return figures


def load_sqlite(path, tables):
    con = sqlite3.connect(path)
    for name, columns in TABLES.items():
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TABLE {name} ({columns})")
        marks = ", ".join("?" * len(columns.split(",")))
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", tables[name])
    for index in INDEXES:
        con.execute(index)
    con.execute("ANALYZE")
    con.commit()
    return con


def load_postgres(url, tables):
    con = psycopg.connect(url, autocommit=True)
    for name, columns in TABLES.items():
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TABLE {name} ({columns})")
        with con.cursor().copy(f"COPY {name} FROM STDIN") as copy:
            for row in tables[name]:
                copy.write_row(row)
    for index in INDEXES:
        con.execute(index)
    con.execute("ANALYZE")
    return con


def write_parquet(work, tables):
    """One Parquet file per table, written through DuckDB from CSV (NULL
    written as \\N, so that an empty locality stays an empty string)."""
    con = duckdb.connect()
    for name, columns in TABLES.items():
        path = f"{work}/{name}.csv"
        with open(path, "w", newline="") as file:
            rows = (tuple("\\N" if v is None else v for v in row) for row in tables[name])
            csv.writer(file).writerows(rows)
        types = ", ".join(
            f"'{column.split()[0]}': '{column.split()[1]}'" for column in columns.split(", ")
        )
        con.execute(
            f"COPY (SELECT * FROM read_csv('{path}', header = false, "
            f"nullstr = '\\N', columns = {{{types}}})) "
            f"TO '{work}/{name}.parquet' (FORMAT parquet)"
        )
    con.close()


def compare(name, got, expected):
    wrong = [key for key in expected if got.get(key) != expected[key]]
    extra = [key for key in got if key not in expected]
    if not wrong and not extra:
        nonzero = sum(1 for value in expected.values() if value[0] or value[1])
        print(f"  {name}: all {len(expected)} figures identical to trustboard's "
              f"({nonzero} of them not zero)")
        return True
    print(f"  {name}: {len(wrong)} of {len(expected)} figures differ, {len(extra)} extra")
    for key in wrong[:5]:
        print(f"    {key}: {name} {got.get(key)}, trustboard {expected[key]}")
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", required=True)
    parser.add_argument("--postgres")
    parser.add_argument("--trustboard-csv", required=True)
    parser.add_argument("--trustboard-ms", type=float, required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--org", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    children, events, first_day, last_day = export(args.sqlite)
    first = EPOCH + dt.timedelta(days=min(c[2] for c in children))
    last = EPOCH + dt.timedelta(days=last_day + 90)
    today = dt.datetime.now(dt.timezone.utc).date()
    bank_holidays = holidays(args.bin, args.database, args.org, (EPOCH + dt.timedelta(days=first_day)).year - 1, last.year)
    tables = {
        "bench_children": children,
        "bench_events": events,
        "bench_calendar": calendar_rows(first_day, last_day, bank_holidays),
        "bench_periods": period_rows(first, today),
        "bench_measures": [(name, at_end) for name, at_end, _ in MEASURES],
    }
    write_parquet(args.work, tables)
    print(f"exported {len(children)} children and {len(events)} events "
          f"in {time.perf_counter() - started:.1f} s (not counted below)")

    expected = trustboard_figures(args.trustboard_csv)
    results = {}

    duck = duckdb.connect()
    for name in TABLES:
        duck.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{args.work}/{name}.parquet')")
    results["duckdb"] = timed(lambda: duck.execute(SQL).fetchall(), args.runs)

    lite = load_sqlite(args.sqlite, tables)
    results["sqlite"] = timed(lambda: lite.execute(SQL).fetchall(), 1)

    if args.postgres:
        pg = load_postgres(args.postgres, tables)
        results["postgres"] = timed(lambda: pg.execute(SQL).fetchall(), args.runs)

    print(f"\n{'engine':<28} {'ms':>10} {'vs trustboard':>14}")
    print(f"{'trustboard full derive':<28} {args.trustboard_ms:>10.1f} {1:>13.1f}x")
    for name, (ms, _) in results.items():
        print(f"{name + ' SQL':<28} {ms:>10.1f} {ms / args.trustboard_ms:>13.1f}x")
    print("\nidentical numbers:")
    same = [compare(name, figures_of(rows), expected) for name, (_, rows) in results.items()]
    if not all(same):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
