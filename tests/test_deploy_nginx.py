"""The deployment files in deploy/nginx/, run for real: `nginx -t` on them as shipped, then nginx in front of the
real tracker (a `koord-tracker serve` subprocess in proxy mode, API only) and Chromium through nginx over HTTPS,
with Basic auth standing in for the intranet login. Everything listens on 127.0.0.0/8 only: the tracker on
127.0.0.1 (where nginx connects from), nginx on 127.0.0.2 (the server as a user's PC reaches it); 127.0.0.3 is
someone else on the network, and 127.0.0.4 a user's PC that is not 127.0.0.1 (so a trusted X-Forwarded-For
would show)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, guarded_page, required
from tests.keyboard import open_page
from tests.test_quiz_browser import MODULE, take

DEPLOY = ROOT / "deploy" / "nginx"
SHIPPED = ["koordinator.conf", "koordinator-login.conf", "koordinator-groups.conf", "koordinator-headers.conf"]
NGINX_ADDRESS = "127.0.0.2"
TRACKER_ADDRESS = "127.0.0.1"
OTHER_HOST = "127.0.0.3"
USER_PC = "127.0.0.4"
SNAKEOIL = ("/etc/ssl/certs/ssl-cert-snakeoil.pem", "/etc/ssl/private/ssl-cert-snakeoil.key")

# EVERY change this test makes to the shipped files, in one place. Each must match in at least one file (so a
# changed shipped file cannot silently escape the test). Filled in per run with the ports and temp paths.
SUBSTITUTIONS = {
    "listen 443 ssl;": "listen {address}:{https} ssl;",
    "listen 80;": "listen {address}:{http};",
    "root /srv/koordinator/site;": "root {site};",
    "server 127.0.0.1:8000;": "server 127.0.0.1:{tracker};",
    # The include paths and the password file: /etc/nginx/koordinator-*.conf, /etc/nginx/koordinator.htpasswd
    "/etc/nginx/koordinator": "{conf}/koordinator",
    # Debian's snakeoil pair when it is there and readable, else one made here with openssl.
    SNAKEOIL[0]: "{cert}",
    SNAKEOIL[1]: "{key}",
}

# The tracker runs as deploy/systemd/koord-tracker.service says: its ExecStart and its Environment= lines, with
# only these changed (a free port, temp folders); the admin token comes from /etc/koord-tracker.env in real life.
UNIT = ROOT / "deploy" / "systemd" / "koord-tracker.service"
UNIT_SUBSTITUTIONS = ["KOORD_TRACKER_PORT", "KOORD_TRACKER_DATA_DIR", "KOORD_TRACKER_MANIFEST"]


def unit_setting(key: str) -> list[str]:
    """Every value of `key=` in the unit, in order."""
    return [
        line.partition("=")[2] for line in UNIT.read_text(encoding="utf-8").splitlines() if line.startswith(f"{key}=")
    ]


def unit_environment(changes: dict[str, str]) -> dict[str, str]:
    """The unit's Environment= lines, split and unquoted as systemd does, with `changes` applied."""
    env = dict(item.partition("=")[::2] for line in unit_setting("Environment") for item in shlex.split(line))
    assert sorted(changes) == sorted(UNIT_SUBSTITUTIONS) and all(key in env for key in changes), (
        "update UNIT_SUBSTITUTIONS"
    )
    return env | changes


# The end-to-end run installs its own data for the stand-in login, as IT would: passwords and groups.
PASSWORD = "passord-for-test"
USERS = ["10001", "20001", "30001", "40001"]
TEST_GROUPS = """map $remote_user $koord_groups {
    default "";
    20001 "koordinator-leiar";
    30001 "koordinator-leiar";
}
"""
ROSTER = (
    "tilsettnummer;namn;eining;roller;leiar_for\n"
    "10001;Kari Nordmann;Medisinsk avdeling;helsepersonell;\n"
    "20001;Lise Leiar;Medisinsk avdeling;einingsleiar;Medisinsk avdeling\n"
    "30001;Per Utan Eining;Kirurgisk avdeling;einingsleiar;\n"
    "40001;Ola Vanleg;Kirurgisk avdeling;helsepersonell;\n"
)
ADMIN_TOKEN = "deploy-test-admin-token-0123456789abcdef"
SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"]


def _nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    return required(found, "nginx", "install Debian's nginx-light (and ssl-cert, apache2-utils)")


def free_port(address: str) -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def _certificate(folder: Path) -> tuple[str, str]:
    if all(os.access(path, os.R_OK) for path in SNAKEOIL):
        return SNAKEOIL
    cert, key = folder / "cert.pem", folder / "cert.key"
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
            f"/CN={NGINX_ADDRESS}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return str(cert), str(key)


@dataclass
class Nginx:
    prefix: Path
    conf: Path  # the folder standing in for /etc/nginx
    https: int
    http: int

    @property
    def main(self) -> Path:
        return self.conf / "nginx.conf"

    def command(self, *args: str) -> list[str]:
        return [_nginx(), "-p", f"{self.prefix}/", "-c", str(self.main), *args]


def install_nginx(tmp: Path, site: Path, tracker_port: int) -> Nginx:
    """The shipped files in a temp prefix as IT installs them in /etc/nginx, with SUBSTITUTIONS applied, and a
    main nginx.conf that mirrors Debian's http block and includes the site file as sites-enabled would."""
    prefix, conf = tmp / "nginx", tmp / "nginx" / "etc"
    conf.mkdir(parents=True)
    for folder in ("logs", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir()
    server = Nginx(prefix, conf, free_port(NGINX_ADDRESS), free_port(NGINX_ADDRESS))
    cert, key = _certificate(prefix)
    values = {
        "address": NGINX_ADDRESS,
        "https": server.https,
        "http": server.http,
        "site": site,
        "tracker": tracker_port,
        "conf": conf,
        "cert": cert,
        "key": key,
    }
    texts = {name: (DEPLOY / name).read_text(encoding="utf-8") for name in SHIPPED}
    for old, new in SUBSTITUTIONS.items():
        assert any(old in text for text in texts.values()), (
            f"{old!r} is in none of the shipped files: update SUBSTITUTIONS"
        )
        texts = {name: text.replace(old, new.format(**values)) for name, text in texts.items()}
    for name, text in texts.items():
        (conf / name).write_text(text, encoding="utf-8")
    # `include proxy_params;` is relative to the main file's folder, as /etc/nginx/proxy_params is on Debian.
    shutil.copy("/etc/nginx/proxy_params", conf / "proxy_params")
    # Debian's main file runs workers as www-data, which cannot read pytest's private temp folders. Its dynamic
    # modules (modules-enabled/) are left out: their relative paths follow -p, and the shipped files need none.
    # gzip_types with JSON: an admin who widened compression in the main file, so that only the shipped `gzip off`
    # keeps the tracker's answers uncompressed.
    user = "user root root;" if os.geteuid() == 0 else ""
    server.main.write_text(
        f"""{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 256; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {prefix}/logs/access.log;
    gzip on;
    gzip_types application/json;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {conf}/koordinator.conf;
}}
""",
        encoding="utf-8",
    )
    return server


def _htpasswd(path: Path) -> None:
    """The stand-in's password file, made as the IT page says (htpasswd -B), or in nginx's {SHA} format."""
    if tool := shutil.which("htpasswd"):
        for index, user in enumerate(USERS):
            subprocess.run(
                [tool, "-bB" + ("c" if index == 0 else ""), str(path), user, PASSWORD],
                check=True,
                capture_output=True,
                timeout=60,
            )
    else:
        digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
        path.write_text("".join(f"{user}:{{SHA}}{digest}\n" for user in USERS), encoding="utf-8")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait(check, process: subprocess.Popen, log: Path, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped (exit {process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            if check():
                return
        except (OSError, httpx.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not start within {seconds} s:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


@contextmanager
def _process(command: list[str], log: Path, **options):
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **options)
        try:
            yield process
        finally:
            _stop(process)


@dataclass
class Stack:
    site: str  # https://127.0.0.2:port, nginx
    plain: str  # http://127.0.0.2:port, nginx's redirect
    tracker: str  # http://127.0.0.1:port, the tracker itself


def test_nginx_accepts_the_shipped_files(tmp_path):
    """`nginx -t` on the shipped files, changed only as SUBSTITUTIONS says."""
    site = tmp_path / "site"
    site.mkdir()
    server = install_nginx(tmp_path, site, free_port(TRACKER_ADDRESS))
    result = subprocess.run(server.command("-t"), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_systemd_accepts_the_shipped_unit(tmp_path):
    """`systemd-analyze verify` on the unit, with ExecStart pointing at this installation's koord-tracker (the unit's
    /opt/koord/venv does not exist here). The nginx end-to-end test runs the tracker with the unit's environment."""
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed (Debian's systemd package)")
    shipped = UNIT.read_text(encoding="utf-8")
    program = shlex.split(unit_setting("ExecStart")[0])[0]
    unit = tmp_path / UNIT.name
    unit.write_text(shipped.replace(program, str(Path(sys.executable).parent / "koord-tracker")), encoding="utf-8")
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def stack(real_site, tmp_path_factory) -> Stack:
    """The tracker (subprocess, proxy mode, API only) with the roster imported, and nginx in front of it."""
    assert real_site.ok, real_site.log
    _nginx()
    tmp = tmp_path_factory.mktemp("deploy")
    tracker_port = free_port(TRACKER_ADDRESS)
    unit = unit_environment(
        {
            "KOORD_TRACKER_PORT": str(tracker_port),
            "KOORD_TRACKER_DATA_DIR": str(tmp / "data"),
            "KOORD_TRACKER_MANIFEST": str(real_site.site.parent / "var" / "manifest.json"),
        }
    )
    assert unit["KOORD_TRACKER_HOST"] == TRACKER_ADDRESS and unit["KOORD_TRACKER_IDENTITY"] == "proxy"
    env = (
        {k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")}
        | unit
        | {"KOORD_TRACKER_ADMIN_TOKEN": ADMIN_TOKEN}
    )
    program, *arguments = shlex.split(unit_setting("ExecStart")[0])
    assert Path(program).name == "koord-tracker"
    server = install_nginx(tmp, real_site.site, tracker_port)
    (server.conf / "koordinator-groups.conf").write_text(TEST_GROUPS, encoding="utf-8")
    _htpasswd(server.conf / "koordinator.htpasswd")
    tracker = f"http://{TRACKER_ADDRESS}:{tracker_port}"
    (tmp / "work").mkdir()
    tracker_log, nginx_log = tmp / "tracker.log", server.prefix / "logs" / "error.log"
    # As systemd starts it: ExecStartPre (the upgrade, which creates the new database) before ExecStart.
    for pre in unit_setting("ExecStartPre"):
        pre_program, *pre_arguments = shlex.split(pre)
        assert Path(pre_program).name == "koord-tracker"
        done = subprocess.run(
            [str(Path(sys.executable).parent / "koord-tracker"), *pre_arguments],
            env=env,
            cwd=tmp / "work",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0 and done.stdout.count("\n") == 1 and not done.stderr, (done.stdout, done.stderr)
    with _process(
        [str(Path(sys.executable).parent / "koord-tracker"), *arguments], tracker_log, env=env, cwd=tmp / "work"
    ) as process:
        _wait(
            lambda: httpx.get(f"{tracker}/api/v1/health", timeout=2).status_code == 200,
            process,
            tracker_log,
            "the tracker",
        )
        response = httpx.put(
            f"{tracker}/api/v1/roster",
            content=ROSTER.encode(),
            timeout=10,
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "text/csv"},
        )
        assert response.status_code < 300, response.text
        with _process(server.command("-g", "daemon off;"), tmp / "nginx.out") as nginx:
            _wait(
                lambda: socket.create_connection((NGINX_ADDRESS, server.https), timeout=1).close() is None,
                nginx,
                tmp / "nginx.out",
                "nginx",
            )
            yield Stack(f"https://{NGINX_ADDRESS}:{server.https}", f"http://{NGINX_ADDRESS}:{server.http}", tracker)
    if nginx_log.exists() and (
        errors := [line for line in nginx_log.read_text().splitlines() if "[emerg]" in line or "[crit]" in line]
    ):
        raise AssertionError("nginx logged:\n" + "\n".join(errors))


def through_nginx(user: str | None, source: str = USER_PC) -> httpx.Client:
    """A client on a user's PC: HTTPS to nginx (self-signed certificate), logged in as `user`."""
    return httpx.Client(
        verify=False,
        timeout=15,
        auth=(user, PASSWORD) if user else None,
        transport=httpx.HTTPTransport(local_address=source, verify=False),
    )


def test_learner_passes_through_nginx_and_a_fresh_browser_sees_it_in_mine_kurs(browser, stack, answer_key):
    login = {"http_credentials": {"username": "10001", "password": PASSWORD}, "ignore_https_errors": True}
    blocked: list[str] = []
    with guarded_page(browser, stack.site, **login) as page:
        page.on(
            "console",
            lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
        )
        open_page(page, f"/opplaering/{MODULE}/")
        expect(page.locator("[data-learner-name]")).to_have_text("Kari Nordmann")
        take(page, right=True, key=answer_key)
        expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.", timeout=15_000)
        expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")  # the tracker's feedback
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"
    # A fresh profile (empty localStorage): the status can only come from the tracker's record.
    with guarded_page(browser, stack.site, **login) as page:
        open_page(page, "/opplaering/mine-kurs/")
        expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_contain_text("Bestått", timeout=15_000)
    with through_nginx("10001") as client:
        me = client.get(f"{stack.site}/api/v1/me").json()
    assert [a["module"] for a in me["attempts"]] == [MODULE]


def test_the_sites_pages_run_under_the_shipped_content_security_policy(browser, stack):
    """Every kind of page works with nginx's CSP (script-src 'self': no inline script) and nothing is blocked."""
    blocked: list[str] = []
    login = {"http_credentials": {"username": "10001", "password": PASSWORD}, "ignore_https_errors": True}
    with guarded_page(browser, stack.site, **login) as page:
        page.on(
            "console",
            lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
        )
        for path in (
            "/",
            "/retningslinje/",
            "/opplaering/",
            f"/opplaering/{MODULE}/",
            "/opplaering/mine-kurs/",
            "/treng-pasienten-koordinator/",
            "/roller/",
            "/it/",
        ):
            response = page.goto(f"{stack.site}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("load")
    assert blocked == [], blocked


def test_the_it_page_shows_the_shipped_files_as_they_are(real_site):
    """The IT page includes deploy/ (pymdownx.snippets) rather than copies that could drift."""
    code = [block.get_text() for block in real_site.html("it").select("pre code")]
    for name in [
        "nginx/koordinator.conf",
        "nginx/koordinator-login.conf",
        "nginx/koordinator-groups.conf",
        "nginx/koordinator-headers.conf",
        "systemd/koord-tracker.service",
        "backup/backup.sh",
        "backup/restore.sh",
        "snakeoil.sh",
    ]:
        text = (ROOT / "deploy" / name).read_text(encoding="utf-8").strip()
        assert any(text in block for block in code), f"deploy/{name} is not shown as it is on the IT page"


def test_identity_headers_from_the_browser_are_replaced_by_nginx(stack):
    forged = {"X-Remote-User": "40001", "X-Remote-Groups": "koordinator-leiar"}
    with through_nginx("10001") as client:
        # From 127.0.0.4, so X-Forwarded-For (set by Debian's proxy_params) is not the proxy's address: the
        # tracker must go by the connecting address (nginx, 127.0.0.1) and not refuse the learner.
        response = client.get(f"{stack.site}/api/v1/me", headers=forged)
        assert response.status_code == 200, response.text
        assert response.json()["mode"] == "proxy"
        assert response.json()["learner"]["employee"] == "10001"
        assert client.get(f"{stack.site}/api/v1/reports/compliance", headers=forged).status_code == 403


def test_a_direct_connection_to_the_tracker_from_elsewhere_is_refused(stack):
    """Someone on the network who reaches the tracker's port cannot claim to be the proxy."""
    claim = {"X-Remote-User": "10001", "X-Forwarded-For": TRACKER_ADDRESS, "X-Real-IP": TRACKER_ADDRESS}
    with httpx.Client(timeout=10, transport=httpx.HTTPTransport(local_address=OTHER_HOST)) as client:
        assert client.get(f"{stack.tracker}/api/v1/me", headers=claim).status_code == 403
        assert (
            client.get(
                f"{stack.tracker}/api/v1/reports/compliance", headers=claim | {"X-Remote-Groups": "koordinator-leiar"}
            ).status_code
            == 403
        )


def test_a_login_header_that_reaches_the_tracker_is_ignored_not_refused(stack):
    """If the intranet login's own Authorization (Basic, Negotiate) got through, the tracker ignores it."""
    for scheme in ("Basic MTAwMDE6eA==", "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag"):
        response = httpx.get(
            f"{stack.tracker}/api/v1/me", headers={"X-Remote-User": "10001", "Authorization": scheme}, timeout=10
        )
        assert response.status_code == 200, (scheme, response.text)
        assert response.json()["learner"]["employee"] == "10001"


def test_manager_scope_through_nginx(stack):
    with through_nginx("20001") as client:
        response = client.get(f"{stack.site}/api/v1/reports/compliance")
    assert response.status_code == 200, response.text
    assert response.json() and {row["unit"] for row in response.json()} == {"Medisinsk avdeling"}

    with through_nginx("30001") as client:
        no_units = client.get(f"{stack.site}/api/v1/reports/compliance")
    with through_nginx("40001") as client:
        not_manager = client.get(f"{stack.site}/api/v1/reports/compliance")
    assert no_units.status_code == 403
    assert not_manager.status_code == 403
    reason = no_units.json()["detail"]
    assert re.search("leiar", reason, re.IGNORECASE), reason
    assert reason != not_manager.json()["detail"], "a group member with no units is told why, not just refused"


def test_login_headers_redirect_and_body_limits(stack):
    with through_nginx(None) as client:
        for path in ("/", "/api/v1/me"):
            response = client.get(f"{stack.site}{path}")
            assert response.status_code == 401, path
            assert "basic" in response.headers["www-authenticate"].lower()
        redirect = client.get(f"{stack.plain}/opplaering/?a=1")
        assert redirect.status_code == 301
        assert redirect.headers["location"].startswith("https://") and redirect.headers["location"].endswith(
            "/opplaering/?a=1"
        )

    with through_nginx("10001") as client:
        for path in ("/", f"/opplaering/{MODULE}/", "/api/v1/me", "/finst-ikkje/"):
            response = client.get(f"{stack.site}{path}")
            for name in SECURITY_HEADERS:
                assert len(response.headers.get_list(name)) == 1, (path, name, response.headers.get_list(name))
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
            assert not re.search(r"nginx/\d|uvicorn", response.headers.get("server", ""), re.IGNORECASE), path
        assert client.get(f"{stack.site}/api/v1/me").headers["cache-control"] == "no-store"
        # The site's text files are sent compressed; the tracker's answers are not.
        for path in (
            f"/opplaering/{MODULE}/",
            "/assets/javascripts/quiz/quiz.js",
            "/assets/stylesheets/quiz.css",
            "/search/search_index.json",
        ):
            assert (
                client.get(f"{stack.site}{path}", headers={"Accept-Encoding": "gzip"}).headers.get("content-encoding")
                == "gzip"
            ), path
        assert (
            "content-encoding" not in client.get(f"{stack.site}/api/v1/me", headers={"Accept-Encoding": "gzip"}).headers
        )
        assert client.get(f"{stack.site}/finst-ikkje/").status_code == 404

        big = b"x" * (100 * 1024)
        attempt = client.post(
            f"{stack.site}/api/v1/attempts", content=big, headers={"Content-Type": "application/json"}
        )
        assert attempt.status_code == 413
        # The roster is imported on the server itself (the token never passes nginx), so it has no larger limit here.
        assert (
            client.put(f"{stack.site}/api/v1/roster", content=big, headers={"Content-Type": "text/csv"}).status_code
            == 413
        )


def test_nginx_sends_the_same_content_security_policy_as_the_tracker():
    from tracker.main import CONTENT_SECURITY_POLICY

    shipped = (ROOT / "deploy" / "nginx" / "koordinator-headers.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always;' in shipped


def test_the_documented_command_makes_the_snakeoil_certificate_nginx_needs(tmp_path):
    """deploy/snakeoil.sh (on the IT page) on a machine where ssl-cert never made the certificate: afterwards
    `nginx -t` accepts the shipped site file with its certificate lines unchanged. Run in a mount namespace of its
    own, with empty folders over /etc/ssl/certs and /etc/ssl/private, so that this machine's own are not touched."""
    _nginx()
    required(shutil.which("make-ssl-cert"), "make-ssl-cert", "install Debian's ssl-cert")
    if os.geteuid() != 0:
        required(None, "root (for a mount namespace)", "run the tests as root, as .ci/run does")
    unshare = required(shutil.which("unshare"), "unshare", "install util-linux")
    site = tmp_path / "site"
    site.mkdir()
    server = install_nginx(tmp_path, site, free_port(TRACKER_ADDRESS))
    shipped = server.conf / "koordinator.conf"
    text = shipped.read_text(encoding="utf-8")
    # Where this machine has no snakeoil pair, install_nginx put one of its own in the shipped lines' place: put
    # the shipped lines back.
    text = text.replace(str(server.prefix / "cert.pem"), SNAKEOIL[0]).replace(
        str(server.prefix / "cert.key"), SNAKEOIL[1]
    )
    shipped.write_text(text, encoding="utf-8")
    assert re.search(rf"ssl_certificate\s+{SNAKEOIL[0]};", text) and re.search(
        rf"ssl_certificate_key\s+{SNAKEOIL[1]};", text
    )
    certs, private = tmp_path / "certs", tmp_path / "private"
    certs.mkdir()
    private.mkdir()
    documented = (ROOT / "deploy" / "snakeoil.sh").read_text(encoding="utf-8")
    script = (
        f"mount --bind {certs} /etc/ssl/certs && mount --bind {private} /etc/ssl/private\n"
        f"{shlex.join(server.command('-t'))} && exit 9\n"  # without the certificate nginx -t must fail
        f"{documented}\n"
        f"exec {shlex.join(server.command('-t'))}\n"
    )
    result = subprocess.run(
        [unshare, "--mount", "--propagation", "private", "bash", "-eu", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert "test is successful" in result.stderr
    assert (certs / "ssl-cert-snakeoil.pem").is_file() and (private / "ssl-cert-snakeoil.key").is_file()


def test_with_the_tracker_down_the_pages_say_so_offer_no_trial_form_and_the_attempt_waits(
    browser, real_site, tmp_path, answer_key
):
    """The server layout with the tracker stopped: nginx answers 502 for /api/. «Mine kurs» says the tracker cannot
    be reached and that attempts waiting in this browser will be sent; no page offers the trial-mode form or «Ikkje
    meg – logg ut» (not even in a browser that has never seen the tracker); an attempt taken meanwhile waits, and
    arrives once the tracker is back."""
    assert real_site.ok, real_site.log
    _nginx()
    tracker_port = free_port(TRACKER_ADDRESS)
    unit = unit_environment(
        {
            "KOORD_TRACKER_PORT": str(tracker_port),
            "KOORD_TRACKER_DATA_DIR": str(tmp_path / "data"),
            "KOORD_TRACKER_MANIFEST": str(real_site.site.parent / "var" / "manifest.json"),
        }
    )
    env = (
        {k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")}
        | unit
        | {"KOORD_TRACKER_ADMIN_TOKEN": ADMIN_TOKEN}
    )
    _, *arguments = shlex.split(unit_setting("ExecStart")[0])
    command = [str(Path(sys.executable).parent / "koord-tracker"), *arguments]
    tracker, log = f"http://{TRACKER_ADDRESS}:{tracker_port}", tmp_path / "tracker.log"
    server = install_nginx(tmp_path, real_site.site, tracker_port)
    (server.conf / "koordinator-groups.conf").write_text(TEST_GROUPS, encoding="utf-8")
    _htpasswd(server.conf / "koordinator.htpasswd")
    site = f"https://{NGINX_ADDRESS}:{server.https}"
    login = {"http_credentials": {"username": "10001", "password": PASSWORD}, "ignore_https_errors": True}
    status = f'[data-module="{MODULE}"] [data-status]'
    note = "[data-learner-note]"

    @contextmanager
    def up():
        with _process(command, log, env=env, cwd=tmp_path) as process:
            _wait(
                lambda: httpx.get(f"{tracker}/api/v1/health", timeout=2).status_code == 200, process, log, "the tracker"
            )
            yield

    def no_trial_form(page) -> None:
        expect(page.locator("[data-learner-form]")).to_be_hidden()
        expect(page.locator("[data-learner-logout]")).to_be_hidden()

    with _process(server.command("-g", "daemon off;"), tmp_path / "nginx.out") as nginx:
        _wait(
            lambda: socket.create_connection((NGINX_ADDRESS, server.https), timeout=1).close() is None,
            nginx,
            tmp_path / "nginx.out",
            "nginx",
        )
        with guarded_page(browser, site, **login) as page:
            with up():
                httpx.put(
                    f"{tracker}/api/v1/roster",
                    content=ROSTER.encode(),
                    headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                    timeout=10,
                ).raise_for_status()
                open_page(page, f"/opplaering/{MODULE}/")
                expect(page.locator("[data-learner-name]")).to_have_text("Kari Nordmann")
                take(page, right=True, key=answer_key)
                expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.", timeout=15_000)

            assert httpx.get(f"{site}/api/v1/me", auth=("10001", PASSWORD), verify=False, timeout=10).status_code == 502
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator(note)).to_have_text(
                "Får ikkje kontakt med sporingstenesta akkurat no. Forsøk du tek no, ventar i denne "
                "nettlesaren og blir sende når ho svarar igjen."
            )
            no_trial_form(page)
            expect(page.locator("[data-learner-name]")).to_have_text("Kari Nordmann")
            open_page(page, f"/opplaering/{MODULE}/")
            no_trial_form(page)
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_contain_text("Svara ventar på å bli sende")
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator(note)).to_have_text(
                "Får ikkje kontakt med sporingstenesta akkurat no. 1 forsøk ventar i denne "
                "nettlesaren og blir sende når ho svarar igjen."
            )
            expect(page.locator(status)).to_contain_text("Bestått")

            with guarded_page(browser, site, **login) as fresh:  # a browser that has never reached the tracker
                open_page(fresh, "/opplaering/mine-kurs/")
                no_trial_form(fresh)
                expect(fresh.locator(note)).to_contain_text("Får ikkje kontakt med sporingstenesta akkurat no.")

            with up():
                open_page(page, "/opplaering/mine-kurs/")  # the next page load sends what waits
                page.wait_for_function(
                    "() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length === 0", timeout=15_000
                )
                expect(page.locator(note)).to_be_hidden()
                rows = httpx.get(
                    f"{tracker}/api/v1/reports/completions.csv",
                    headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                    timeout=10,
                )
                assert [line.split(";")[1] for line in rows.content.decode("utf-8-sig").splitlines()[1:]] == [
                    '"=""10001"""'
                ] * 2


def test_the_admin_token_never_passes_nginx(stack, real_site, tmp_path):
    """The IT page: through nginx the admin token never arrives, though nginx connects from 127.0.0.1 (an admin
    address). With the Basic stand-in the browser's Authorization is the login itself, so this runs the shipped files
    with a login that leaves Authorization free, as auth_request with the intranet's cookie does: the user is set
    by the login, and a Bearer token sent along is stripped by nginx."""
    server = install_nginx(tmp_path, real_site.site, int(stack.tracker.rsplit(":", 1)[1]))
    (server.conf / "koordinator-login.conf").write_text("set $koord_user 10001;\n", encoding="utf-8")
    (server.conf / "koordinator-groups.conf").write_text(TEST_GROUPS, encoding="utf-8")
    bearer = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with _process(server.command("-g", "daemon off;"), tmp_path / "nginx.out") as nginx:
        _wait(
            lambda: socket.create_connection((NGINX_ADDRESS, server.https), timeout=1).close() is None,
            nginx,
            tmp_path / "nginx.out",
            "nginx",
        )
        with through_nginx(None) as client:
            through = client.get(f"https://{NGINX_ADDRESS}:{server.https}/api/v1/reports/unlisted", headers=bearer)
    assert through.status_code == 403, through.text
    assert through.json()["detail"].startswith("Denne sida er for leiarar."), (
        "the tracker saw the login's user, and no token"
    )
    assert httpx.get(f"{stack.tracker}/api/v1/reports/unlisted", headers=bearer, timeout=10).status_code == 200, (
        "the same token on the server itself"
    )
