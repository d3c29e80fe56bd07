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


class Server:
    """gunicorn as the Procfile starts it, on ``data_dir``; stopped on exit."""

    def __init__(self, data_dir: Path | None, ready_seconds: float = 180):
        self.port = free_port()
        env = {**os.environ, "PORT": str(self.port)}
        if data_dir is not None:
            env["DASHBOARD_DATA_DIR"] = str(data_dir)
        self.cmd = procfile_command(self.port)
        bindir = Path(sys.executable).parent
        if (bindir / self.cmd[0]).exists():
            self.cmd[0] = str(bindir / self.cmd[0])
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.cmd, env=env, cwd=config.ROOT, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            try:
                if get(self.port, "/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {ready_seconds:.0f} s")

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
