"""Warm kernels: each notebook's kernel is forked from a parent that has already imported
everything a notebook imports.

Why: a fresh kernel pays about 2 s before the notebook's first line runs (the interpreter, then
IPython, pandas, matplotlib, seaborn and `analysis`), which is most of a small notebook's cost
and is paid again by every notebook of the report, by `refresh` and by nbval. A *zygote*, one
plain Python process started once per runner (or per test worker), imports all of that and then
only forks: each request gets a new child that becomes an ordinary IPython kernel on the
connection file jupyter_client wrote. Each notebook still has a kernel of its own (the zygote
never runs notebook code; a fork shares nothing that the child writes), and it is started,
interrupted, timed out and killed through jupyter_client as any kernel is
(`WarmProvisioner`, the extension point jupyter_client offers for how kernels start).

The kernel is the zygote's child, not the caller's: the provisioner watches it through a pidfd
and signals its process group. The zygote dies with the process that started it (Linux's
parent-death signal), and each kernel with the zygote, so a SIGKILLed runner leaves nothing.
Where the zygote cannot be used (no pidfd, a kernel command other than ipykernel's, a request
for pipes) the kernel starts cold, as jupyter_client would start it.

`SDPW_WARM=off` turns warm kernels off.
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.provisioning import LocalProvisioner

#: Environment variable: `off` starts every kernel cold; the runner sets it to its zygote's socket
#: so that the workers it forks share one zygote.
WARM_ENV = "SDPW_WARM"

#: What the zygote imports before it forks: what every notebook's first cells import.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "matplotlib_inline.backend_inline",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "analysis.presentation.notebook",
    "analysis.presentation.tables",
    "analysis.presentation.plots",
    "analysis.presentation.narrative",
    "analysis.analyses.targets",
    "analysis.analyses.fulfilment",
    "analysis.analyses.ratchet",
)

#: How long a caller waits for a new zygote to listen.
START_TIMEOUT = 60.0

#: A forked kernel's process name (its command line stays the zygote's).
KERNEL_NAME = "ipykernel"

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_PR_SET_NAME = 15


def _name(name: str) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_NAME, name.encode(), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent exits."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def supported() -> bool:
    """Warm kernels need fork, pidfds (Linux 5.3) and a user who has not turned them off."""
    if os.environ.get(WARM_ENV) == "off" or not hasattr(os, "pidfd_open"):
        return False
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


# --- the zygote: a process that imports once and forks kernels ------------------------------


_KERNELS: set[int] = set()  # the zygote's kernels still running


def _reap(signum: int, frame: object) -> None:
    """Collect every finished kernel, so none stays a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _KERNELS.discard(pid)


def _become_kernel(request: dict[str, Any], zygote: int) -> None:
    """In the forked child: leave the zygote's state behind and run an IPython kernel."""
    os.setsid()  # a process group of its own: an interrupt reaches this kernel only
    _name(KERNEL_NAME)  # what `ps -o comm` and psutil's name() show for it
    _die_with_parent()  # the zygote is single-threaded, so its death is this thread's parent's
    if os.getppid() != zygote:  # the zygote died before the death signal was armed
        os._exit(1)
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in zip(request.get("streams", []), request.get("_fds", []), strict=False):
        os.dup2(fd, STREAMS.index(target))  # the caller's stream in place of the zygote's
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(zygote)  # ipykernel's parent poller watches the zygote
    cwd = request.get("cwd") or os.getcwd()
    os.chdir(cwd)
    sys.path[0] = cwd  # as `python -m ipykernel_launcher` run in that folder would have it
    sys.argv = ["ipykernel_launcher", *request["argv"]]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=request["argv"])


#: The standard streams a request may hand over (as file descriptors, SCM_RIGHTS).
STREAMS = ("stdin", "stdout", "stderr")


def _read(conn: socket.socket) -> tuple[bytes, list[int]]:
    """One request line and the file descriptors sent with it."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, len(STREAMS))
    while data and not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data, fds


def _fork_kernel(server: socket.socket, conn: socket.socket, request: dict, zygote: int) -> int:
    """Fork one kernel; in the child this never returns."""
    pid = os.fork()
    if pid:
        _KERNELS.add(pid)
        return pid
    code = 0
    try:
        server.close()
        conn.close()
        _become_kernel(request, zygote)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - a kernel never returns into the zygote's loop
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve(path: str, caller: int) -> None:
    """The zygote's loop: one JSON request per connection, answered with the new kernel's pid.

    It ends, killing its kernels, when asked to, or when the process that started it is gone
    (watched through a pidfd: a parent-death signal would fire when the *thread* that started
    the zygote ends, and jupyter_client starts kernels from worker threads).
    """
    try:
        watched = os.pidfd_open(caller)
    except OSError:
        return
    if os.getppid() != caller:
        return
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    # What is imported now lives as long as every kernel: out of the collector's reach, so that
    # no kernel's collection walks (and, by copy-on-write, copies) the zygote's objects again.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller stops the zygote, not a Ctrl-C
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".new")
    server.listen(16)
    os.rename(path + ".new", path)  # the caller waits for this name: it appears listening
    zygote = os.getpid()
    try:
        while True:
            ready, _, _ = select.select([server, watched], [], [])
            if watched in ready:
                break
            conn, _ = server.accept()
            with conn:
                data, fds = _read(conn)
                try:
                    request = json.loads(data)
                except ValueError:
                    request = {}
                request["_fds"] = fds
                if request.get("argv"):
                    pid = _fork_kernel(server, conn, request, zygote)
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                for fd in fds:
                    os.close(fd)
    finally:
        for pid in list(_KERNELS):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        server.close()
        Path(path).unlink(missing_ok=True)


# --- the caller's side ---------------------------------------------------------------------


class Zygote:
    """A started zygote: its process and its socket."""

    def __init__(self) -> None:
        folder = tempfile.mkdtemp(prefix="sdpw-warm-")
        self.path = str(Path(folder) / "zygote.sock")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.warm", self.path, str(os.getpid())],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the terminal reaches the caller, who stops it
        )
        # not waited for here: the zygote imports while the caller gets on with its own work

    def stop(self) -> None:
        """Stop forking and kill every kernel still running (they die with the zygote)."""
        if self.process.poll() is None:
            self.process.terminate()  # the zygote kills its kernels on the way out
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        folder = Path(self.path).parent
        Path(self.path).unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            pass


class NoZygote(RuntimeError):
    """No zygote listens: the kernel can still start cold. (Once a request is sent, a failure
    is an error: the zygote may have forked a kernel on the connection file's ports.)"""


def _wait_for(path: str) -> None:
    """Until a starting zygote listens (its socket's name appears once it does)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not os.path.exists(path):
        if time.monotonic() > deadline or not os.path.isdir(os.path.dirname(path)):
            raise NoZygote(f"the warm-kernel zygote at {path} did not start")
        time.sleep(0.01)


def _ask(path: str, request: dict[str, Any], fds: Sequence[int] = ()) -> dict[str, Any]:
    """Send one request (with `fds`) and return the zygote's answer."""
    _wait_for(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(START_TIMEOUT)
        try:
            conn.connect(path)
        except OSError as exc:
            raise NoZygote(f"the warm-kernel zygote at {path} does not answer: {exc}") from None
        line = json.dumps(request).encode() + b"\n"
        sent = socket.send_fds(conn, [line], list(fds))
        if sent < len(line):  # the zygote answers and closes once it has the whole line
            conn.sendall(line[sent:])
        data = b""
        while not data.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                raise RuntimeError("the warm-kernel zygote closed the connection")
            data += chunk
    return json.loads(data)


_OWN: dict[int, Zygote] = {}  # this process's zygote, by pid (a forked child starts its own)
_LOCK = threading.Lock()


def _socket() -> str:
    """The zygote to ask: the one named in the environment, else this process's own."""
    given = os.environ.get(WARM_ENV, "")
    if given.startswith("/"):
        return given
    with _LOCK:
        zygote = _OWN.get(os.getpid())
        if zygote is None or zygote.process.poll() is not None:
            zygote = _OWN[os.getpid()] = Zygote()
            atexit.register(zygote.stop)
        return zygote.path


class started:
    """`with warm.started():` one zygote for this process and every process it forks (the
    runner's workers); stopped, with its kernels, at the end."""

    zygote: Zygote | None = None

    def __enter__(self) -> Zygote | None:
        self.zygote = Zygote() if supported() else None
        self.before = os.environ.get(WARM_ENV)
        if self.zygote is not None:
            os.environ[WARM_ENV] = self.zygote.path
        return self.zygote

    def __exit__(self, *exc: object) -> None:
        """Stop the zygote (twice is harmless)."""
        if self.zygote is not None:
            self.zygote.stop()
            self.zygote = None
            if self.before is None:
                os.environ.pop(WARM_ENV, None)
            else:
                os.environ[WARM_ENV] = self.before


class ForkedKernel:
    """A kernel the zygote forked, with the part of Popen's interface jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self.returncode = 0  # not our child: the status went to the zygote
            os.close(self.pidfd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            select.select([self.pidfd], [], [], 0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self.pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """LocalProvisioner, with the kernel forked by the zygote instead of started by Popen."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        streams = {name: _fileno(kwargs.get(name)) for name in STREAMS if kwargs.get(name)}
        if not supported() or None in streams.values() or cmd[1:3] != ["-m", "ipykernel_launcher"]:
            return await super().launch_kernel(cmd, **kwargs)  # what only Popen can do
        cwd = kwargs.get("cwd")
        request = {
            "argv": cmd[3:],
            "env": dict(kwargs.get("env") or os.environ),
            "cwd": str(cwd) if cwd else None,
            "streams": list(streams),
        }
        fds = list(streams.values())
        try:
            pid = await off_loop(lambda: int(_ask(_socket(), request, fds)["pid"]))
        except NoZygote:  # none to ask: start it cold
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = pid
        self.pgid = pid  # the kernel called setsid
        self.cwd = cwd or Path.cwd()
        return self.connection_info


async def off_loop(call: Callable[[], T]) -> T:
    """`call()` on a thread of its own, awaited without blocking the event loop.

    Why not the loop's default executor: a process forked from one whose loop had already used
    it (the runner's workers, forked from a test process that ran nbval) inherits the executor
    with its idle-thread count but not its thread, so the work is queued and never runs, and the
    notebook waits for its kernel forever.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result, error = call(), None
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            result, error = None, exc
        loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name="sdpw-warm-ask", daemon=True).start()
    return await done


def _fileno(stream: object) -> int | None:
    """A stream given to Popen as a file descriptor; None for what Popen alone understands
    (subprocess.PIPE, DEVNULL as numbers)."""
    if isinstance(stream, int):
        return stream if stream >= 0 else None
    try:
        return stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None


class _Warm:
    """Kernel managers that use WarmProvisioner whatever the kernel spec names."""

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and supported():  # type: ignore[attr-defined]
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or _uuid()  # type: ignore[attr-defined]
            self.provisioner = WarmProvisioner(  # type: ignore[attr-defined]
                kernel_id=self.kernel_id,  # type: ignore[attr-defined]
                kernel_spec=self.kernel_spec,  # type: ignore[attr-defined]
                parent=self,
            )
        return await super()._async_pre_start_kernel(**kw)  # type: ignore[misc]


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


class WarmAsyncKernelManager(_Warm, AsyncKernelManager):
    """For nbclient and papermill (`kernel_manager_class`)."""


class WarmKernelManager(_Warm, KernelManager):
    """For nbval, which starts kernels with the blocking manager."""


if __name__ == "__main__":
    try:
        serve(sys.argv[1], int(sys.argv[2]))
    finally:  # its folder gone tells a waiting caller at once that no zygote will listen
        Path(sys.argv[1]).unlink(missing_ok=True)
        try:
            Path(sys.argv[1]).parent.rmdir()
        except OSError:
            pass
