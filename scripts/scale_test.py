#!/usr/bin/env python
"""`make scale-test`: the production set-up on loopback, 200 participants at once, while an
app server and then the task worker are restarted; then check that nothing was lost or
doubled. Exits non-zero on any failure. See README, "Deploying" > "The scale test".

What runs (all started here, all stopped here, also on failure or Ctrl-C):
- PostgreSQL database ``scale_run``, a fresh copy of ``scale_template`` (migrated once per
  set of migrations, so a rerun does not spend a minute migrating), seeded by
  ``manage.py seed_scale`` (bench/);
- Redis database 5 (``SCALE_REDIS_URL``; flushed at the start, only that database) with the
  key prefix ``scale``; moto's S3 server as the bucket;
- two gunicorn app servers with production settings (debug off, Redis, the bucket, tasks in
  the database), one ``run_worker``, and nginx as the load balancer with
  deploy/nginx.conf as committed (ports and a self-signed certificate filled in);
- 200 client threads, each one participant with its own loopback address (127.0.1.x, so
  allauth's per-IP limits see the client nginx saw): log in (the first ``SCALE_LOGINS``)
  or use a stored session, register for the cohort (one in ten sends the form twice at
  once), book a practice-day visit (another slot when one is full), save a plan, upload a
  PDF attachment and submit the plan with the self-assessment. Everything over HTTPS
  through nginx with CSRF tokens, as a browser would.

Output, checks and logs go to scale-results/.
"""

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import scale  # noqa: E402 - after the path is set
from bench.process import manage  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
OUT = BASE_DIR / "scale-results"
PARTICIPANTS = int(os.environ.get("SCALE_PARTICIPANTS", "200"))
CAPACITY = int(os.environ.get("SCALE_CAPACITY", "150"))
LOGINS = int(os.environ.get("SCALE_LOGINS", "10"))
PORT_BASE = int(os.environ.get("SCALE_PORT_BASE", "8440"))
HTTPS_PORT, HTTP_PORT = PORT_BASE, PORT_BASE + 1
APP_PORTS = [PORT_BASE + 11, PORT_BASE + 12]
MOTO_PORT = PORT_BASE + 20
HOST = "127.0.0.1"
LB = f"https://{HOST}:{HTTPS_PORT}"
SERVER_URL = os.environ.get("SCALE_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/5")
DOUBLE_SUBMIT_EVERY = 10
# Seconds a participant spends on a page before the next request (reading, filling in):
# without it 200 clients on two cores queue ~10 s for every request (see README).
THINK = [float(x) for x in os.environ.get("SCALE_THINK_SECONDS", "5,15").split(",")]
RAMP_SECONDS = 20
# Set on Ctrl-C or SIGTERM: every client stops at its next pause.
STOP = threading.Event()
TIMEOUT = 60


# --- processes -------------------------------------------------------------------------


class Processes:
    """Every process the test starts, each in its own process group; ``stop_all`` ends
    them (the group: gunicorn's and nginx's workers too) in reverse order."""

    def __init__(self):
        self.running = {}

    def start(self, name, cmd, env, **kwargs):
        log = open(OUT / f"{name}.log", "ab")
        process = subprocess.Popen(
            cmd,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.running[name] = process
        return process

    def send(self, name, sig):
        process = self.running[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)

    def stop(self, name, sig=signal.SIGTERM, timeout=30):
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self):
        for name in reversed(list(self.running)):
            self.stop(name, timeout=20)


def wait_until(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def healthy(url, cert=None):
    return requests.get(url, timeout=3, verify=str(cert) if cert else True).status_code == 200


# --- the environment -------------------------------------------------------------------


def database_url(name):
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))


def server_env(database):
    env = dict(os.environ)
    for name in ("DJANGO_DEBUG", "DJANGO_EMAIL_FILE_PATH", "EMAIL_HOST", "DJANGO_BENCH_FLOOR"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "website.settings",
            "DJANGO_SECRET_KEY": "scale-test-only-" + "s" * 50,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": LB,
            "WAGTAILADMIN_BASE_URL": LB,
            "DATABASE_URL": database_url(database),
            "REDIS_URL": REDIS_URL,
            "DJANGO_CACHE_PREFIX": "scale",
            "DJANGO_TASKS_BACKEND": "database",
            "AWS_STORAGE_BUCKET_NAME": "scale-media",
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{MOTO_PORT}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "scale",
            "AWS_SECRET_ACCESS_KEY": "scale",
            "DJANGO_STATIC_ROOT": str(OUT / "static"),
            "DJANGO_EMAIL_FILE_PATH": str(OUT / "mail"),
            "DJANGO_TRUSTED_PROXY": "1",
        }
    )
    return env


def migrations_fingerprint():
    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        if ".venv" not in path.parts:
            digest.update(path.read_bytes())
    digest.update(
        subprocess.run(
            [PY, "-m", "pip", "freeze"], capture_output=True, text=True, check=True
        ).stdout.encode()
    )
    return digest.hexdigest()[:16]


def fresh_database(env_for):
    """``scale_run`` as a copy of ``scale_template``, migrated again only when the project's
    migrations or the installed packages changed."""
    import psycopg

    fingerprint = migrations_fingerprint()
    with psycopg.connect(SERVER_URL, autocommit=True) as db:
        row = db.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = 'scale_template'"
        ).fetchone()
        if row is None or row[0] != fingerprint:
            print("  migrating the template database (once per set of migrations) ...")
            db.execute("DROP DATABASE IF EXISTS scale_template")
            db.execute("CREATE DATABASE scale_template")
            manage(env_for("scale_template"), "migrate", "--noinput")
            db.execute(f"COMMENT ON DATABASE scale_template IS '{fingerprint}'")
        db.execute("DROP DATABASE IF EXISTS scale_run WITH (FORCE)")
        db.execute("CREATE DATABASE scale_run TEMPLATE scale_template")


def certificate():
    cert, key = OUT / "tls" / "cert.pem", OUT / "tls" / "key.pem"
    cert.parent.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=IP:{HOST}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_config(cert, key):
    prefix = OUT / "nginx"
    for sub in ("logs", "temp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    site = scale.nginx_site(
        (BASE_DIR / "deploy" / "nginx.conf").read_text(),
        https_port=HTTPS_PORT,
        http_port=HTTP_PORT,
        app_ports=APP_PORTS,
        server_name=HOST,
        cert=cert,
        key=key,
    )
    (prefix / "site.conf").write_text(site)
    temp = prefix / "temp"
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"  access_log {prefix}/logs/access.log;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi;\n"
        f"  include {prefix}/site.conf;\n"
        "}\n"
    )
    return prefix


def listening_socket(port):
    """A socket listening on ``port``, to hand to gunicorn as systemd would (LISTEN_FDS)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(socket.SOMAXCONN)
    return listener


# --- the clients -----------------------------------------------------------------------


class SourceAddressAdapter(HTTPAdapter):
    """Connect from the given loopback address: each client is its own IP to nginx."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGE = re.compile(r'class="message message--(\w+)"')


class Client:
    """One participant's browser: a session, its own address, every request recorded."""

    def __init__(self, person, number, cert, log, lock):
        self.person, self.email = person, person["email"]
        self.http = requests.Session()
        self.http.verify = str(cert)
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE would override the test certificate
        self.http.mount("https://", SourceAddressAdapter(f"127.0.1.{number % 250 + 1}"))
        self.http.headers["Accept-Language"] = "nl"
        self.log, self.lock = log, lock
        self.rng = random.Random(number)
        if person["session"]:
            self.http.cookies.set("sessionid", person["session"], domain=HOST, secure=True)

    def think(self):
        if STOP.wait(self.rng.uniform(*THINK)):
            raise KeyboardInterrupt

    def request(self, method, path, think=True, **kwargs):
        if think:
            self.think()
        started = time.monotonic()
        headers = {"Origin": LB, "Referer": LB + path} if method == "POST" else {}
        retried = 0
        while True:
            try:
                response = self.http.request(
                    method,
                    LB + path,
                    headers=headers,
                    allow_redirects=False,
                    timeout=TIMEOUT,
                    **kwargs,
                )
            except requests.ConnectionError as error:
                # An idle keep-alive connection that nginx closed (a reload while a server
                # is drained or put back) just as the request went out: no answer at all.
                # Browsers send the request again once on a new connection; so does this
                # client, and the figures count it. Whether the server saw it twice is what
                # the doubled-registration and -booking checks are for.
                if not retried and "Connection aborted." in str(error):
                    retried = 1
                    continue
                response, status = None, None
                detail = f"{type(error).__name__}: {error}"[:300]
            except requests.RequestException as error:
                response, status = None, None
                detail = f"{type(error).__name__}: {error}"[:300]
            else:
                status, detail = response.status_code, ""
            break
        with self.lock:
            self.log.append(
                {
                    "method": method,
                    "path": path,
                    "status": status,
                    "detail": detail,
                    "retried": retried,
                    "ms": (time.monotonic() - started) * 1000,
                }
            )
        return response

    def session_key(self):
        keys = [cookie.value for cookie in self.http.cookies if cookie.name == "sessionid"]
        return keys[-1] if keys else None

    def csrf(self, response):
        match = CSRF_INPUT.search(response.text) if response is not None else None
        return match.group(1) if match else self.http.cookies.get("csrftoken", "")

    def message(self, path):
        """The kind of the last message on ``path`` (the redirect after a POST, at once)."""
        page = self.request("GET", path, think=False)
        found = MESSAGE.findall(page.text) if page is not None and page.status_code == 200 else []
        # The flash messages, and a page may show a standing note (message--info) as well.
        return next((kind for kind in ("error", "success") if kind in found), None)


def outcome_of(response, ok):
    if response is None or response.status_code >= 500:
        return "unknown"
    return "ok" if ok(response) else "refused"


def journey(client, manifest, outcomes, seed):
    rng = random.Random(seed)
    cohort = manifest["cohort_id"]
    if STOP.wait(rng.uniform(0, RAMP_SECONDS)):
        return
    if not client.person["session"]:
        page = client.request("GET", "/accounts/login/")
        done = client.request(
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": client.csrf(page),
                "login": client.email,
                "password": manifest["password"],
            },
        )
        outcomes["login"].append(
            scale.Outcome(client.email, outcome_of(done, lambda r: r.status_code == 302))
        )
    # Register: the form, then straight to the confirmation (the preview is a GET-free POST).
    path = f"/aanmelden/groep/{cohort}/"
    page = client.request("GET", path)
    form = {
        "csrfmiddlewaretoken": client.csrf(page),
        "function": "ib",
        "school_name": "Basisschool Schaal",
        "school_place": "Utrecht",
        "payer": "self",
        "terms": "on",
        "step": "confirm",
    }
    times = 2 if seed % DOUBLE_SUBMIT_EVERY == 0 else 1
    client.think()
    with ThreadPoolExecutor(times) as pool:
        answers = list(
            pool.map(lambda _: client.request("POST", path, think=False, data=form), range(times))
        )
    for answer in answers:
        registered = (
            re.search(r"/aanmelding/(\d+)/", answer.headers.get("Location", ""))
            if (answer is not None and answer.status_code == 302)
            else None
        )
        outcomes["registration"].append(
            scale.Outcome(
                client.email,
                outcome_of(answer, lambda r, found=registered: found is not None),
                int(registered.group(1)) if registered else None,
            )
        )
    # Book a visit: a random slot, another one while slots are full (at most three tries).
    day = f"/praktijkdag/{cohort}/"
    page = client.request("GET", day)
    token = client.csrf(page)
    slots = [slot["id"] for slot in manifest["slots"]]
    rng.shuffle(slots)
    for slot in slots[:3]:
        answer = client.request(
            "POST", f"{day}bezoek/{slot}/boeken/", data={"csrfmiddlewaretoken": token}
        )
        if answer is None or answer.status_code >= 500:
            outcomes["booking"].append(scale.Outcome(client.email, "unknown"))
            break
        if answer.status_code != 302:  # 404: no place in the cohort, so no practice day
            outcomes["booking"].append(scale.Outcome(client.email, "refused"))
            break
        kind = client.message(day)
        outcomes["booking"].append(
            scale.Outcome(client.email, "ok" if kind == "success" else "refused", slot)
        )
        if kind == "success":
            break
    # The plan: save the text, upload the attachment, submit with the self-assessment.
    plan = f"/mijn-opleiding/uitvoeringsplan/{cohort}/"
    page = client.request("GET", plan)
    if page is None or page.status_code != 200:
        outcomes["plan"].append(scale.Outcome(client.email, outcome_of(page, lambda r: False)))
        return
    token = client.csrf(page)
    body = (
        "## Ondersteuningsroute\n\nWij maken de route van signaleren tot besluiten korter, "
        "met een vast overleg per groep en een heldere rol voor de leraar.\n"
    ) * 20
    client.request(
        "POST",
        plan,
        data={
            "csrfmiddlewaretoken": token,
            "body": body,
            "marked_names": "",
        },
    )
    pdf = Path(client.person["attachment"]).read_bytes()
    client.request(
        "POST",
        plan + "bijlage/",
        data={"csrfmiddlewaretoken": token},
        files={"attachment": ("bijlage.pdf", pdf, "application/pdf")},
    )
    attached = client.message(plan)
    submit = plan + "indienen/"
    page = client.request("GET", submit)
    levels = {f"criterion_{c}": str(level) for c, level in manifest["rubric"].items()}
    answer = client.request(
        "POST", submit, data={"csrfmiddlewaretoken": client.csrf(page), **levels}
    )
    submitted = answer is not None and answer.status_code == 302 and client.message(plan)
    outcomes["plan"].append(
        scale.Outcome(
            client.email,
            outcome_of(answer, lambda r: submitted == "success" and attached == "success"),
        )
    )
    if attached == "success":
        outcomes["uploads"].append((client.email, hashlib.sha256(pdf).hexdigest()))


# --- the run ---------------------------------------------------------------------------


def chaos(processes, start_app, start_worker, drain, progress, events):
    """A third of the requests in, restart app server 1 as a release does (drain it in
    nginx, SIGTERM, start, wait for /healthz, undrain); then, as soon as mail tasks wait or
    run (the bookings), kill -9 the worker and start it again."""
    expected = PARTICIPANTS * 12
    wait_until(lambda: len(progress) > expected / 3, "a third of the load", timeout=240)
    events.append(f"{time.strftime('%X')} app server 1 drained in nginx")
    drain(True)
    # Drained: nginx sends it nothing new; wait until what it had sent (in flight, or
    # waiting in the backlog of a busy server) is answered.
    wait_until(lambda: connections_to(APP_PORTS[0]) == 0, "app server 1 drained", timeout=90)
    events.append(f"{time.strftime('%X')} SIGTERM app server 1 after {len(progress)} requests")
    processes.stop("app1", signal.SIGTERM)
    start_app(0)
    wait_until(lambda: healthy(f"http://127.0.0.1:{APP_PORTS[0]}/healthz"), "app1", timeout=60)
    drain(False)
    events.append(f"{time.strftime('%X')} app server 1 healthy again, back in nginx")
    pending = wait_for_pending_tasks()
    events.append(
        f"{time.strftime('%X')} SIGKILL worker after {len(progress)} requests "
        f"({pending} tasks queued or running)"
    )
    processes.stop("worker", signal.SIGKILL)
    time.sleep(1)
    start_worker()
    events.append(f"{time.strftime('%X')} worker started again")


def connections_to(port):
    """Open TCP connections to ``port`` on loopback (nginx's requests to an app server)."""
    out = subprocess.run(
        ["ss", "-Htn", "state", "established", f"( dport = :{port} )"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return len(out.splitlines())


def wait_for_pending_tasks(timeout=60):
    """How many tasks wait or run, once there are any (so the worker is killed mid-run)."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url("scale_run"), autocommit=True) as db:
        while True:
            (count,) = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()
            if count or time.monotonic() > deadline:
                return count
            time.sleep(0.05)


def readable_everywhere(manifest, facts, uploads, sessions):
    """GET every attachment from each app server directly, with its owner's session."""
    problems = scale.Problems()
    plan_of = {p["email"]: p["id"] for p in facts["plans"] if p["attachment"]}
    checked = 0
    for email, sha in uploads:
        for port in APP_PORTS:
            response = requests.get(
                f"http://127.0.0.1:{port}/mijn-opleiding/uitvoeringsplan/plan/"
                f"{plan_of.get(email, 0)}/bijlage/",
                headers={
                    "Host": HOST,
                    "X-Forwarded-Proto": "https",
                    "Cookie": f"sessionid={sessions[email]}",
                },
                timeout=30,
                allow_redirects=False,
            )
            checked += 1
            if response.status_code != 200 or hashlib.sha256(response.content).hexdigest() != sha:
                problems.add(f"upload of {email} not readable on :{port} ({response.status_code})")
    problems.figures = {"uploads": len(uploads), "reads": checked}
    return problems


def main():
    for tool in ("nginx", "openssl"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"make scale-test needs {tool}: apt-get install {tool}")
    static = OUT / "static"
    if OUT.exists():
        for child in OUT.iterdir():
            if child != static:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    (OUT / "mail").mkdir(parents=True)
    processes = Processes()

    def on_signal(signum, frame):
        STOP.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.monotonic()
    try:
        return run(processes)
    except KeyboardInterrupt:
        print("interrupted: stopping everything")
        return 130
    finally:
        processes.stop_all()
        print(f"all processes stopped ({time.monotonic() - started:.0f} s in all)")


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run(processes):
    busy = [p for p in [HTTPS_PORT, HTTP_PORT, *APP_PORTS, MOTO_PORT] if port_in_use(p)]
    if busy:
        raise SystemExit(f"ports in use (another scale test still running?): {busy}")
    import redis

    env = server_env("scale_run")
    print("Preparing: moto S3, Redis db, fresh database, static files, seed ...", flush=True)
    processes.start(
        "moto", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(MOTO_PORT)], env
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    fresh_database(server_env)
    wait_until(lambda: requests.get(f"http://127.0.0.1:{MOTO_PORT}/", timeout=2), "moto")
    import boto3

    boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="scale",
        aws_secret_access_key="scale",
    ).create_bucket(Bucket=env["AWS_STORAGE_BUCKET_NAME"])
    manage(env, "collectstatic", "--noinput")
    seed_env = {**env, "DJANGO_BENCH_FLOOR": "1"}
    manifest_path = OUT / "manifest.json"
    manage(
        seed_env,
        "seed_scale",
        str(manifest_path),
        "--participants",
        str(PARTICIPANTS),
        "--capacity",
        str(CAPACITY),
        "--logins",
        str(LOGINS),
    )
    manifest = json.loads(manifest_path.read_text())

    # The app servers' listening sockets are held here, as systemd holds them
    # (deploy/systemd/opleiding-web@.socket): while one server restarts, connections wait
    # in the backlog instead of being reset.
    listeners = [listening_socket(port) for port in APP_PORTS]

    def start_app(index):
        fd = listeners[index].fileno()
        processes.start(
            f"app{index + 1}",
            [
                "sh",
                "-c",
                'LISTEN_PID=$$ exec "$0" "$@"',
                str(BIN / "gunicorn"),
                "website.wsgi",
                "--workers",
                "3",
                "--timeout",
                "30",
                "--graceful-timeout",
                "20",
                "--preload",
                "--no-control-socket",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            {**env, "LISTEN_FDS": "1"},
            pass_fds=(3,),
            preexec_fn=lambda: os.dup2(fd, 3),
        )

    def start_worker():
        processes.start(
            "worker",
            [
                PY,
                "manage.py",
                "run_worker",
                "--worker-id",
                "scale-worker",
                "--queue-name",
                "*",
                "--interval",
                "1",
                "--no-reload",
            ],
            env,
        )

    for index in range(len(APP_PORTS)):
        start_app(index)
    start_worker()
    cert, key = certificate()
    prefix = nginx_config(cert, key)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        check=True,
        capture_output=True,
    )
    processes.start(
        "nginx",
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        env,
    )
    for port in APP_PORTS:
        wait_until(lambda port=port: healthy(f"http://127.0.0.1:{port}/healthz"), f":{port}")
    wait_until(lambda: healthy(f"{LB}/healthz", cert), "the load balancer")

    print(
        f"Load: {PARTICIPANTS} participants at once through {LB} "
        f"({LOGINS} log in, the rest have a session) ...",
        flush=True,
    )
    log, lock = [], threading.Lock()
    outcomes = {k: [] for k in ("login", "registration", "booking", "plan", "uploads")}
    clients = [
        Client(person, n, cert, log, lock) for n, person in enumerate(manifest["participants"])
    ]
    events = []
    site = (prefix / "site.conf").read_text()

    def drain(on):
        (prefix / "site.conf").write_text(scale.drained(site, APP_PORTS[0]) if on else site)
        nginx_command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        subprocess.run([*nginx_command, "-s", "reload"], check=True, capture_output=True)

    chaos_thread = threading.Thread(
        target=chaos,
        args=(processes, start_app, start_worker, drain, log, events),
        daemon=True,
    )
    load_started = time.monotonic()
    chaos_thread.start()
    with ThreadPoolExecutor(len(clients)) as pool:
        futures = [
            pool.submit(journey, client, manifest, outcomes, n) for n, client in enumerate(clients)
        ]
        crashed = [f.exception() for f in futures if f.exception()]
    load_seconds = time.monotonic() - load_started
    chaos_thread.join(timeout=120)
    for event in events:
        print("  " + event)

    def facts_now():
        return json.loads(manage(seed_env, "scale_facts", str(manifest["cohort_id"]), capture=True))

    print("Waiting for the worker to send every mail ...", flush=True)
    deadline = time.monotonic() + 120
    facts = facts_now()
    while facts["mail_tasks_unfinished"] and time.monotonic() < deadline:
        time.sleep(2)
        facts = facts_now()
    (OUT / "facts.json").write_text(json.dumps(facts, indent=1))

    sessions = {c.email: c.session_key() for c in clients}
    registrations = scale.check_once_each(
        "registration",
        outcomes["registration"],
        facts["registrations"],
        active=lambda r: r["status"] != "cancelled",
    )
    places = scale.check_limit(
        "cohort",
        {"places": sum(r["has_place"] for r in facts["registrations"])},
        {"places": manifest["capacity"]},
    )
    bookings = scale.check_once_each(
        "booking", outcomes["booking"], facts["bookings"], active=lambda b: b["active"], key="slot"
    )
    slot_counts = {}
    for b in facts["bookings"]:
        if b["active"]:
            slot_counts[str(b["slot"])] = slot_counts.get(str(b["slot"]), 0) + 1
    slots = scale.check_limit("slot", slot_counts, facts["slot_capacity"])
    plans = scale.Problems()
    submitted = {p["email"] for p in facts["plans"] if p["submitted"]}
    for outcome in outcomes["plan"]:
        if outcome.result == "ok" and outcome.email not in submitted:
            plans.add(f"plan of {outcome.email} was submitted but is not stored as submitted")
        if outcome.result != "ok" and outcome.email in submitted:
            plans.add(f"plan of {outcome.email} is stored as submitted, its author was not told")
    placed = {r["email"] for r in facts["registrations"] if r["status"] == "confirmed"}
    if submitted != placed:
        plans.add(f"{len(placed)} participants with a place, {len(submitted)} plans submitted")
    plans.figures = {
        "submitted": len(submitted),
        "told_ok": sum(o.result == "ok" for o in outcomes["plan"]),
    }
    mailbox = [path.read_bytes() for path in sorted((OUT / "mail").iterdir())]
    mail = scale.check_mail(
        [tuple(pair) for pair in facts["expected_mail"]], scale.parse_mailbox(mailbox)
    )
    uploads = readable_everywhere(manifest, facts, outcomes["uploads"], sessions)
    figures = scale.request_figures(log)
    errors = scale.Problems()
    if figures["errors_5xx"] or figures["errors_socket"]:
        errors.add(f"{figures['errors_5xx']} 5xx and {figures['errors_socket']} socket errors")
    for error in crashed:
        errors.add(f"a client crashed: {error!r}")
    if facts["mail_tasks_unfinished"]:
        errors.add(f"{facts['mail_tasks_unfinished']} mail tasks never finished")
    if len(events) < 5:
        errors.add("the restarts did not all happen during the load")
    elif "(0 tasks" in events[3]:
        errors.add("the worker was killed while no task was waiting or running")
    logins_failed = [o for o in outcomes["login"] if o.result != "ok"]
    if logins_failed:
        errors.add(f"{len(logins_failed)} logins failed")

    report = {
        "participants": PARTICIPANTS,
        "load_seconds": round(load_seconds, 1),
        **figures,
        "registrations": registrations.figures,
        "places": places.figures,
        "bookings": bookings.figures,
        "slots": slots.figures,
        "plans": plans.figures,
        "mail": mail.figures,
        "mail_tasks": facts["mail_tasks"],
        "uploads": uploads.figures,
        "events": events,
    }
    (OUT / "report.json").write_text(json.dumps(report, indent=1))
    (OUT / "requests.json").write_text(json.dumps(log))
    print()
    print(
        f"Requests: {figures['requests']} in {load_seconds:.0f} s "
        f"({figures['requests'] / load_seconds:.0f}/s); errors: {figures['errors_5xx']} 5xx, "
        f"{figures['errors_socket']} socket ({figures['retried']} sent again after a closed "
        f"idle connection); p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms"
    )
    print(f"Logins through allauth: {len(outcomes['login'])}, failed {len(logins_failed)}")
    r, b, m = registrations.figures, bookings.figures, mail.figures
    with_place = sum(x["has_place"] for x in facts["registrations"])
    print(
        f"Registrations: {r['rows']} stored, {with_place} with a place of "
        f"{manifest['capacity']}; answers ok {r['succeeded']}, refused {r['refused']}; "
        f"lost {r['lost']}, doubled {r['doubled']}"
    )
    print(
        f"Visit bookings: {b['rows']} stored in {len(slot_counts)} slots ({slots.figures['full']}"
        f" full, none over capacity: {not slots.messages}); lost {b['lost']}, "
        f"doubled {b['doubled']}"
    )
    print(
        f"Plans submitted: {plans.figures['submitted']}; uploads read back "
        f"{uploads.figures['reads']} times through both app servers"
    )
    print(
        f"Mails: expected {m['expected']}, sent {m['sent']}, missing {m['missing']}, "
        f"doubled {m['doubled']}; mail tasks {facts['mail_tasks']}"
    )
    failures = [
        message
        for part in (registrations, places, bookings, slots, plans, mail, uploads, errors)
        for message in part.messages
    ]
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for message in failures[:40]:
            print("  " + message)
        return 1
    print(
        "\nPassed: nothing lost or doubled, every mail sent once, every upload readable "
        "on both app servers."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
