"""Reading the package's data files (YAML lists, CSV tables) with the line of every record.

Every loader in dyad validates records with pydantic and, on error, names the file and the line,
so that a user editing a dictionary sees exactly what to fix.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dyad.errors import DataFileError

ModelT = TypeVar("ModelT", bound=BaseModel)


def package_data_path(*parts: str) -> Path:
    """Path of a file shipped in `dyad/data`."""
    return Path(str(resources.files("dyad").joinpath("data", *parts)))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise DataFileError("file not found", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise DataFileError(f"not UTF-8 text ({e.reason} at byte {e.start})", path=str(path)) from e
    except OSError as e:
        raise DataFileError(f"cannot read file ({e.strerror})", path=str(path)) from e


# libyaml's parser when PyYAML was built with it: the actor files parse several times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DataLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """YAML 1.1 without its surprise booleans: `on`, `off`, `yes`, `no` stay strings.

    Prepositions such as "on" are data in pattern files; YAML 1.1 would read them as True.
    """


_DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def yaml_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line, record) for each item of a YAML file whose top level is a list."""
    loader = _DataLoader(_read_text(path))
    try:
        root = loader.get_single_node()
        if root is None:
            return
        if not isinstance(root, yaml.SequenceNode):
            raise DataFileError("expected a list of records at the top level", path=str(path),
                                line=root.start_mark.line + 1)
        for node in root.value:
            yield node.start_mark.line + 1, loader.construct_object(node, deep=True)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise DataFileError(f"invalid YAML: {problem}", path=str(path), line=line) from e
    finally:
        loader.dispose()


def csv_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) for each data row of a CSV file with a header line."""
    text = _read_text(path)
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        yield reader.line_num, row


def validation_message(error: ValidationError) -> str:
    """The first problem of a pydantic error, as one readable clause."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_record(model: type[ModelT], data: Any, *, path: Path, line: int) -> ModelT:
    """Validate one record against `model`, reporting file and line on failure."""
    if not isinstance(data, dict):
        raise DataFileError(f"expected a mapping, got {type(data).__name__}", path=str(path), line=line)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise DataFileError(validation_message(e), path=str(path), line=line) from e


def load_yaml_models(model: type[ModelT], path: Path) -> list[tuple[int, ModelT]]:
    return [(line, parse_record(model, data, path=path, line=line)) for line, data in yaml_records(path)]


def load_csv_models(model: type[ModelT], path: Path) -> list[tuple[int, ModelT]]:
    return [(line, parse_record(model, row, path=path, line=line)) for line, row in csv_records(path)]
