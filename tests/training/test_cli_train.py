"""`mlcurate train` as a user meets it: help with an example, torch imported only when training."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from curation.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_train_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as e:
        main(["train", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "mlcurate train stage1 configs/train/demo-minilm.yaml" in out and "stage2" in out and "eval" in out


def test_the_cli_does_not_import_torch():
    code = "import sys, curation.cli as c; c.build_parser(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}).stdout.strip()
    assert out == "False"
