#!/usr/bin/env python3
"""
failures.py — the cluster suite of scripts/check.sh: Second Chance as
several servers on one PostgreSQL behind HAProxy (scripts/cluster.sh), and
what happens when its pieces fail (README "Several servers"; decisions
48-51). Loopback only, bounded: every request has a timeout and every wait
a deadline.

  sessions      a session made through one server works on the other and
                through the balancer; signed out on one, it is gone on all
  cap races     twenty races of two assignments to a contact person at 17
                of 18, one through each server: exactly one winner each time
  standby       the audit log (a heavy read) is served by the standby of
                database.read_url once it has replayed the latest write
  server killed kill -9 of one server under a write load through HAProxy:
                every acknowledged write is in the database, the load goes
                on through the other server, only requests in flight fail;
                HAProxy takes the server out of rotation, and back in when
                it is started again
  db restart    the primary stopped and started under a write load: during
                the outage every answer is a 503 with Retry-After (JSON for
                the API, HTML for pages), from the servers and then from
                HAProxy once /healthz (503) has taken both out of rotation;
                no crash, no hang; the servers recover by themselves;
                nothing acknowledged is lost
  browser       in Chromium, what a user sees while the database is away:
                a server's 503 page, then HAProxy's, both axe-clean, and
                the home page again, still signed in (journey.mjs)
  sqlite killed kill -9 of the single SQLite server under a write and read
                load: every acknowledged write is there after the restart,
                PRAGMA integrity_check says ok; the read audits still in the
                batch queue are the documented exception (their count is
                printed)
  sanitizers    no sanitizer report in any server's log

Prints one line per test ("ok" or "FAIL" with why), the figures of each
fault, and last "cluster: N passed, M failed". Exit status 0 when all
passed. Needs SC_BIN (the program), haproxy, PostgreSQL and sqlite3.
State is read through the API (integrity_check excepted).
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, "scripts", "cluster.sh")
BIN = os.environ.get("SC_BIN") or os.path.join(ROOT, "build", "test", "secondchance")
PW = "a long password 123"
ADMIN_PW = "cluster admin password 42"
# Cheap password hashing: sign-ins are not what is tested here.
FAST = ["auth.argon2_memory_kib=8192", "auth.argon2_ops=1", "http.access_log=false"]
TIMEOUT = 10.0  # seconds any one request may take
WRITERS = 4  # clients writing at once
RACES = 20
SESSION_COOKIE = "__Host-sc_session"
PRE_COOKIE = "__Host-sc_pre"


def log(msg):
    print(msg, flush=True)


class Failed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failed(msg)


# ---- HTTP ----

class Client:
    """One keep-alive connection to 127.0.0.1:port, opened again after an
    error. request() returns (status, headers, body); status 0 when the
    connection failed or timed out."""

    def __init__(self, port, session=None):
        self.port = port
        self.session = session
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, form=False):
        h = {}
        if self.session is not None:
            h["Cookie"] = self.session.cookie
            h["X-CSRF-Token"] = self.session.csrf
        if body is not None:
            if form:
                h["Content-Type"] = "application/x-www-form-urlencoded"
                body = urllib.parse.urlencode(body)
            else:
                h["Content-Type"] = "application/json"
                body = json.dumps(body)
        h.update(headers or {})
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            self.conn.request(method, path, body=body, headers=h)
            res = self.conn.getresponse()
            data = res.read()
            hdrs = {}
            for k, v in res.getheaders():
                k = k.lower()
                hdrs[k] = hdrs[k] + "\n" + v if k in hdrs else v
            if res.getheader("Connection", "").lower() == "close":
                self.close()
            return res.status, hdrs, data
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return 0, {}, repr(e).encode()

    def json(self, method, path, body=None):
        st, _, data = self.request(method, path, body)
        try:
            return st, json.loads(data) if data else None
        except ValueError:
            return st, None


class Session:
    def __init__(self, cookie, csrf):
        self.cookie = cookie
        self.csrf = csrf


def cookie_value(headers, name):
    m = re.search(re.escape(name) + r"=([^;,\s]*)", headers.get("set-cookie", ""))
    return m.group(1) if m else None


def page_csrf(body):
    m = re.search(rb'name="csrf" value="([^"]+)"', body)
    return m.group(1).decode() if m else None


def sign_in(port, user, password):
    c = Client(port)
    st, h, body = c.request("GET", "/login")
    check(st == 200, f"GET /login on {port}: {st}")
    pre, csrf = cookie_value(h, PRE_COOKIE), page_csrf(body)
    st, h, _ = c.request("POST", "/login",
                         {"csrf": csrf, "next": "/", "username": user, "password": password},
                         {"Cookie": f"{PRE_COOKIE}={pre}"}, form=True)
    tok = cookie_value(h, SESSION_COOKIE)
    check(st == 303 and tok, f"sign-in of {user} on {port}: {st}")
    cookie = f"{SESSION_COOKIE}={tok}"
    st, _, body = c.request("GET", "/account", headers={"Cookie": cookie})
    check(st == 200, f"GET /account on {port}: {st}")
    c.close()
    return Session(cookie, page_csrf(body))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, seconds, what):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    raise Failed(f"{what}: not within {seconds} s")


def healthz(port):
    st, _, _ = Client(port).request("GET", "/healthz")
    return st


def balancer(cl):
    """HAProxy's view of the servers, from its stats socket: {"s1": "UP", ...}."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(os.path.join(cl.dir, "haproxy.sock"))
        s.sendall(b"show stat\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    lines = data.decode().splitlines()
    names = lines[0].lstrip("# ").split(",")
    out = {}
    for line in lines[1:]:
        row = dict(zip(names, line.split(",")))
        if row.get("pxname") == "app" and row.get("svname") not in (None, "BACKEND"):
            out[row["svname"]] = row["status"]
    return out


# ---- the load ----

class Load:
    """WRITERS threads creating participants through one port until
    stop(). Each request is recorded as (start, end, status, id, headers)."""

    def __init__(self, port, session, tag, writers=WRITERS, reader_of=None):
        self.port, self.session, self.tag = port, session, tag
        self.stop_flag = threading.Event()
        self.lock = threading.Lock()
        self.done = []  # (t0, t1, status, id, headers, body)
        self.reads = []  # (status) of the reader's audited reads
        self.threads = [threading.Thread(target=self.write, args=(w,)) for w in range(writers)]
        if reader_of is not None:
            self.threads.append(threading.Thread(target=self.read, args=(reader_of,)))

    def start(self):
        self.t_start = time.monotonic()
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join()

    def write(self, w):
        c = Client(self.port, self.session)
        i = 0
        while not self.stop_flag.is_set():
            i += 1
            body = {"given_name": "Load", "family_name": f"{self.tag}w{w}n{i}",
                    "birth_date": f"19{50 + w:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "gender": "female"}
            t0 = time.monotonic()
            st, h, data = c.request("POST", "/api/v1/participants", body)
            t1 = time.monotonic()
            pid = None
            if st == 201:
                pid = json.loads(data)["id"]
            with self.lock:
                self.done.append((t0, t1, st, pid, h, data[:200]))
            if st != 201:
                time.sleep(0.05)  # as a client told to retry would, briefly
        c.close()

    def read(self, pid):
        c = Client(self.port, self.session)
        while not self.stop_flag.is_set():
            st, _, _ = c.request("GET", f"/api/v1/participants/{pid}")
            with self.lock:
                self.reads.append(st)
        c.close()

    def acked(self):
        return {d[3] for d in self.done if d[2] == 201}

    def failed(self):
        return [d for d in self.done if d[2] != 201]


def describe(failed):
    """The failures' answers, counted: "503 x3, connection closed x1"."""
    counts = {}
    for d in failed:
        what = str(d[2]) if d[2] else "connection closed"
        counts[what] = counts.get(what, 0) + 1
    return ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())) or "none"


def participant_ids(client):
    """Every participant's id, read through the API page by page."""
    ids, page = set(), 1
    while True:
        st, j = client.json("GET", f"/api/v1/participants?per_page=200&page={page}")
        check(st == 200, f"participant list page {page}: {st}")
        items = j["items"]
        if not items:
            return ids
        ids.update(it["id"] for it in items)
        page += 1


# ---- the cluster ----

class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="sc-cluster-")
        os.rmdir(self.dir)  # cluster.sh wants an empty or absent folder
        self.env = dict(os.environ, SC_BIN=BIN, SERVERS="2", SC_ADMIN_PASSWORD=ADMIN_PW,
                        # a loaded machine's standby may lag a second behind:
                        # the report test must see it serve, not the fallback
                        SC_CLUSTER_SET=" ".join(FAST + ["database.read_wait_ms=5000"]))
        self.started = False

    def sh(self, *args, check_rc=True):
        r = subprocess.run([CLUSTER, *args, self.dir], env=self.env, capture_output=True,
                           text=True, timeout=120)
        if check_rc and r.returncode != 0:
            raise Failed(f"cluster.sh {' '.join(args)}: exit {r.returncode}: {r.stderr[-2000:]}")
        return r

    def start(self):
        t0 = time.monotonic()
        r = self.sh("start")
        self.started = True
        self.start_s = time.monotonic() - t0
        self.url = r.stdout.strip().splitlines()[-1]
        env = {}
        with open(os.path.join(self.dir, "cluster.env")) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                env[k] = v
        self.haproxy = int(env["HAPROXY_PORT"])
        self.servers = [int(env["SERVER_PORT_1"]), int(env["SERVER_PORT_2"])]
        self.db_url = env["DB_URL"]
        self.read_url = env["READ_URL"]
        check(self.url == f"http://127.0.0.1:{self.haproxy}/", f"cluster.sh printed {self.url}")

    def pid(self, n):
        with open(os.path.join(self.dir, f"server{n}.pid")) as f:
            return int(f.read())

    def cli(self, *args, stdin=None):
        r = subprocess.run([BIN, "--set", f"database.url={self.db_url}",
                            "--set", f"app.data_dir={self.dir}/app",
                            *sum((["--set", s] for s in FAST), []), *args],
                           input=stdin, capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise Failed(f"secondchance {' '.join(args)}: {r.stderr}")
        return r.stdout

    def logs(self):
        out = []
        for name in sorted(os.listdir(self.dir)):
            if (name.startswith("server") or name == "haproxy.log") and name.endswith(".log"):
                with open(os.path.join(self.dir, name), errors="replace") as f:
                    out.append((name, f.read()))
        return out

    def stop(self):
        if self.started:
            self.sh("stop", check_rc=False)


def add_user(cli, name, display, roles):
    cli("user", "add", name, "--name", display, "--roles", roles, "--password-stdin", stdin=PW + "\n")


SANITIZER = re.compile(r"ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:")


# ---- the tests ----

class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.figures = []

    def run(self, name, fn, *args):
        t0 = time.monotonic()
        try:
            fn(*args)
            self.passed += 1
            log(f"  ok    {name} ({time.monotonic() - t0:.1f} s)")
        except Exception as e:  # a test that fails or breaks is one failure
            self.failed += 1
            why = str(e) if isinstance(e, Failed) else traceback.format_exc()
            log(f"  FAIL  {name}: {why}")

    def figure(self, line):
        self.figures.append(line)
        log(f"        {line}")


def test_sessions(cl):
    s1, s2 = cl.servers
    kari = sign_in(s1, "kari", PW)
    for port in (s2, cl.haproxy):
        st, j = Client(port, kari).json("GET", "/api/v1/me")
        check(st == 200 and j["username"] == "kari", f"made on server 1, /api/v1/me on {port}: {st} {j}")
    # a change through the second server is seen on the first
    st, _, _ = Client(s2, kari).request("POST", "/language",
                                        {"csrf": kari.csrf, "lang": "en", "next": "/"}, form=True)
    check(st == 303, f"language through server 2: {st}")
    st, j = Client(s1, kari).json("GET", "/api/v1/me")
    check(st == 200 and j["language"] == "en", f"language seen on server 1: {st} {j}")
    # signed out through the second: gone on the first and the balancer
    st, _, _ = Client(s2, kari).request("POST", "/logout", {"csrf": kari.csrf}, form=True)
    check(st == 303, f"sign-out through server 2: {st}")
    for port in (s1, s2, cl.haproxy):
        st, _ = Client(port, kari).json("GET", "/api/v1/me")
        check(st == 401, f"after sign-out, /api/v1/me on {port}: {st}")


def test_standby_reads(cl, lea, admin):
    s1 = cl.servers[0]
    st, j = Client(cl.haproxy, lea).json("POST", "/api/v1/participants",
                                         {"given_name": "Standby", "family_name": "Reader",
                                          "birth_date": "1981-02-03", "gender": "male"})
    check(st == 201, f"participant: {st} {j}")
    pid = j["id"]
    # the audit log, a heavy read, twice through server 1: the standby has
    # replayed the write just made before it answers, on one connection
    for _ in range(2):
        st, j = Client(s1, admin).json(
            "GET", f"/api/v1/audit?action=participant.create&record_id={pid}&per_page=5")
        check(st == 200 and j["total"] == 1 and j["items"][0]["record_id"] == str(pid),
              f"audit of the new participant: {st} {j}")
    r = subprocess.run(["psql", cl.read_url, "-Atc",
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'secondchance-read'"],
                       capture_output=True, text=True, timeout=30)
    check(r.stdout.strip() == "1", f"read connections on the standby: {r.stdout.strip()} {r.stderr}")
    logs = "".join(t for _, t in cl.logs())
    check("reading from the primary" not in logs, "a heavy read went to the primary")


def user_id(client, username):
    st, j = client.json("GET", "/api/v1/users?per_page=200")
    check(st == 200, f"users: {st}")
    return next(it["id"] for it in j["items"] if it["username"] == username)


def test_cap_races(cl, lea, admin):
    s1, s2 = cl.servers
    c = Client(cl.haproxy, lea)
    a = Client(cl.haproxy, admin)
    kari, lars = user_id(a, "kari"), user_id(a, "lars")
    day = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))

    def participant(seq):
        st, j = c.json("POST", "/api/v1/participants",
                       {"given_name": "Racer", "family_name": f"Number{seq}",
                        "birth_date": f"19{60 + seq % 35:02d}-{1 + seq % 12:02d}-{1 + seq % 28:02d}",
                        "gender": "female"})
        check(st == 201, f"participant {seq}: {st} {j}")
        st, j2 = c.json("POST", f"/api/v1/participants/{j['id']}/enrolment", {"start_date": day})
        check(st == 201, f"enrolment {seq}: {st} {j2}")
        return j["id"]

    def assign(pid, contact):
        st, j = c.json("POST", f"/api/v1/participants/{pid}/contact", {"contact_id": contact})
        check(st == 200, f"assign {pid} to {contact}: {st} {j}")

    def active(port):
        st, j = Client(port, lea).json("GET", f"/api/v1/caseloads/{kari}")
        check(st == 200, f"caseload on {port}: {st}")
        return j["contact"]["active"]

    for i in range(17):
        assign(participant(i), kari)
    x, y = participant(100), participant(101)
    assign(x, lars)
    assign(y, lars)
    check(active(s1) == 17, "Kari follows 17")

    for rnd in range(RACES):
        barrier = threading.Barrier(2)
        out = {}

        def race(port, pid):
            cli = Client(port, lea)
            cli.request("GET", "/healthz")  # connect before the start
            barrier.wait()
            out[port] = cli.json("POST", f"/api/v1/participants/{pid}/contact",
                                 {"contact_id": kari, "reason": "race"})

        ts = [threading.Thread(target=race, args=(s1, x)), threading.Thread(target=race, args=(s2, y))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        st = sorted((out[p][0], (out[p][1] or {}).get("error", {}).get("code", "")) for p in (s1, s2))
        check(st == [(200, ""), (409, "caseload_full")], f"race {rnd}: {out}")
        check(active(s1) == 18 and active(s2) == 18, f"race {rnd}: Kari does not follow 18")
        winner = x if out[s1][0] == 200 else y
        assign(winner, lars)


def assert_nothing_lost(cl, session, load, what):
    found = participant_ids(Client(cl.haproxy, session))
    acked = load.acked()
    lost = acked - found
    check(not lost, f"{what}: {len(lost)} acknowledged writes are not in the database: {sorted(lost)[:10]}")
    return len(acked), len(acked & found), len(lost)


def read_audits(cl, admin, pid):
    """How many reads of participant pid lea's audit entries record."""
    st, j = Client(cl.haproxy, admin).json(
        "GET", f"/api/v1/audit?user=lea&action=participant.read&record_id={pid}&per_page=1")
    check(st == 200, f"audit log: {st}")
    return j["total"]


def test_server_killed(cl, lea, admin, suite):
    st, j = Client(cl.haproxy, lea).json("POST", "/api/v1/participants",
                                         {"given_name": "Read", "family_name": "Often",
                                          "birth_date": "1970-05-05", "gender": "male"})
    check(st == 201, f"the participant read under load: {st}")
    read_id = j["id"]
    load = Load(cl.haproxy, lea, "Kill", reader_of=read_id).start()
    wait_until(lambda: len(load.acked()) >= 40, 20, "writes before the kill")
    t_kill = time.monotonic()
    cl.sh("server", "1", "kill")
    t_killed = time.monotonic()  # cluster.sh returns once the process is gone
    wait_until(lambda: balancer(cl) == {"s1": "DOWN", "s2": "UP"}, 10, "server 1 out of rotation")
    out_of_rotation = time.monotonic() - t_kill
    wait_until(lambda: sum(1 for d in load.done if d[0] > t_kill + 0.3 and d[2] == 201) >= 100, 20,
               "writes after the kill")
    load.stop()
    failed = load.failed()
    after = [d for d in load.done if d[0] > t_kill and d[2] == 201]
    # the longest any writer waited for an acknowledgement across the kill
    gap = max((d[1] - t_kill for d in load.done if d[0] <= t_kill + 0.05 and d[1] > t_kill and d[2] == 201),
              default=0.0)
    acked, found, lost = assert_nothing_lost(cl, lea, load, "server killed")
    reads_ok = sum(1 for s in load.reads if s == 200)
    audited = read_audits(cl, admin, read_id)
    suite.figure(f"server killed: writes acknowledged {acked}, found {found}, lost {lost}; "
                 f"reads acknowledged {reads_ok}, audited {audited}, read audits lost {max(reads_ok - audited, 0)}; "
                 f"requests failed {len(failed)} ({describe(failed)}); "
                 f"acknowledged after the kill {len(after)}; longest wait across it {gap * 1000:.0f} ms; "
                 f"out of rotation after {out_of_rotation * 1000:.0f} ms")
    check(len(failed) <= WRITERS, f"{len(failed)} requests failed, more than the {WRITERS} in flight: "
          f"{[(round(d[0] - t_kill, 3), d[2]) for d in failed]}")
    check(all(d[0] < t_killed for d in failed),
          f"requests made after the kill failed: {[(round(d[0] - t_killed, 3), d[2]) for d in failed]}")
    st = healthz(cl.servers[1])
    check(st == 200, f"server 2 /healthz: {st}")
    check(audited <= reads_ok + 1, f"{audited} read audits for {reads_ok} reads")
    cl.sh("server", "1", "start")
    wait_until(lambda: balancer(cl) == {"s1": "UP", "s2": "UP"}, 10, "server 1 back in rotation")


def test_db_restart(cl, lea, suite):
    s1, s2 = cl.servers
    pids = [cl.pid(1), cl.pid(2)]
    load = Load(cl.haproxy, lea, "Restart").start()
    wait_until(lambda: len(load.acked()) >= 40, 20, "writes before the restart")
    t_stop = time.monotonic()
    cl.sh("primary", "stop")
    t_down = time.monotonic()
    # while it is down: pages and the API say 503 with Retry-After, on a
    # server and through the balancer, and /healthz takes them out
    probes = {}
    for port in (s1, s2):
        probes[f"/healthz on {port}"] = Client(port).request("GET", "/healthz")
    for port in (s1, cl.haproxy):
        c = Client(port, lea)
        probes[f"page on {port}"] = c.request("GET", "/participants")
        probes[f"API on {port}"] = c.request("GET", "/api/v1/participants")
    for name, (st, h, body) in probes.items():
        check(st == 503, f"{name} while the database is down: {st}")
        if name.startswith("/healthz"):
            continue
        check(h.get("retry-after") == "5", f"{name}: Retry-After {h.get('retry-after')}")
        if name.startswith("API"):
            check(h.get("content-type", "").startswith("application/json") and
                  json.loads(body)["error"]["code"] == "unavailable", f"{name}: {h} {body[:200]}")
        else:
            check(h.get("content-type", "").startswith("text/html") and b"<h1>" in body,
                  f"{name}: {h} {body[:200]}")
    # both out of rotation: the balancer answers itself, as they would
    wait_until(lambda: balancer(cl) == {"s1": "DOWN", "s2": "DOWN"}, 10, "the servers out of rotation")
    out_of_rotation = time.monotonic() - t_stop
    c = Client(cl.haproxy, lea)
    for path, kind in (("/participants", "text/html"), ("/api/v1/participants", "application/json")):
        st, h, body = c.request("GET", path)
        check(st == 503 and h.get("retry-after") == "5" and h.get("content-type", "").startswith(kind),
              f"the balancer on {path} with no server: {st} {h}")
        check(b"unavailable" in body if kind != "text/html" else b"<h1>" in body, f"{path}: {body[:200]}")
    t_start = time.monotonic()
    cl.sh("primary", "start")
    t_up = time.monotonic()
    wait_until(lambda: any(d[0] > t_up and d[2] == 201 for d in load.done), 30, "a write after the restart")
    wait_until(lambda: balancer(cl) == {"s1": "UP", "s2": "UP"}, 30, "both servers back in rotation")
    load.stop()
    recovered = min(d[1] for d in load.done if d[0] > t_up and d[2] == 201) - t_up
    failed = load.failed()
    bad = [d for d in failed if d[2] != 503 or d[4].get("retry-after") != "5"]
    slowest = max(d[1] - d[0] for d in load.done)
    acked, found, lost = assert_nothing_lost(cl, lea, load, "database restart")
    suite.figure(f"database restart: writes acknowledged {acked}, found {found}, lost {lost}; "
                 f"503 answers {len(failed) - len(bad)} over {t_start - t_stop:.1f} s down; other failures {len(bad)}; "
                 f"servers out of rotation after {out_of_rotation * 1000:.0f} ms; "
                 f"first write {recovered * 1000:.0f} ms after the primary was up; slowest request {slowest * 1000:.0f} ms")
    check(not bad, f"answers other than 503 with Retry-After: {[(d[2], d[5]) for d in bad[:5]]}")
    check(slowest < TIMEOUT, f"a request took {slowest:.1f} s")
    check([cl.pid(1), cl.pid(2)] == pids and all(os.path.exists(f"/proc/{p}") for p in pids),
          "a server stopped during the outage")


def test_browser_journey(cl):
    # kari chose English in test_sessions
    r = subprocess.run(["node", os.path.join(ROOT, "tests", "cluster", "journey.mjs"), cl.dir, "kari", PW],
                       capture_output=True, text=True, timeout=180, cwd=ROOT)
    check(r.returncode == 0, (r.stdout + r.stderr)[-3000:])


def test_sqlite_killed(suite):
    d = tempfile.mkdtemp(prefix="sc-sqlite-kill-")
    db = os.path.join(d, "sc.db")
    port = free_port()
    base = [BIN, "--set", f"database.url=sqlite:{db}", "--set", f"app.data_dir={d}",
            *sum((["--set", s] for s in FAST), [])]
    env = dict(os.environ, SC_ADMIN_PASSWORD=ADMIN_PW)
    proc = None

    def serve():
        logf = open(os.path.join(d, "server.log"), "a")
        p = subprocess.Popen(base + ["--set", f"http.port={port}", "serve"], stdout=logf, stderr=logf,
                             stdin=subprocess.DEVNULL, env=env)
        logf.close()
        wait_until(lambda: healthz(port) == 200, 30, "the SQLite server healthy")
        return p

    try:
        subprocess.run(base + ["init"], check=True, capture_output=True, env=env, timeout=60)
        subprocess.run(base + ["user", "add", "lea", "--name", "Lea Leader", "--roles", "leader",
                               "--password-stdin"], input=PW + "\n", text=True, check=True,
                       capture_output=True, timeout=60)
        proc = serve()
        lea = sign_in(port, "lea", PW)
        st, j = Client(port, lea).json("POST", "/api/v1/participants",
                                       {"given_name": "Read", "family_name": "Often",
                                        "birth_date": "1970-05-05", "gender": "male"})
        check(st == 201, f"the participant read under load: {st}")
        read_id = j["id"]
        load = Load(port, lea, "Sqlite", writers=2, reader_of=read_id).start()
        wait_until(lambda: len(load.acked()) >= 100 and len(load.reads) >= 100, 30, "writes and reads")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        load.stop()
        reads_ok = sum(1 for s in load.reads if s == 200)
        failed = load.failed()
        proc = serve()
        lea = sign_in(port, "lea", PW)
        c = Client(port, lea)
        found = participant_ids(c)
        acked = load.acked()
        lost = acked - found
        admin = sign_in(port, "admin", ADMIN_PW)
        st, j = Client(port, admin).json(
            "GET", f"/api/v1/audit?user=lea&action=participant.read&record_id={read_id}&per_page=1")
        check(st == 200, f"audit log: {st}")
        audited = j["total"]
        integrity = subprocess.run(["sqlite3", db, "PRAGMA integrity_check"], capture_output=True,
                                   text=True, timeout=60).stdout.strip()
        suite.figure(f"SQLite killed: writes acknowledged {len(acked)}, found {len(acked & found)}, lost {len(lost)}; "
                     f"requests failed {len(failed)}; reads acknowledged {reads_ok}, audited {audited}, "
                     f"read audits lost {max(reads_ok - audited, 0)}; integrity_check {integrity}")
        check(not lost, f"{len(lost)} acknowledged writes lost: {sorted(lost)[:10]}")
        check(integrity == "ok", f"PRAGMA integrity_check: {integrity}")
        check(len(failed) <= 2, f"{len(failed)} writes failed, more than the 2 in flight")
        # no read is audited twice or made up; one in flight may be audited
        check(audited <= reads_ok + 1, f"{audited} read audits for {reads_ok} reads")
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        logp = os.path.join(d, "server.log")
        if os.path.exists(logp):
            with open(logp, errors="replace") as f:
                text = f.read()
            if SANITIZER.search(text):
                shutil.copy(logp, os.environ.get("SC_CLUSTER_LOGS", d) + "/sqlite-server.log")
                suite.sanitizer_logs.append(("sqlite server.log", text))
        shutil.rmtree(d, ignore_errors=True)


def main():
    t0 = time.monotonic()
    suite = Suite()
    suite.sanitizer_logs = []
    for prog in (BIN, shutil.which("haproxy"), shutil.which("sqlite3")):
        if not prog or not os.access(prog, os.X_OK):
            log(f"failures.py: needs {BIN}, haproxy and sqlite3 (scripts/install-deps.sh)")
            log("cluster: 0 passed, 1 failed")
            return 1
    cl = Cluster()
    try:
        try:
            cl.start()
            log(f"  cluster up in {cl.start_s:.1f} s: {cl.url} (servers {cl.servers[0]}, {cl.servers[1]})")
            add_user(cl.cli, "lea", "Lea Leader", "leader")
            add_user(cl.cli, "kari", "Kari Contact", "contact")
            add_user(cl.cli, "lars", "Lars Contact", "contact")
            lea = sign_in(cl.haproxy, "lea", PW)
            admin = sign_in(cl.haproxy, "admin", ADMIN_PW)
        except Exception as e:
            log(f"  FAIL  cluster start: {e}")
            log("cluster: 0 passed, 1 failed")
            return 1
        suite.run("sessions across servers", test_sessions, cl)
        suite.run("reports read from the standby", test_standby_reads, cl, lea, admin)
        suite.run(f"cap races across servers ({RACES})", test_cap_races, cl, lea, admin)
        suite.run("server killed under write load", test_server_killed, cl, lea, admin, suite)
        suite.run("database restart under write load", test_db_restart, cl, lea, suite)
        suite.run("browser: the 503 pages while the database is away, then back signed in",
                  test_browser_journey, cl)
        # the servers stop by SIGTERM, so that a sanitizer can report at exit
        for n in (1, 2):
            cl.sh("server", str(n), "stop", check_rc=False)
        suite.sanitizer_logs += [(n, t) for n, t in cl.logs() if SANITIZER.search(t)]
        logs_dir = os.environ.get("SC_CLUSTER_LOGS")
        if logs_dir:
            for name, text in cl.logs():
                with open(os.path.join(logs_dir, name), "w") as f:
                    f.write(text)
    finally:
        cl.stop()
    suite.run("SQLite server killed under write load", test_sqlite_killed, suite)

    def no_reports():
        check(not suite.sanitizer_logs, "sanitizer reports in " + ", ".join(n for n, _ in suite.sanitizer_logs))
    suite.run("no sanitizer reports in the servers' logs", no_reports)
    log(f"  ({time.monotonic() - t0:.0f} s)")
    log(f"cluster: {suite.passed} passed, {suite.failed} failed")
    return 0 if suite.failed == 0 else 1


def on_term(signum, frame):
    raise SystemExit(f"failures.py: signal {signum}")  # the clean-ups in finally run


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    sys.exit(main())
