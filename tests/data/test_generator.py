"""The data generator: deterministic bytes, a manifest that proves it, care with
a learner's files, and one-line errors for bad arguments."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pokemon_ml import DEFAULT_SEED, file_sha256, generate_pokemon, verify_datasets, write_datasets
from pokemon_ml.data.datasets import DataConflictError, load_dataset

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "data" / "generate_dataset.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("generate_dataset", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE_SCRIPT = _load_script()


def run_script(*args: str) -> subprocess.CompletedProcess:
    """Run data/generate_dataset.py's main() in process, as the shell would call it."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = GENERATE_SCRIPT.main(list(args))
        except SystemExit as exit_:  # argparse exits on bad arguments
            code = exit_.code
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_datasets(tmp_path / "a", n_rows=500, seed=3)
    second = write_datasets(tmp_path / "b", n_rows=500, seed=3)
    assert first["files"] == second["files"]
    for filename in first["files"]:
        assert (tmp_path / "a" / filename).read_bytes() == (tmp_path / "b" / filename).read_bytes()


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    first = write_datasets(tmp_path / "a", n_rows=500, seed=3)
    second = write_datasets(tmp_path / "b", n_rows=500, seed=4)
    assert all(first["files"][f]["sha256"] != second["files"][f]["sha256"] for f in first["files"])


def test_default_seed_reproduces_the_committed_manifest(tmp_path: Path) -> None:
    committed = json.loads((ROOT / "data" / "manifest.json").read_text())
    if committed["seed"] != DEFAULT_SEED:
        pytest.skip("data/manifest.json was regenerated with another seed")
    regenerated = write_datasets(tmp_path, n_rows=committed["rows"], seed=committed["seed"])
    assert regenerated == committed


def test_verify_detects_a_changed_file(tmp_path: Path) -> None:
    write_datasets(tmp_path, n_rows=200)
    assert verify_datasets(tmp_path) == []
    with open(tmp_path / "pokemon.csv", "a") as handle:
        handle.write("9999,Extra,fire,,1,1,1,1,1,1,1,1,1.0,1.0,3,false\n")
    (tmp_path / "pokemon_messy.parquet").unlink()
    problems = verify_datasets(tmp_path)
    assert any("pokemon.csv changed" in p for p in problems)
    assert any("pokemon_messy.parquet is missing" in p for p in problems)
    result = run_script("--verify", "--out", str(tmp_path))
    assert result.returncode == 1 and "pokemon.csv changed" in result.stderr


def test_a_changed_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    write_datasets(tmp_path, n_rows=200)
    edited = tmp_path / "pokemon.csv"
    edited.write_text("my own notes\n")
    with pytest.raises(DataConflictError, match="pokemon.csv"):
        write_datasets(tmp_path, n_rows=200)
    assert edited.read_text() == "my own notes\n"  # untouched, and so is everything else
    result = run_script("--out", str(tmp_path), "--rows", "200")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "--force" in result.stderr
    assert edited.read_text() == "my own notes\n"
    write_datasets(tmp_path, n_rows=200, force=True)
    assert verify_datasets(tmp_path) == []


def test_regenerating_unchanged_files_with_another_seed_is_allowed(tmp_path: Path) -> None:
    write_datasets(tmp_path, n_rows=200, seed=1)
    manifest = write_datasets(tmp_path, n_rows=200, seed=2)
    assert manifest["seed"] == 2 and verify_datasets(tmp_path) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--rows", "ten"], "expected a whole number of rows"),
        (["--rows", "5"], "at least 100 rows"),
        (["--seed", "-1"], "must be 0 or more"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_get_a_one_line_error(args: list[str], message: str) -> None:
    result = run_script(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_out_pointing_at_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "a_file"
    target.write_text("x")
    result = run_script("--out", str(target))
    assert (
        result.returncode == 2 and "is a file" in result.stderr and "Traceback" not in result.stderr
    )


def test_script_writes_every_data_set_in_both_formats(tmp_path: Path) -> None:
    command = [sys.executable, str(SCRIPT), "--out", str(tmp_path), "--rows", "300", "--seed", "9"]
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in tmp_path.iterdir()}
    for dataset in ("pokemon", "pokemon_messy", "pokemon_drop_v2"):
        assert {f"{dataset}.csv", f"{dataset}.parquet"} <= names
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["seed"] == 9 and manifest["files"]["pokemon.csv"]["rows"] == 300
    assert {f: file_sha256(tmp_path / f) for f in manifest["files"]} == {
        f: entry["sha256"] for f, entry in manifest["files"].items()
    }


def test_first_use_generates_the_data_with_a_message(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("POKEMON_ML_DATA_DIR", str(tmp_path))
    df = load_dataset("pokemon")
    assert len(df) == 1_500 and "generating the course data" in capsys.readouterr().err
    assert df.equals(generate_pokemon().to_pandas())
    with pytest.raises(ValueError, match="unknown data set"):
        load_dataset("pokemon_v3")


def test_frame_sha256_predicts_the_file_hash(tmp_path: Path) -> None:
    from pokemon_ml import frame_sha256

    manifest = write_datasets(tmp_path, n_rows=300, seed=8)
    frame = generate_pokemon(300, 8)
    for fmt in ("csv", "parquet"):
        assert frame_sha256(frame, fmt) == manifest["files"][f"pokemon.{fmt}"]["sha256"]
