"""`pokemon-ml serve`: trains first on a fresh clone, serves the newest artifact over
a real port, and answers bad arguments with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pokemon_ml.cli import main
from tests.service.conftest import free_port


def test_a_fresh_clone_trains_the_default_model_first(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("POKEMON_ML_ARTIFACTS_DIR", str(tmp_path))
    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.update(app=app, **options))
    assert main(["serve", "--port", "8123"]) == 0
    out = capsys.readouterr().out
    assert "training the default one first" in out
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(folders) == 1 and f"serving {folders[0].name}" in out
    assert served["host"] == "127.0.0.1" and served["port"] == 8123


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--port", "http"], "expected a port number"),
        (["--port", "0"], "a port is 1-65535"),
        (["--model", "no/such/folder"], "is not a folder"),
        (["--model", "."], "is not a complete artifact"),
    ],
)
def test_bad_arguments_get_one_line(args, fragment, capsys) -> None:
    try:
        code = main(["serve", *args])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and fragment in err and err.count("\n") == 1, err


def test_serve_answers_over_a_real_port_and_stops(artifact_folder: Path) -> None:
    port = free_port()
    env = {**os.environ, "POKEMON_ML_ARTIFACTS_DIR": str(artifact_folder.parent)}
    command = [sys.executable, "-m", "pokemon_ml.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as answer:
                    ready = json.load(answer)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not start within 30 s"
                time.sleep(0.1)
        assert ready["ready"] and ready["model_version"] == artifact_folder.name
    finally:
        server.terminate()
        server.wait(timeout=10)
