"""The zygote's request protocol (analysis/report/warm.py), without starting a kernel."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest

from analysis.report import warm


def _server(path: Path, answer: bytes, received: list[bytes]) -> threading.Thread:
    """A zygote stand-in: read one whole request line, answer at once, close."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn, server:
            data, fds = warm._read(conn)
            received.append(data)
            for fd in fds:
                os.close(fd)
            conn.sendall(answer)

    thread = threading.Thread(target=serve)
    thread.start()
    return thread


def test_a_request_read_whole_is_answered_even_when_the_zygote_closes_at_once(
    tmp_path: Path,
) -> None:
    """The zygote closes its end as soon as it has answered: a request sent in one piece must
    not then try to send an empty remainder (that raised BrokenPipeError, and the kernel was
    started a second time, cold, on the same ports)."""
    path = tmp_path / "z.sock"
    received: list[bytes] = []
    thread = _server(path, b'{"pid": 4321}\n', received)
    request = {"argv": ["-f", "k.json"], "env": {"A": "1" * 5000}, "cwd": None}
    assert warm._ask(str(path), request) == {"pid": 4321}
    thread.join(5)
    assert json.loads(received[0]) == request


def test_a_stream_travels_with_the_request(tmp_path: Path) -> None:
    path = tmp_path / "z.sock"
    received: list[bytes] = []
    thread = _server(path, b'{"pid": 1}\n', received)
    with (tmp_path / "log").open("w") as stream:
        assert warm._ask(str(path), {"argv": ["x"], "streams": ["stderr"]}, [stream.fileno()])
    thread.join(5)


def test_no_zygote_is_a_cold_start_not_an_error(tmp_path: Path, monkeypatch) -> None:
    """A zygote that never listens (its folder gone) is NoZygote, which starts the kernel
    cold; only a zygote that took the request can fail the notebook."""
    monkeypatch.setattr(warm, "START_TIMEOUT", 0.2)
    with pytest.raises(warm.NoZygote):
        warm._ask(str(tmp_path / "missing" / "z.sock"), {"argv": ["x"]})
    stale = tmp_path / "stale.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bound:
        bound.bind(str(stale))  # bound, not listening
        with pytest.raises(warm.NoZygote):
            warm._ask(str(stale), {"argv": ["x"]})


def test_warm_kernels_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv(warm.WARM_ENV, "off")
    assert not warm.supported()
