"""The checks of `make scale-test` (bench/scale.py), without servers: they must catch a
lost or doubled registration, an overfull slot, a mail sent twice, and the committed
nginx configuration must still be the one the scale test runs."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend

from bench import scale
from bench.scale import Outcome

BASE_DIR = Path(__file__).resolve().parent.parent


def registration(pk, email, status="confirmed"):
    return {"id": pk, "email": email, "status": status}


def test_a_success_with_its_one_row_passes():
    result = scale.check_once_each(
        "registration", [Outcome("a@example.nl", "ok", 7)], [registration(7, "a@example.nl")]
    )
    assert result.messages == []
    assert result.figures["lost"] == 0 and result.figures["doubled"] == 0


def test_a_form_sent_twice_at_once_passes_with_one_success_and_one_refusal():
    outcomes = [Outcome("a@example.nl", "ok", 7), Outcome("a@example.nl", "refused")]
    result = scale.check_once_each("registration", outcomes, [registration(7, "a@example.nl")])
    assert result.messages == []


def test_two_rows_for_one_person_count_as_doubled():
    rows = [registration(7, "a@example.nl"), registration(8, "a@example.nl")]
    result = scale.check_once_each("registration", [Outcome("a@example.nl", "ok", 7)], rows)
    assert result.figures["doubled"] == 1
    assert "2 active rows" in result.messages[0]


def test_a_success_without_its_row_counts_as_lost():
    result = scale.check_once_each("registration", [Outcome("a@example.nl", "ok", 7)], [])
    assert result.figures["lost"] == 1


def test_two_successes_for_one_person_count_as_doubled():
    outcomes = [Outcome("a@example.nl", "ok", 7), Outcome("a@example.nl", "ok", 7)]
    result = scale.check_once_each("registration", outcomes, [registration(7, "a@example.nl")])
    assert result.figures["doubled"] == 1


def test_a_refusal_that_left_a_row_is_reported():
    result = scale.check_once_each(
        "booking",
        [Outcome("a@example.nl", "refused")],
        [{"id": 1, "email": "a@example.nl", "slot": 3, "active": True}],
        active=lambda row: row["active"],
        key="slot",
    )
    assert result.messages and "refused" in result.messages[0]


def test_an_unanswered_request_may_have_stored_its_row():
    result = scale.check_once_each(
        "registration", [Outcome("a@example.nl", "unknown")], [registration(7, "a@example.nl")]
    )
    assert result.messages == []


def test_a_booking_is_matched_by_the_slot_the_client_booked():
    booking = {"id": 1, "email": "a@example.nl", "slot": 3, "active": True}
    wrong = scale.check_once_each(
        "booking", [Outcome("a@example.nl", "ok", 4)], [booking], key="slot"
    )
    right = scale.check_once_each(
        "booking", [Outcome("a@example.nl", "ok", 3)], [booking], key="slot"
    )
    assert wrong.figures["lost"] == 1 and right.messages == []


def test_a_slot_over_its_capacity_is_reported():
    result = scale.check_limit("slot", {"3": 13, "4": 12}, {"3": 12, "4": 12})
    assert result.messages == ["slot: 3 holds 13, its limit is 12"]
    assert result.figures["full"] == 1


def write_mails(folder, messages):
    EmailBackend(file_path=str(folder)).send_messages(messages)
    return [path.read_bytes() for path in sorted(folder.iterdir())]


def test_the_mailbox_of_the_file_backend_is_read_back_with_non_ascii_subjects(tmp_path):
    files = write_mails(
        tmp_path,
        [
            EmailMessage("Uw aanmelding is bevestigd – groep één", "x", to=["A@example.nl"]),
            EmailMessage("Uw bezoek is geboekt", "y", to=["b@example.nl"]),
        ],
    )
    assert sorted(scale.parse_mailbox(files)) == [
        ("a@example.nl", "Uw aanmelding is bevestigd – groep één"),
        ("b@example.nl", "Uw bezoek is geboekt"),
    ]


def test_a_mail_sent_twice_or_never_fails_the_mail_check():
    expected = [("a@example.nl", "Bevestigd"), ("b@example.nl", "Bevestigd")]
    sent = [("a@example.nl", "Bevestigd"), ("a@example.nl", "Bevestigd")]
    result = scale.check_mail(expected, sent)
    assert result.figures == {"expected": 2, "sent": 2, "missing": 1, "doubled": 1}
    assert len(result.messages) == 2
    assert scale.check_mail(expected, list(reversed(expected))).messages == []


def test_request_figures_count_server_and_socket_errors_and_percentiles():
    requests = [{"status": 200, "ms": float(ms)} for ms in range(1, 101)]
    requests += [{"status": 502, "ms": 5.0}, {"status": None, "ms": 60000.0}]
    requests += [{"status": 302, "ms": 12.0, "retried": 1}]
    figures = scale.request_figures(requests)
    assert figures["requests"] == 103
    assert figures["errors_5xx"] == 1 and figures["errors_socket"] == 1
    assert figures["retried"] == 1
    assert figures["p50_ms"] == 50.0
    assert figures["p99_ms"] == 100.0


def nginx_site(template):
    return scale.nginx_site(
        template,
        https_port=8440,
        http_port=8441,
        app_ports=[8451, 8452],
        server_name="127.0.0.1",
        cert="/tmp/cert.pem",
        key="/tmp/key.pem",
    )


def test_the_committed_nginx_configuration_is_the_one_the_scale_test_runs():
    site = nginx_site((BASE_DIR / "deploy" / "nginx.conf").read_text())
    assert "server 127.0.0.1:8451 " in site and "server 127.0.0.1:8452 " in site
    assert "listen 127.0.0.1:8440 ssl http2;" in site
    assert "letsencrypt" not in site


def test_a_drained_app_server_is_marked_down_and_only_that_one():
    site = scale.drained(nginx_site((BASE_DIR / "deploy" / "nginx.conf").read_text()), 8451)
    assert "server 127.0.0.1:8451 down max_fails" in site
    assert "server 127.0.0.1:8452 max_fails" in site


def test_a_changed_nginx_configuration_stops_the_scale_test():
    template = (BASE_DIR / "deploy" / "nginx.conf").read_text().replace("listen 80;", "listen 81;")
    with pytest.raises(ValueError, match="listen 80;"):
        nginx_site(template)


@pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx missing"
)
def test_nginx_accepts_the_committed_configuration(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = scale.nginx_site(
        (BASE_DIR / "deploy" / "nginx.conf").read_text(),
        https_port=8468,
        http_port=8469,
        app_ports=[8451, 8452],
        server_name="127.0.0.1",
        cert=cert,
        key=key,
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        f"events {{}}\nhttp {{ access_log {tmp_path}/logs/access.log; "
        f"include {tmp_path}/site.conf; }}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
