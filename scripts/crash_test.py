#!/usr/bin/env python3
"""Crash tests: start a trustboard operation, kill it with SIGKILL at a random
moment, and check that nothing is torn or lost.

Run through scripts/crash-test.sh, which builds the binary. Each round kills
one of: a plan import, a register import, `derive`, or `trustboard serve`
while figures are entered and approved over HTTP. After every kill:

- SQLite passes `PRAGMA integrity_check`;
- every plan import is fully present (as many indicators and values as the
  plan imported without interruption) or absent;
- every register import is fully present (all its children and steps) or absent;
- every value slot's version is one more than its history rows;
- every figure whose approval the server acknowledged is still approved and
  is its slot's value (or was replaced by a later approval);
- the server starts again and serves its sign-in page.
"""

import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ["TRUSTBOARD_BIN"]
ADMIN_POSTGRES = os.environ.get(
    "TRUSTBOARD_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
SAMPLE_ORG = "Royal Borough of Kingston upon Thames"
SAMPLE_PLAN = "CYPP 2009-13"
PASSWORD = "crash-test-password-1"
REGISTER_CHILDREN = 1500
# Indicators whose figures are entered and approved over HTTP, for 2010/11.
HTTP_PERIOD = "2010/11"


class CheckFailed(Exception):
    pass


class Database:
    """One backend's database and the SQL the checks ask of it."""

    def __init__(self, backend, scratch):
        self.backend = backend
        if backend == "sqlite":
            self.path = os.path.join(scratch, "crash.db")
            self.url = f"sqlite://{self.path}"
        else:
            self.name = f"trustboard_crash_{os.getpid()}"
            self.admin_psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self.admin_psql(f"CREATE DATABASE {self.name}")
            base = ADMIN_POSTGRES.rsplit("/", 1)[0]
            self.url = f"{base}/{self.name}"

    def admin_psql(self, sql):
        subprocess.run(
            ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-d", ADMIN_POSTGRES, "-c", sql],
            check=True,
            capture_output=True,
        )

    def drop(self):
        if self.backend == "postgres":
            self.admin_psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def rows(self, sql, *params):
        """Runs a query; `?` marks parameters, quoted as text for psql."""
        if self.backend == "sqlite":
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as conn:
                return [tuple(str(v) for v in row) for row in conn.execute(sql, params)]
        for value in params:
            sql = sql.replace("?", "'" + str(value).replace("'", "''") + "'", 1)
        out = subprocess.run(
            ["psql", "--no-psqlrc", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def value(self, sql, *params):
        return self.rows(sql, *params)[0][0]

    def integrity(self):
        if self.backend != "sqlite":
            return "ok"
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as conn:
            return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


class Trustboard:
    def __init__(self, database, scratch):
        self.database = database
        self.scratch = scratch
        self.env = dict(os.environ, TRUSTBOARD_DATABASE_URL=database.url, TRUSTBOARD_LOG="warn")
        self.env.pop("TRUSTBOARD_BIND", None)

    def run(self, *args, password=None):
        env = dict(self.env, TRUSTBOARD_PASSWORD=password) if password else self.env
        done = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise CheckFailed(f"`trustboard {' '.join(args)}` failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *args):
        return subprocess.Popen(
            [BINARY, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def serve(self):
        port = free_port()
        server = self.start("serve", "--bind", f"127.0.0.1:{port}")
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            if server.poll() is not None:
                raise CheckFailed(f"the server stopped at start-up: {server.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(f"{base}/sign-in", timeout=2) as response:
                    if response.status == 200:
                        return server, base
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                time.sleep(0.1)
        server.kill()
        raise CheckFailed("the server did not answer within 60 seconds")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A signed-in user's cookies and forms, without following redirects.
    The server marks its cookies Secure, which Python's cookie jar keeps
    from plain-HTTP requests, so they are kept here by hand."""

    def __init__(self, base, username):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect())
        page = self.get("/sign-in")
        status, _, _ = self.post(
            "/sign-in",
            {"username": username, "password": PASSWORD, "next": "/", "csrf_token": csrf(page)},
        )
        if status != 303:
            raise CheckFailed(f"{username} could not sign in ({status})")

    def request(self, path, data=None):
        request = urllib.request.Request(self.base + path, data=data)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers.get("Location", ""), response.read().decode()

    def get(self, path):
        return self.request(path)[2]

    def post(self, path, fields):
        return self.request(path, urllib.parse.urlencode(fields).encode())


def csrf(page):
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not found:
        raise CheckFailed("a form without its CSRF token")
    return found.group(1)


def hidden(page, name):
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else ""


class Scenario:
    """One backend's database, the operations that are killed, and the checks."""

    def __init__(self, backend, rng):
        self.scratch = tempfile.mkdtemp(prefix=f"trustboard-crash-{backend}-")
        self.database = Database(backend, self.scratch)
        self.tb = Trustboard(self.database, self.scratch)
        self.rng = rng
        self.kills = 0
        self.checks = 0
        self.approved = {}  # indicator key -> text whose approval was acknowledged
        self.attempted = {}  # indicator key -> texts submitted since that approval
        self.plan_imports = []
        self.register_imports = []

    def set_up(self):
        self.tb.run("init")
        self.tb.run("user", "add", "ada", "--role", "performance_officer", password=PASSWORD)
        self.tb.run("user", "add", "bea", "--role", "performance_officer", password=PASSWORD)
        self.plan_dir = os.path.join(self.scratch, "plan")
        self.tb.run("export", "--format", "csv", "--out", self.plan_dir)
        self.full_plan = self.plan_counts(SAMPLE_PLAN)
        self.tb.run("synth", "--children", str(REGISTER_CHILDREN), "--seed", "7", "--org", "Synth council")
        self.register_dir = os.path.join(self.scratch, "register")
        self.tb.run("register", "export", "--org", "Synth council", "--out", self.register_dir)
        self.full_register = self.register_counts("Synth council")
        self.http_keys = [
            row[0]
            for row in self.database.rows(
                "SELECT i.key FROM indicators i JOIN plans p ON p.id = i.plan_id"
                " WHERE p.name = ? AND i.retired_by IS NULL ORDER BY i.key LIMIT 12",
                SAMPLE_PLAN,
            )
        ]
        self.check(kind="set-up")

    def plan_counts(self, name):
        return tuple(
            int(v)
            for v in self.database.rows(
                "SELECT (SELECT COUNT(*) FROM indicators i WHERE i.plan_id = p.id),"
                " (SELECT COUNT(*) FROM observations o WHERE o.plan_id = p.id)"
                " FROM plans p WHERE p.name = ?",
                name,
            )[0]
        ) if self.database.rows("SELECT 1 FROM plans WHERE name = ?", name) else None

    def register_counts(self, organisation):
        return tuple(
            int(v)
            for v in self.database.rows(
                "SELECT (SELECT COUNT(*) FROM register_children c WHERE c.organisation_id = o.id),"
                " (SELECT COUNT(*) FROM register_steps s JOIN register_children c ON c.id = s.child_id"
                "  WHERE c.organisation_id = o.id)"
                " FROM organisations o WHERE o.name = ?",
                organisation,
            )[0]
        ) if self.database.rows("SELECT 1 FROM organisations WHERE name = ?", organisation) else (0, 0)

    # The operations; each returns after its process was killed or finished.

    def kill_after(self, process, seconds):
        time.sleep(seconds)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            self.kills += 1
        process.wait()

    def plan_import(self, round_no):
        name = f"Crash plan {round_no}"
        self.plan_imports.append(name)
        process = self.tb.start("import", self.plan_dir, "--plan", name)
        self.kill_after(process, self.rng.uniform(0.0, 3.0))

    def register_import(self, round_no):
        organisation = f"Crash council {round_no}"
        self.register_imports.append(organisation)
        process = self.tb.start("register", "import", self.register_dir, "--org", organisation)
        self.kill_after(process, self.rng.uniform(0.0, 2.0))

    def derive(self, _round_no):
        process = self.tb.start("derive", "--org", SAMPLE_ORG)
        self.kill_after(process, self.rng.uniform(0.0, 6.0))

    def figures_over_http(self, round_no):
        server, base = self.tb.serve()
        deadline = time.time() + self.rng.uniform(1.0, 8.0)
        try:
            ada, bea = Browser(base, "ada"), Browser(base, "bea")
            n = 0
            while time.time() < deadline:
                key = self.http_keys[n % len(self.http_keys)]
                text = f"{round_no}.{n}"
                n += 1
                self.enter_and_approve(ada, bea, key, text)
        except (CheckFailed, urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            # The server died mid-request: the checks below decide whether anything was lost.
            if server.poll() is None:
                raise
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGKILL)
                self.kills += 1
            server.wait()

    def enter_and_approve(self, ada, bea, key, text):
        path = f"/plans/1/indicators/{urllib.parse.quote(key, safe='')}/entry"
        query = urllib.parse.urlencode({"period": HTTP_PERIOD})
        page = ada.get(f"{path}?{query}")
        self.attempted.setdefault(key, set()).add(text)
        status, location, _ = ada.post(
            path,
            {
                "period": HTTP_PERIOD,
                "locality": "",
                "group": "",
                "text": text,
                "commentary": "crash test",
                "version": hidden(page, "version"),
                "intent": "submit",
                "csrf_token": csrf(page),
            },
        )
        if status != 303:
            return
        queue = bea.get("/plans/1/approvals")
        entries = re.findall(r'href="/plans/1/approvals/(\d+)"', queue)
        for entry in entries:
            page = bea.get(f"/plans/1/approvals/{entry}")
            if f">{text}<" not in page:
                continue
            status, location, _ = bea.post(
                f"/plans/1/approvals/{entry}/approve", {"csrf_token": csrf(page)}
            )
            if status == 303 and "done=approved" in location:
                self.approved[key] = text
                self.attempted[key] = set()

    # The checks.

    def check(self, kind):
        integrity = self.database.integrity()
        if integrity != "ok":
            raise CheckFailed(f"after {kind}: integrity check says {integrity}")
        for name in self.plan_imports:
            counts = self.plan_counts(name)
            if counts not in (None, self.full_plan):
                raise CheckFailed(
                    f"after {kind}: plan `{name}` is torn: {counts} indicators/values, expected {self.full_plan}"
                )
        for organisation in self.register_imports:
            counts = self.register_counts(organisation)
            if counts not in ((0, 0), self.full_register):
                raise CheckFailed(
                    f"after {kind}: register of `{organisation}` is torn: {counts} children/steps,"
                    f" expected {self.full_register}"
                )
        skewed = self.database.value(
            "SELECT COUNT(*) FROM observations o WHERE o.version <>"
            " 1 + (SELECT COUNT(*) FROM observation_history h WHERE h.observation_id = o.id)"
        )
        if skewed != "0":
            raise CheckFailed(f"after {kind}: {skewed} values whose version does not match their history")
        for key, text in self.approved.items():
            current = self.database.rows(
                "SELECT o.text FROM observations o JOIN indicators i ON i.id = o.indicator_id"
                " JOIN plans p ON p.id = o.plan_id WHERE p.name = ? AND i.key = ? AND o.period = ?"
                " AND o.kind = 'actual' AND o.locality IS NULL AND o.breakdown_group IS NULL",
                SAMPLE_PLAN,
                key,
                HTTP_PERIOD,
            )
            allowed = {text} | self.attempted.get(key, set())
            if not current or current[0][0] not in allowed:
                raise CheckFailed(
                    f"after {kind}: the approved figure `{text}` for {key} was lost (now {current})"
                )
        server, _ = self.tb.serve()
        server.send_signal(signal.SIGTERM)
        server.wait()
        self.checks += 1


def run_backend(backend, rounds, rng):
    scenario = Scenario(backend, rng)
    operations = [
        ("plan import", scenario.plan_import),
        ("register import", scenario.register_import),
        ("figures over HTTP", scenario.figures_over_http),
        ("derive", scenario.derive),
    ]
    try:
        scenario.set_up()
        for round_no in range(1, rounds + 1):
            kind, operation = operations[(round_no - 1) % len(operations)]
            operation(round_no)
            scenario.check(f"round {round_no} ({kind})")
        # Every operation runs to the end after all those kills.
        scenario.tb.run("derive", "--org", SAMPLE_ORG)
        scenario.check("a final derive")
        return rounds, scenario.kills, scenario.checks, len(scenario.approved), None
    except CheckFailed as failure:
        return rounds, scenario.kills, scenario.checks, len(scenario.approved), str(failure)
    finally:
        scenario.database.drop()


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))
    backends = os.environ.get("CRASH_BACKENDS", "sqlite postgres").split()
    print(f"crash tests: {rounds} rounds per backend, seed {seed}")
    failed = False
    for backend in backends:
        ran, kills, checks, approved, failure = run_backend(backend, rounds, random.Random(seed))
        print(
            f"{backend}: {ran} rounds, {kills} kills, {checks} checks passed,"
            f" {approved} figures approved over HTTP kept"
        )
        if failure:
            print(f"{backend}: FAILED: {failure}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
