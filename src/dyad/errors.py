"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class DyadError(Exception):
    """Base class for every error dyad raises on purpose."""


class InputError(DyadError):
    """A document or input file cannot be read or is not in the expected shape.

    The message names the file (and line, for line-based formats) so that a user can fix it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class DataFileError(DyadError):
    """A dictionary, pattern or codebook file is invalid; the message names file and line."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class ModelError(DyadError):
    """The spaCy pipeline named in the settings cannot be loaded."""


class StoreError(DyadError):
    """The event store (a DuckDB file) cannot be opened, migrated, written or queried as asked."""


class ClusterError(DyadError):
    """A Dask cluster cannot be started or reached, or a partition failed on it for good."""


class NotFoundError(InputError):
    """A record asked for by id (an event, a document) is not in the store."""
