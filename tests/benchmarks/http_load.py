"""A small asyncio HTTP/1.1 client for the benchmarks: keep-alive GETs and Server-Sent Events
streams, hundreds at once in one process (no third-party client between us and the timings)."""

import asyncio
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Latencies in seconds, and the wall time they were taken in."""

    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: int = 0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else float("nan")


def _request(path: str, host: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return bytes(body)
            body += chunk[:-2]
    return await reader.read()


async def get_load(
    address: tuple[str, int],
    requests: Sequence[tuple[str, str, dict[str, str]]],
    *,
    concurrency: int,
) -> Timings:
    """GET every (path, host, headers) of `requests`, `concurrency` keep-alive connections at a
    time; the latency of each is from sending to the whole body read. Non-200 answers count as
    errors."""
    timings = Timings()
    queue: asyncio.Queue[tuple[str, str, dict[str, str]]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(*address)
        try:
            while not queue.empty():
                path, host, headers = queue.get_nowait()
                started = time.perf_counter()
                writer.write(_request(path, host, headers))
                status, response_headers = await _read_head(reader)
                await _read_body(reader, response_headers)
                if status != 200:
                    timings.errors += 1
                    continue
                timings.latencies.append(time.perf_counter() - started)
                if response_headers.get("connection", "").lower() == "close":
                    writer.close()
                    reader, writer = await asyncio.open_connection(*address)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    timings.wall = time.perf_counter() - started
    return timings


async def get_once(
    address: tuple[str, int], path: str, host: str, headers: dict[str, str] | None = None
) -> tuple[int, float]:
    """One GET on a new connection: (status, seconds until the whole answer is read)."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(_request(path, host, {**(headers or {}), "Connection": "close"}))
        status, headers = await _read_head(reader)
        await _read_body(reader, headers)
    finally:
        writer.close()
    return status, time.perf_counter() - started


class SseClient:
    """One open event stream. `on_event(name, data, at)` is called for each event."""

    def __init__(self, on_event: Callable[[str, str, float], None]) -> None:
        self.on_event = on_event
        self.hello = asyncio.get_running_loop().create_future()
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None

    async def open(self, address: tuple[str, int], path: str, host: str) -> float:
        """Connect and wait for the server's hello; return the seconds it took."""
        started = time.perf_counter()
        reader, self._writer = await asyncio.open_connection(*address)
        self._writer.write(_request(path, host, {"Accept": "text/event-stream"}))
        status, _headers = await _read_head(reader)
        if status != 200:
            self._writer.close()
            raise RuntimeError(f"stream refused: {status}")
        self._task = asyncio.create_task(self._read(reader))
        await self.hello
        return time.perf_counter() - started

    async def _read(self, reader: asyncio.StreamReader) -> None:
        buffer = b""
        try:
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    return
                at = time.perf_counter()
                buffer += chunk[:-2]
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    self._frame(frame.decode(), at)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            return

    def _frame(self, frame: str, at: float) -> None:
        name, data = "message", []
        for line in frame.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if not data and name == "message":
            return  # a comment (heartbeat)
        if name == "hello" and not self.hello.done():
            self.hello.set_result(at)
        self.on_event(name, "\n".join(data), at)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
