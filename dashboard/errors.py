"""Exceptions raised by the pipeline. Only ``__main__`` turns them into messages and exit codes."""

from __future__ import annotations


class DashboardError(Exception):
    """Base class: a problem the user can fix, with a message that says where and what."""


class InputError(DashboardError):
    """A file the pipeline reads (article, metadata, codebook, reviews) is unusable.

    The message names the file, the line when there is one, what is wrong and the fix.
    """

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")
