"""The app served as the Procfile serves it (gunicorn on loopback), and plain HTTP requests to it: what
the benchmark and the load test both drive."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard import config

HOST = "127.0.0.1"


def procfile_command(port: int) -> list[str]:
    """The Procfile's web command with $PORT (and ${PORT:-...}) set to ``port``."""
    line = next(x for x in (config.ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    cmd = line.split(":", 1)[1].strip()
    cmd = re.sub(r"\$\{PORT(:-[^}]*)?\}|\$PORT\b", str(port), cmd)
    cmd = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: os.environ.get(m.group(1), m.group(2)), cmd)
    return shlex.split(cmd)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(port: int, path: str, method: str = "GET", body: bytes | None = None, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Accept-Encoding": "gzip"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return resp.status, data
    finally:
        conn.close()


class Served:
    """A server in a process of its own (its own process group) on a free loopback port, waited on until
    ``ready_path`` answers 200; stopped on exit, with everything it started."""

    def __init__(
        self, cmd: list[str], ready_path: str, ready_seconds: float, *, port: int, env: dict | None = None, name: str = "server"
    ):
        self.port, self.name = port, name
        self.cmd = cmd
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, env=env, cwd=config.ROOT, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            try:
                if get(self.port, ready_path, timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {ready_seconds:.0f} s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Server(Served):
    """gunicorn as the Procfile starts it, on ``data_dir``."""

    def __init__(self, data_dir: Path | None, ready_seconds: float = 180):
        port = free_port()
        env = {**os.environ, "PORT": str(port)}
        if data_dir is not None:
            env["DASHBOARD_DATA_DIR"] = str(data_dir)
        cmd = procfile_command(port)
        bindir = Path(sys.executable).parent
        if (bindir / cmd[0]).exists():
            cmd[0] = str(bindir / cmd[0])
        super().__init__(cmd, "/", ready_seconds, port=port, env=env, name="gunicorn")
