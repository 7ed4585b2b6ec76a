"""The zygote's request protocol (analysis/report/warm.py), without starting a kernel."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.report import warm


@pytest.fixture
def short() -> Iterator[Path]:
    """A folder for sockets: an AF_UNIX path has at most 107 bytes, and tmp_path inside a
    nested run (test_third_district's copy of the suite) is longer than that."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sdpw-t-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


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
    short: Path,
) -> None:
    """The zygote closes its end as soon as it has answered: a request sent in one piece must
    not then try to send an empty remainder (that raised BrokenPipeError, and the kernel was
    started a second time, cold, on the same ports)."""
    path = short / "z.sock"
    received: list[bytes] = []
    thread = _server(path, b'{"pid": 4321}\n', received)
    request = {"argv": ["-f", "k.json"], "env": {"A": "1" * 5000}, "cwd": None}
    assert warm._ask(str(path), request) == {"pid": 4321}
    thread.join(5)
    assert json.loads(received[0]) == request


def test_a_stream_travels_with_the_request(tmp_path: Path, short: Path) -> None:
    path = short / "z.sock"
    received: list[bytes] = []
    thread = _server(path, b'{"pid": 1}\n', received)
    with (tmp_path / "log").open("w") as stream:
        assert warm._ask(str(path), {"argv": ["x"], "streams": ["stderr"]}, [stream.fileno()])
    thread.join(5)


def test_no_zygote_is_a_cold_start_not_an_error(short: Path, monkeypatch) -> None:
    """A zygote that never listens (its folder gone) is NoZygote, which starts the kernel
    cold; only a zygote that took the request can fail the notebook."""
    monkeypatch.setattr(warm, "START_TIMEOUT", 0.2)
    with pytest.raises(warm.NoZygote):
        warm._ask(str(short / "missing" / "z.sock"), {"argv": ["x"]})
    stale = short / "stale.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bound:
        bound.bind(str(stale))  # bound, not listening
        with pytest.raises(warm.NoZygote):
            warm._ask(str(stale), {"argv": ["x"]})


def test_warm_kernels_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv(warm.WARM_ENV, "off")
    assert not warm.supported()


def test_a_kernel_is_asked_for_even_in_a_process_forked_after_its_parent_used_the_executor() -> (
    None
):
    """The runner forks its workers from a process (a test worker that ran nbval) whose event
    loop had used its default executor: the copy keeps the idle-thread count but not the thread,
    so work handed to it never runs. The request to the zygote must not depend on it, nor on the
    inherited loop (the worker takes a loop of its own)."""
    import asyncio

    from analysis.report.runner import _worker_init

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    assert loop.run_until_complete(loop.run_in_executor(None, lambda: 1)) == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            _worker_init()
            child = asyncio.get_event_loop()
            answer = child.run_until_complete(asyncio.wait_for(warm.off_loop(lambda: 42), 10))
            code = 0 if child is not loop and answer == 42 else 2
        except BaseException:  # noqa: BLE001 - reported as the exit code
            code = 3
        finally:
            os.write(write, bytes([code]))
            os._exit(code)
    os.close(write)
    try:
        status = os.read(read, 1)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
        loop.close()
        asyncio.set_event_loop(None)
    assert status == bytes([0]), f"worker exit {status!r}: 2 = inherited loop, 3 = error"


def test_off_loop_hands_back_the_error_of_the_call() -> None:
    import asyncio

    def fails() -> int:
        raise warm.NoZygote("none listens")

    with pytest.raises(warm.NoZygote, match="none listens"):
        asyncio.run(warm.off_loop(fails))
