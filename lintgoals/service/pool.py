"""The service's workers: processes that check tables, one request at a time each.

Each worker is a process of its own, started afresh (spawn: the service's
threads are not copied into it), with the service's rules loaded once and its
memory bounded (MEMORY_LIMIT, as for the risky workbooks the command line reads
apart). A request waits for an idle worker in a queue of bounded length: past it,
the service answers 503 at once. A worker that runs past the request's time
limit, or dies (out of memory, a native crash), is killed and replaced; its
request gets a report that says so, as the command line says of a file it could
not read.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from lintgoals.config import Config
from lintgoals.readers.isolated import MEMORY_LIMIT
from lintgoals.service.checking import Checker, Job, Outcome, failed

CONTEXT = multiprocessing.get_context("spawn")


def serve_jobs(connection: Connection, config: Config, memory_limit: int) -> None:
    """A worker's life: take a job, check, send the outcome back, until the pipe closes."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (ImportError, ValueError, OSError):  # no such limit here: the time limit still holds
        pass
    checker = Checker(config)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: Outcome | str = checker.check(job)
        except MemoryError:
            outcome = "memory"
        except Exception as error:  # noqa: BLE001 - whatever it is, the request gets a report that says so
            outcome = f"internal error ({type(error).__name__})"
        connection.send(outcome)


@dataclass(slots=True)
class Worker:
    process: BaseProcess
    connection: Connection


class Busy(Exception):
    """Every worker is busy and the queue is full."""


@dataclass(slots=True)
class Pool:
    config: Config
    size: int
    queue_length: int
    time_limit: float
    memory_limit: int = MEMORY_LIMIT
    idle: asyncio.Queue[Worker] | None = None
    waiting: int = 0
    workers: list[Worker] = field(default_factory=list)

    def start(self) -> None:
        self.idle = asyncio.Queue()
        for _ in range(self.size):
            self.idle.put_nowait(self.spawn())

    def spawn(self) -> Worker:
        parent, child = CONTEXT.Pipe()
        process = CONTEXT.Process(target=serve_jobs, args=(child, self.config, self.memory_limit), daemon=True)
        process.start()
        child.close()
        worker = Worker(process, parent)
        self.workers.append(worker)
        return worker

    @property
    def busy(self) -> int:
        return self.size - (self.idle.qsize() if self.idle else 0)

    async def run(self, job: Job) -> Outcome:
        """The job's outcome; Busy at once when the queue is full."""
        assert self.idle is not None
        if self.idle.empty() and self.waiting >= self.queue_length:
            raise Busy
        self.waiting += 1
        try:
            worker = await self.idle.get()
        finally:
            self.waiting -= 1
        try:
            outcome = await asyncio.to_thread(self.exchange, worker, job)
        except BaseException:
            self.replace(worker)  # cancelled (the client went away): the worker may be mid-job
            raise
        if isinstance(outcome, Outcome):
            self.idle.put_nowait(worker)
            return outcome
        self.replace(worker)
        return failed(job.names, outcome, job.format, job.lang, self.config.fail_on)

    def exchange(self, worker: Worker, job: Job) -> Outcome | str:
        """Send the job and wait for its outcome, within the time limit."""
        try:
            worker.connection.send(job)
            if worker.connection.poll(self.time_limit):
                outcome: Outcome | str = worker.connection.recv()  # what serve_jobs sends
                return outcome
            return f"the check went past the time limit of {self.time_limit:.0f} s"
        except (EOFError, OSError):
            return "the check ran out of memory or stopped"

    def replace(self, worker: Worker) -> None:
        """Kill a worker whose job failed or was abandoned, and start another in its place."""
        kill(worker)
        self.workers.remove(worker)
        assert self.idle is not None
        self.idle.put_nowait(self.spawn())

    def stop(self) -> None:
        for worker in self.workers:
            kill(worker)
        self.workers.clear()


def kill(worker: Worker) -> None:
    worker.connection.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
