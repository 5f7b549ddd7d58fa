"""The docs that are generated from code must match it."""

import subprocess
import sys

from conftest import REPO


def test_docs_cli_reference_is_current():
    result = subprocess.run([sys.executable, str(REPO / "docs" / "gen_cli_reference.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_docs_readme_names_both_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && dyad code examples/gulf_2018.txt --date 2018-08-07" in readme
    assert "pip install -e '.[test]' && python -m pytest -q" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest -q" in ci
