"""Worker processes for a parallel run: forked from the main process, which works too.

Why not ``concurrent.futures``: importing it and ``multiprocessing`` costs about 20 ms before the
first worker can start, its feeder and result threads compete with the workers for the GIL and the
CPUs, and each task is pickled twice. Here, with ``fork``:

* the workers inherit everything: modules, the loaded schema, the plan (the whole job list);
* every batch number is written into one pipe before forking; each worker (and the main process,
  between two looks at the results) takes the next number from it, so fast workers take more;
* a worker writes each batch's results, ``marshal``-encoded and length-prefixed, into its own
  pipe; the main process reads them as they come and yields the batches in order;
* a worker that dies costs time, never results: whatever batches are missing when every worker
  has gone are checked by the main process itself.

``-j N`` runs N processes in all: the main process and N - 1 forked workers. Where ``fork`` does
not exist, a ``ProcessPoolExecutor`` does the same work with the plan sent in pieces.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
from collections.abc import Iterator, Sequence
from typing import NoReturn

from rcml.core.findings import Finding, Severity
from rcml.lint._checking import MAX_BATCHES, Batch, Plan, check_batch
from rcml.lint.result import FileResult

_SEVERITIES = {severity.value: severity for severity in Severity}
_WORD = 4  # bytes of a batch number, and of a message's length


def _encode(index: int, batch: Batch) -> bytes:
    found = [
        (
            offset,
            None
            if raw is None
            else (
                raw.path,
                [
                    (f.line, f.column, f.code, f.severity.value, f.message, f.element, f.hint)
                    for f in raw.findings
                ],
                raw.read_error,
                raw.source,
            ),
        )
        for offset, raw in batch.found
    ]
    payload = marshal.dumps((index, found, batch.entries))
    return len(payload).to_bytes(_WORD, "little") + payload


def _decode(payload: bytes) -> tuple[int, Batch]:
    index, found, entries = marshal.loads(payload)
    results: list[tuple[int, FileResult | None]] = []
    for offset, raw in found:
        if raw is None:
            results.append((offset, None))
            continue
        path, findings, read_error, source = raw
        results.append(
            (
                offset,
                FileResult(
                    path,
                    tuple(
                        Finding(line, column, code, _SEVERITIES[severity], message, element, hint)
                        for line, column, code, severity, message, element, hint in findings
                    ),
                    read_error,
                    source,
                ),
            )
        )
    return index, Batch(results, entries)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _take(tasks: int) -> int | None:
    """The next batch number from the shared pipe, or None when none is left."""
    word = os.read(tasks, _WORD)
    return int.from_bytes(word, "little") if len(word) == _WORD else None


def _serve(
    plan: Plan, batches: Sequence[tuple[int, int]], tasks: int, out: int, unused: list[int]
) -> NoReturn:
    """A worker's whole life: batches from ``tasks``, results to ``out``, then ``_exit``. It never
    returns into the main process's code (its ``finally`` blocks, its open files), whatever
    happens; ``unused`` are the main process's ends of the pipes, closed first."""
    status = 1
    try:
        for fd in unused:
            os.close(fd)
        while (index := _take(tasks)) is not None:
            _write_all(out, _encode(index, check_batch(plan, *batches[index])))
        status = 0
    except BaseException:  # the main process checks what this worker did not send
        pass
    finally:
        os._exit(status)


class _Reader:
    """Collects the messages of one worker's pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def read(self, ready: dict[int, Batch]) -> bool:
        """Read what is there, file complete batches in ``ready``; False at end of file."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return False
        buffer = self.buffer
        buffer += chunk
        while len(buffer) >= _WORD:
            size = int.from_bytes(buffer[:_WORD], "little")
            if len(buffer) < _WORD + size:
                break
            index, batch = _decode(bytes(buffer[_WORD : _WORD + size]))
            ready[index] = batch
            del buffer[: _WORD + size]
        return True


def run_forked(plan: Plan, batches: Sequence[tuple[int, int]], workers: int) -> Iterator[Batch]:
    """The batches of ``plan``, in order, checked by this process and ``workers - 1`` forks."""
    if len(batches) > MAX_BATCHES:  # their numbers must fit in the pipe before any worker reads
        raise ValueError(f"at most {MAX_BATCHES} batches")
    tasks, feed = os.pipe()
    _write_all(feed, b"".join(i.to_bytes(_WORD, "little") for i in range(len(batches))))
    os.close(feed)
    children: list[int] = []
    readers: list[_Reader] = []
    finished = False
    try:
        for _ in range(min(workers, len(batches)) - 1):
            out_read, out_write = os.pipe()
            _widen(out_write)
            try:
                pid = os.fork()
            except OSError:  # no more processes: the ones there are do the work
                os.close(out_read)
                os.close(out_write)
                break
            if pid == 0:
                _serve(plan, batches, tasks, out_write, [out_read, *(r.fd for r in readers)])
            os.close(out_write)
            children.append(pid)
            readers.append(_Reader(out_read))
        yield from _collect(plan, batches, tasks, readers)
        finished = True
    finally:
        os.close(tasks)
        for reader in readers:
            os.close(reader.fd)
        for pid in children:  # they end when no batch is left, or now if the run stopped early
            if not finished:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


def _widen(fd: int) -> None:
    """Let a worker write up to a megabyte of results ahead of the main process, which may be
    busy checking a batch of its own (Linux only; elsewhere the pipe stays as it is)."""
    try:
        import fcntl
    except ImportError:
        return
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: keep the default
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)


def _collect(
    plan: Plan, batches: Sequence[tuple[int, int]], tasks: int, readers: list[_Reader]
) -> Iterator[Batch]:
    """Yield the batches in order: results the workers sent, batches this process checked
    while waiting, and (if a worker died) the batches nobody sent."""
    ready: dict[int, Batch] = {}
    open_readers = list(readers)
    pending = True  # batch numbers may be left in the pipe
    for index in range(len(batches)):
        while index not in ready:
            if open_readers:  # take what has arrived, without waiting if there is work to do
                timeout = 0.0 if pending else None
                fds, _, _ = select.select([r.fd for r in open_readers], [], [], timeout)
                for reader in [r for r in open_readers if r.fd in fds]:
                    if not reader.read(ready):
                        open_readers.remove(reader)
                if index in ready:
                    break
            if pending:
                taken = _take(tasks)
                if taken is None:
                    pending = False
                else:
                    ready[taken] = check_batch(plan, *batches[taken])
            elif not open_readers:  # every worker has gone without sending this one
                ready[index] = check_batch(plan, *batches[index])
        yield ready.pop(index)


def run_pooled(plan: Plan, batches: Sequence[tuple[int, int]], workers: int) -> Iterator[Batch]:
    """:func:`run_forked` where there is no ``fork``: a process pool, the plan sent in pieces."""
    from concurrent.futures import ProcessPoolExecutor

    pieces = [_piece(plan, start, stop) for start, stop in batches]
    pool = ProcessPoolExecutor(max_workers=min(workers, len(batches)))
    try:
        yield from pool.map(_check_piece, pieces)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _piece(plan: Plan, start: int, stop: int) -> Plan:
    digests = None if plan.digests is None else plan.digests[start:stop]
    return Plan(plan.jobs[start:stop], plan.options, digests, plan.record)


def _check_piece(piece: Plan) -> Batch:
    return check_batch(piece, 0, len(piece.jobs))


def fork_available() -> bool:
    return hasattr(os, "fork")


__all__ = ["fork_available", "run_forked", "run_pooled"]
