"""The CAMEO ontology as data: event codes, agent codes and the CAMEO→PLOVER mapping."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dyad.datafiles import load_csv_models, package_data_path
from dyad.errors import DataFileError


class EventType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^\d{2,4}$", title="CAMEO event code, with its leading zero")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    goldstein: float = Field(ge=-10, le=10, title="Goldstein conflict-cooperation value")
    root: str = Field(pattern=r"^(0[1-9]|1\d|20)$")
    quad_class: int = Field(ge=1, le=4, title="GDELT QuadClass")

    @field_validator("root")
    @classmethod
    def _root_two_digits(cls, value: str) -> str:
        return value.zfill(2)


class AgentType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    kind: str = Field(min_length=1)


class PloverMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cameo_code: str = Field(pattern=r"^\d{2,4}$")
    plover_event: str = Field(min_length=1)
    plover_mode: str = ""
    plover_context: str = ""


def _quad_for_root(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


class Ontology:
    """CAMEO event and agent codes, loaded and cross-checked from the package's CSV files."""

    def __init__(self, events: dict[str, EventType], agents: dict[str, AgentType],
                 plover: dict[str, PloverMapping]) -> None:
        self.events = events
        self.agents = agents
        self.plover = plover

    @classmethod
    def load(cls, directory: Path | None = None) -> Ontology:
        base = directory or package_data_path("cameo")
        events: dict[str, EventType] = {}
        path = base / "event_codes.csv"
        for line, event in load_csv_models(EventType, path):
            if event.code in events:
                raise DataFileError(f"duplicate event code {event.code!r}", path=str(path), line=line)
            if not event.code.startswith(event.root):
                raise DataFileError(f"code {event.code!r} does not start with its root {event.root!r}",
                                    path=str(path), line=line)
            if event.quad_class != _quad_for_root(event.root):
                raise DataFileError(f"quad_class {event.quad_class} does not match root {event.root} "
                                    f"(expected {_quad_for_root(event.root)})", path=str(path), line=line)
            events[event.code] = event
        agents: dict[str, AgentType] = {}
        path = base / "agent_codes.csv"
        for line, agent in load_csv_models(AgentType, path):
            if agent.code in agents:
                raise DataFileError(f"duplicate agent code {agent.code!r}", path=str(path), line=line)
            agents[agent.code] = agent
        plover: dict[str, PloverMapping] = {}
        path = base / "plover_map.csv"
        for line, mapping in load_csv_models(PloverMapping, path):
            if mapping.cameo_code not in events:
                raise DataFileError(f"unknown CAMEO code {mapping.cameo_code!r}", path=str(path), line=line)
            plover[mapping.cameo_code] = mapping
        return cls(events, agents, plover)

    def event(self, code: str) -> EventType:
        """The event type for `code`; a KeyError names the code if it is not in CAMEO."""
        try:
            return self.events[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO event code {code!r}") from None

    def plover_event(self, code: str) -> str | None:
        """The PLOVER event for a CAMEO code, falling back to its parent codes."""
        for length in range(len(code), 1, -1):
            mapping = self.plover.get(code[:length])
            if mapping is not None:
                return mapping.plover_event
        return None


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The CAMEO ontology shipped with dyad, loaded once."""
    return Ontology.load()
