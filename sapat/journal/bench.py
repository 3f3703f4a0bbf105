"""The quarter-end benchmark (a part of `make bench`): teachers saving marks at once, over HTTP, on PostgreSQL.

The bench makes its own database (sapat_bench_quarter), migrates it, fills it with the demo district and gives
every simulated teacher a login of their own (a staff record, a teaching assignment of one class and subject,
a subject teacher's membership). It starts gunicorn with 4 workers on a free port of 127.0.0.1, with the
production settings (debugging off), and from a second process runs bounded load: each client logs in through
the login page (its session and CSRF token are real), then saves cells of its class and subject through the
journal's own save endpoint (`journal-cell`, what journal.js posts) one after the other, for a bounded time.
Half of the clients are in one school; the others each in a school of their own.

It prints the acknowledged saves per second, p50/p95/p99 of the saves' latencies, the answers other than 200
by status, the lost writes (every acknowledged value is read back from the database: the last value each cell
was acknowledged with must be the one stored) and the outcome of `sapat recompute --verify`; then, as the floor
under those figures, what the same clients get from requests that do nothing (the cell's address asked with
GET, answered 405 after the session, the user, the scope and every middleware). Then it stops
the server and drops its database, whatever happened. Not a test: figures, not pass or fail (docs/benchmarks.md
has the budgets and what was measured).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

DATABASE = "sapat_bench_quarter"
SERVER = "postgres://postgres@127.0.0.1:5432"
VALUES = ("5", "4", "3", "2", "5", "4", "")  # empty: the cell cleared (the Delete key)
WORKERS = 4
PROBE_SECONDS = 10


def run(*, clients: list[int], seconds: float, size: str = "district", seed: int = 1) -> None:
    """The whole part: database, data, server, one load run per number of clients; always cleaned up."""
    url = f"{SERVER}/{DATABASE}"
    print(f"\n== Quarter end: clients saving marks at once over HTTP (gunicorn, {WORKERS} workers, PostgreSQL)")
    with tempfile.TemporaryDirectory(prefix="sapat-quarter-") as folder:
        env = _server_env(url, Path(folder))
        _database("DROP DATABASE IF EXISTS", "CREATE DATABASE")
        server = None
        try:
            _prepare(env, size, seed)
            port = _free_port()
            server = _start_server(env, port, Path(folder))
            for count in clients:
                _one_run(env, port, count, seconds, Path(folder))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            _database("DROP DATABASE IF EXISTS")


def _server_env(url: str, folder: Path) -> dict:
    """Production settings (no debugging, a fresh secret), plain HTTP on 127.0.0.1."""
    return os.environ | {
        "DATABASE_URL": url,
        "SAPAT_DEBUG": "0",
        "SAPAT_SECRET_KEY": secrets.token_urlsafe(50),
        "SAPAT_ALLOWED_HOSTS": "127.0.0.1",
        "SAPAT_HTTPS": "0",
        "SAPAT_STATIC_ROOT": str(folder / "static"),
        "SAPAT_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "sapat.settings",
    }


def _database(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        if statements[0].startswith("DROP"):  # connections left by a run that was killed
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [DATABASE])
        for statement in statements:
            admin.execute(f'{statement} "{DATABASE}"')


def _sapat(env: dict, *args: str) -> None:
    sapat = str(Path(sys.executable).with_name("sapat"))
    subprocess.run([sapat, *args], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def _prepare(env: dict, size: str, seed: int) -> None:
    start = time.perf_counter()
    _sapat(env, "migrate", "--no-input")
    _sapat(env, "demo-data", "--size", size, "--seed", str(seed))
    _sapat(env, "collectstatic", "--no-input")
    _analyze()
    _line(f"demo {size} built, migrated, static files collected, vacuumed", f"{time.perf_counter() - start:.0f} s")


def _analyze() -> None:
    """Vacuum and analyze the data just loaded, as autovacuum keeps a database in service: until then its rows'
    hint bits are unset (the first reads write them), its visibility map is empty and what demo-data wrote after
    its own ANALYZE has no statistics, and the saves measured would be those of the minutes after a restore."""
    import psycopg

    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(env: dict, port: int, folder: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "sapat.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen([*command, "--log-level", "warning"], env=env, stdout=log, stderr=log)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start: {(folder / 'gunicorn.log').read_text()[-2000:]}")


def _one_run(env: dict, port: int, clients: int, seconds: float, folder: Path) -> None:
    plan, acks = folder / f"plan-{clients}.json", folder / f"acks-{clients}.json"
    here = [sys.executable, "-m", "sapat.journal.bench"]
    subprocess.run([*here, "--plan", str(plan), "--clients", str(clients)], env=env, check=True)  # noqa: S603
    load = [*here, "--load", str(plan), "--port", str(port)]  # the second process: HTTP only
    subprocess.run([*load, "--seconds", str(seconds), "--acks", str(acks)], env=os.environ, check=True)  # noqa: S603
    subprocess.run([*here, "--verify", str(acks)], env=env, check=True)  # noqa: S603
    probe = ["--seconds", str(min(seconds, PROBE_SECONDS)), "--probe"]
    subprocess.run([*load, *probe], env=os.environ, check=True)  # noqa: S603


def _line(what: str, value: str) -> None:
    print(f"  {what:<52} {value}")


# Who saves what (run with the bench database's settings) ------------------------------------------------


def make_plan(path: Path, clients: int) -> None:
    """A teacher login per client with one class and subject of its own: half the clients in the school with
    the most classes, the others each in another school. The cells: the class's students in its open quarter."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from sapat.access.models import Membership, Role, User
    from sapat.structure.models import SchoolClass, Staff, TeachingAssignment

    year = SchoolClass.objects.order_by("-year__starts_on").values_list("year", flat=True).first()
    classes = SchoolClass.objects.filter(year=year).exclude(school__school_kind="college").select_related("school")
    schools = sorted({k.school for k in classes}, key=lambda s: (-sum(k.school_id == s.pk for k in classes), s.pk))
    main, others = schools[0], schools[1:]
    pairs = _pairs(main, year, clients - clients // 2)
    pairs += [_pairs(others[i % len(others)], year, 1, i // len(others))[0] for i in range(clients // 2)]
    password = secrets.token_urlsafe(12)
    hashed, entries = make_password(password), []
    User.objects.filter(username__startswith="bench-teacher-").delete()
    for number, (school_class, subject) in enumerate(pairs):
        user = User.objects.create(username=f"bench-teacher-{number}", password=hashed)
        staff = Staff.objects.create(school=school_class.school, user=user, last_name="Bench", first_name=str(number))
        TeachingAssignment.objects.create(teacher=staff, school_class=school_class, subject=subject)
        Membership.objects.create(user=user, unit=school_class.school, role=Role.SUBJECT_TEACHER)
        entries.append(_client_entry(user, password, school_class, subject, main))
    path.write_text(json.dumps(entries))


def _pairs(school, year, count: int, skip: int = 0) -> list:
    """`count` different (class, subject) pairs of a school's teaching assignments, the `skip`-th first."""
    from sapat.assessment.models import GradingScheme
    from sapat.assessment.schemes import scheme_for_class
    from sapat.structure.models import TeachingAssignment

    taught = TeachingAssignment.objects.filter(school_class__school=school, school_class__year=year)
    rows = taught.select_related("school_class__school", "school_class__year", "subject")
    rows = rows.order_by("school_class", "subject")
    pairs = list(dict.fromkeys((a.school_class, a.subject) for a in rows))
    # Only classes that take quarter marks (not grade 1, not a class marked by half-years): every save the
    # clients make is then one a teacher could make, and an answer other than 200 is a fault, not a refusal.
    quarterly = {}
    for school_class, _subject in pairs:
        if school_class.pk not in quarterly:
            scheme = scheme_for_class(school_class)
            quarterly[school_class.pk] = (
                scheme is not None
                and scheme.kind != GradingScheme.Kind.NO_MARKS
                and ("quarter" in scheme.kinds_of_period)
            )
    pairs = [pair for pair in pairs if quarterly[pair[0].pk]]
    if len(pairs) < count + skip:
        raise RuntimeError(f"school {school.code} has only {len(pairs)} classes × subjects taught")
    return pairs[skip : skip + count]


def _client_entry(user, password: str, school_class, subject, main) -> dict:
    from sapat.journal.models import PeriodLock
    from sapat.structure.models import Enrolment, Period

    closed = PeriodLock.objects.closed().filter(school=school_class.school).values_list("period_id", flat=True)
    open_quarters = Period.objects.filter(year=school_class.year, kind=Period.Kind.QUARTER, locked=False)
    period = open_quarters.exclude(pk__in=closed).order_by("-starts_on").first()
    students = Enrolment.objects.filter(school_class=school_class, starts_on__lte=period.ends_on).exclude(
        ends_on__lt=period.starts_on
    )
    return {
        "username": user.username,
        "password": password,
        "path": f"/journal/classes/{school_class.pk}/subjects/{subject.pk}/cell/",
        "period": period.pk,
        "students": sorted(set(students.values_list("student_id", flat=True))),
        "main_school": school_class.school_id == main.pk,
    }


# The load (the second process: HTTP only, no Django) ------------------------------------------------------


class Client(threading.Thread):
    """One teacher: logs in, waits for the others, then saves cells until the time is up."""

    def __init__(self, entry: dict, port: int, start: threading.Barrier, stop: list, probe: bool = False):
        super().__init__(daemon=True)
        self.entry, self.port, self.start_line, self.stop, self.probe = entry, port, start, stop, probe
        self.cookies: dict[str, str] = {}
        self.samples: list[float] = []
        self.statuses: dict[str, int] = {}
        self.acked: dict[int, str] = {}
        self.uncertain: set[int] = set()
        self.random = random.Random(entry["username"])  # noqa: S311 - which cell to save, not a secret

    logins = threading.Semaphore(WORKERS)  # a login hashes the password on purpose (slowly): a few at a time

    def run(self) -> None:
        try:
            with self.logins:
                self._login()
        except (OSError, http.client.HTTPException, RuntimeError, KeyError) as error:
            self.statuses[f"login failed ({type(error).__name__})"] = 1
            return
        finally:
            self.start_line.wait()
        while not self.stop:
            self._ask_nothing() if self.probe else self._save()

    def _request(self, method: str, path: str, body=None, headers=None, timeout: float = 60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, urllib.parse.urlencode(body) if body else None, headers)
            response = connection.getresponse()
            content = response.read()
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name.strip()] = value
            return response.status, content
        finally:
            connection.close()

    def _login(self) -> None:
        self._request("GET", "/login/", timeout=600)
        form = {"username": self.entry["username"], "password": self.entry["password"]}
        form["csrfmiddlewaretoken"] = self.cookies["csrftoken"]
        status, _content = self._request("POST", "/login/", form, timeout=600)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.entry['username']} could not log in (HTTP {status})")

    def _timed(self, method: str, body=None, headers=None):
        """One request to the cell's address, its latency kept; a connection failure is its status."""
        start = time.perf_counter()
        try:
            status, content = self._request(method, self.entry["path"], body, headers)
        except (OSError, http.client.HTTPException) as error:
            status, content = type(error).__name__, b""
        self.samples.append(time.perf_counter() - start)
        return status, content

    def _ask_nothing(self) -> None:
        """The floor under every save: the cell's address asked with GET, which the server answers 405 after
        the session, the user, the scope and every middleware, and before the view does anything."""
        status, _content = self._timed("GET")
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1

    def _save(self) -> None:
        student, value = self.random.choice(self.entry["students"]), self.random.choice(VALUES)
        body = {"student": student, "period": self.entry["period"], "value": value}
        status, content = self._timed("POST", body, {"X-CSRFToken": self.cookies["csrftoken"]})
        if status == 200 and json.loads(content or b"{}").get("ok"):
            self.acked[student] = json.loads(content)["value"]
            self.uncertain.discard(student)
            self.statuses["200"] = self.statuses.get("200", 0) + 1
            return
        self.uncertain.add(student)  # not acknowledged: the cell may hold either value now
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1


def load(plan_path: Path, port: int, seconds: float, acks_path: Path | None, probe: bool = False) -> None:
    entries = json.loads(plan_path.read_text())
    start, stop = threading.Barrier(len(entries) + 1, timeout=600), []
    clients = [Client(entry, port, start, stop, probe) for entry in entries]
    for client in clients:
        client.start()
    start.wait()
    began, cpu_before, load_before = time.perf_counter(), server_cpu(port), os.getloadavg()[0]
    time.sleep(seconds)
    stop.append(True)
    for client in clients:
        client.join(timeout=120)
    elapsed, cpu = time.perf_counter() - began, server_cpu(port) - cpu_before
    if probe:
        _report_floor(clients, elapsed, cpu)
        return
    _report(clients, elapsed)
    acked = sum(c.statuses.get("200", 0) for c in clients)
    _line("server CPU per acknowledged save (gunicorn + PostgreSQL)", f"{cpu * 1000 / max(acked, 1):.0f} ms")
    _line("machine load average (1 min) before / after", f"{load_before:.1f} / {os.getloadavg()[0]:.1f}")
    acks = [{"path": c.entry["path"], "period": c.entry["period"], "acked": c.acked,
             "uncertain": sorted(c.uncertain)} for c in clients]  # fmt: skip
    acks_path.write_text(json.dumps(acks))


def _report_floor(clients: list[Client], elapsed: float, cpu: float) -> None:
    samples = sorted(s for c in clients for s in c.samples)
    answered = sum(c.statuses.get("405", 0) for c in clients)
    others = sum(count for c in clients for status, count in c.statuses.items() if status != "405")
    _line("floor: logged-in requests that do nothing, per s", f"{answered / elapsed:.0f} ({others} other answers)")
    _line("floor: latency p50 / p95", " / ".join(f"{_quantile(samples, q) * 1000:.0f} ms" for q in (0.5, 0.95)))
    _line("floor: server CPU per request", f"{cpu * 1000 / max(answered, 1):.1f} ms")


def server_cpu(port: int) -> float:
    """CPU seconds used so far by the gunicorn workers and the PostgreSQL backends of the bench's database
    (read from /proc: the machine is shared, so wall time alone says little about what a save costs)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if (b"gunicorn" in command and f"127.0.0.1:{port} ".encode() in command) or DATABASE.encode() in command:
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _report(clients: list[Client], elapsed: float) -> None:
    main = sum(c.entry["main_school"] for c in clients)
    print(f"  -- {len(clients)} clients ({main} in one school), {elapsed:.0f} s")
    for label, group in (
        ("all clients", clients),
        ("the one school's", [c for c in clients if c.entry["main_school"]]),
    ):
        samples = sorted(s for c in group for s in c.samples)
        statuses: dict[str, int] = {}
        for client in group:
            for status, count in client.statuses.items():
                statuses[status] = statuses.get(status, 0) + count
        acked = statuses.get("200", 0)
        errors = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()) if status != "200")
        _line(f"{label}: acknowledged saves/s", f"{acked / elapsed:.0f} ({acked} saves)")
        _line(f"{label}: latency p50 / p95 / p99", " / ".join(f"{_quantile(samples, q) * 1000:.0f} ms"
                                                            for q in (0.5, 0.95, 0.99)))  # fmt: skip
        _line(f"{label}: errors by status", errors or "none")


def _quantile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


# Reading back (run with the bench database's settings) ----------------------------------------------------


def verify(acks_path: Path) -> None:
    """Every acknowledged value read back from the database, then `sapat recompute --verify`."""
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    from sapat.assessment.models import PeriodMark

    lost = checked = 0
    for client in json.loads(acks_path.read_text()):
        class_pk, subject_pk = (int(part) for part in client["path"].strip("/").split("/")[2:5:2])
        marks = PeriodMark.objects.filter(school_class_id=class_pk, subject_id=subject_pk, period_id=client["period"])
        stored = dict(marks.values_list("student_id", "value"))
        for student, value in client["acked"].items():
            if int(student) in client["uncertain"]:
                continue
            checked += 1
            lost += stored.get(int(student), "") != value
    _line("lost writes (acknowledged values read back)", f"{lost} of {checked} cells")
    try:
        call_command("recompute", verify=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        _line("sapat recompute --verify", "every summary equals the raw marks")
    except CommandError as error:
        _line("sapat recompute --verify", f"FAILED: {error}")


def _setup_step(step, *args) -> None:
    """The bench's own steps read and write the whole database, like the command line (which runs unscoped)."""
    import django

    django.setup()
    from sapat.core.querysets import unscoped

    with unscoped("the quarter-end bench's setup and read-back, outside any request"):
        step(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description="The quarter-end benchmark's steps (run by sapat.bench).")
    parser.add_argument("--plan", type=Path, help="Make the clients' logins and write their plan here.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--load", type=Path, help="Run the load of this plan.")
    parser.add_argument("--port", type=int)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--acks", type=Path)
    parser.add_argument("--probe", action="store_true", help="With --load: the floor, requests that do nothing.")
    parser.add_argument("--verify", type=Path, help="Read back the acknowledged values written here.")
    args = parser.parse_args()
    if args.plan:
        _setup_step(make_plan, args.plan, args.clients)
    elif args.load:
        load(args.load, args.port, args.seconds, args.acks, probe=args.probe)
    elif args.verify:
        _setup_step(verify, args.verify)
    else:
        run(clients=[args.clients], seconds=args.seconds)


if __name__ == "__main__":
    main()
