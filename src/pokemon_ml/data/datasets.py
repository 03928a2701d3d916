"""Write, verify and load the course's data files.

Every data set is written as CSV and as Parquet, plus ``manifest.json``: the
seed, row counts, each file's SHA-256, and the answer key of every problem that
was planted on purpose. The hash is the data's *version*: if two people's
``pokemon.parquet`` have the same SHA-256, they trained on the same bytes.

Writing is careful with your work: a file whose hash no longer matches the
manifest (you edited it) is never overwritten unless you pass ``force=True``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from pathlib import Path

import pandas as pd
import polars as pl

from pokemon_ml.data.cards import make_card_listings
from pokemon_ml.data.churn import make_churn
from pokemon_ml.data.credit import credit_answer_key, make_credit
from pokemon_ml.data.drops import make_drop_v2
from pokemon_ml.data.export import make_export
from pokemon_ml.data.generate import DEFAULT_ROWS, DEFAULT_SEED, generate_pokemon
from pokemon_ml.data.logs import make_prediction_logs
from pokemon_ml.data.messy import make_messy

__all__ = [
    "DATASETS",
    "DataConflictError",
    "build_datasets",
    "data_dir",
    "file_sha256",
    "frame_sha256",
    "load_dataset",
    "load_pokemon",
    "verify_datasets",
    "write_datasets",
]

DATASETS = (
    "pokemon",
    "pokemon_messy",
    "pokemon_drop_v2",
    "pokemon_export",
    "prediction_logs",
    "cards",
    "credit",
    "churn_accounts",
    "churn_usage",
    "churn_tickets",
)
FORMATS = ("csv", "parquet")
MANIFEST = "manifest.json"
MIN_ROWS = 100  # fewer rows leave too few creatures per type and generation
GENERATOR_VERSION = 2  # bump when the same seed should give different data (2: drops from plans)


class DataConflictError(RuntimeError):
    """Raised instead of overwriting a data file that was changed by hand."""


def data_dir() -> Path:
    """The folder the course's data lives in.

    ``POKEMON_ML_DATA_DIR`` wins if set; otherwise the repository's ``data/``.
    """
    if "POKEMON_ML_DATA_DIR" in os.environ:
        return Path(os.environ["POKEMON_ML_DATA_DIR"])
    repo = Path(__file__).resolve().parents[3]
    if (repo / "pyproject.toml").exists():
        return repo / "data"
    return Path.cwd() / "data"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex: the file's version."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def frame_sha256(frame: pl.DataFrame, fmt: str = "csv") -> str:
    """SHA-256 of the file ``frame`` would be written as, without writing it.

    Args:
        frame: a polars frame.
        fmt: ``"csv"`` or ``"parquet"``; the same settings ``write_datasets`` uses.

    Returns:
        The hex digest; equal to the manifest's entry when the frame is the same data.
    """
    return hashlib.sha256(_encode(frame, fmt)).hexdigest()


def build_datasets(n_rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> tuple[dict, dict]:
    """Build every data set in memory.

    Returns:
        ``(frames, answer_keys)``: polars frames by data set name, and what was
        planted on purpose in ``pokemon_messy``, ``pokemon_drop_v2``, ``pokemon_export``
        and ``prediction_logs`` (four weeks of traffic, whatever ``n_rows`` is).
    """
    clean = generate_pokemon(n_rows, seed)
    messy = make_messy(clean, seed)
    drop, drop_key = make_drop_v2(max(MIN_ROWS, n_rows // 5), seed, first_id=n_rows + 1)
    export, export_key = make_export(clean, seed)
    logs, logs_key = make_prediction_logs(seed)
    frames = {
        "pokemon": clean,
        "pokemon_messy": messy.frame,
        "pokemon_drop_v2": drop,
        "pokemon_export": export,
        "prediction_logs": logs,
        "cards": make_card_listings(seed, pokemon=clean),
        "credit": make_credit(seed),
    }
    churn_accounts, churn_usage, churn_tickets, churn_key = make_churn(seed)
    frames |= {
        "churn_accounts": churn_accounts,
        "churn_usage": churn_usage,
        "churn_tickets": churn_tickets,
    }
    keys = {
        "pokemon_messy": messy.issues,
        "pokemon_drop_v2": drop_key,
        "pokemon_export": export_key,
        "prediction_logs": logs_key,
        "credit": credit_answer_key(frames["credit"]),
        "churn": churn_key,  # the three churn_* sources: planted problems and facts (exam 1)
    }
    return frames, keys


def _encode(frame: pl.DataFrame, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "csv":
        frame.write_csv(buffer)
    else:
        # Fixed settings: the bytes, and so the hash, depend only on the data.
        frame.write_parquet(buffer, compression="zstd", compression_level=3, statistics=False)
    return buffer.getvalue()


def write_datasets(
    out_dir: Path | str | None = None,
    n_rows: int = DEFAULT_ROWS,
    seed: int = DEFAULT_SEED,
    force: bool = False,
) -> dict:
    """Generate every data set and write it to ``out_dir`` with a manifest.

    Args:
        out_dir: target folder (created if needed); defaults to ``data_dir()``.
        n_rows: creatures in the main table (at least ``MIN_ROWS``).
        seed: the seed; the same seed writes byte-identical files.
        force: overwrite files that were changed since they were generated.

    Returns:
        The manifest that was written.

    Raises:
        DataConflictError: a file differs from its manifest entry and ``force``
            is False. Nothing is written in that case.
    """
    if n_rows < MIN_ROWS:
        raise ValueError(f"--rows must be at least {MIN_ROWS}, got {n_rows}")
    out = Path(out_dir) if out_dir is not None else data_dir()
    frames, answer_keys = build_datasets(n_rows, seed)
    blobs = {
        f"{name}.{fmt}": _encode(frame, fmt) for name, frame in frames.items() for fmt in FORMATS
    }
    old_hashes = _read_manifest(out).get("files", {})
    conflicts = [
        filename
        for filename, blob in blobs.items()
        if (out / filename).exists()
        and file_sha256(out / filename)
        not in (old_hashes.get(filename, {}).get("sha256"), hashlib.sha256(blob).hexdigest())
    ]
    if conflicts and not force:
        raise DataConflictError(
            f"{', '.join(conflicts)} in {out} changed since it was generated; "
            "move your copy aside or pass --force to overwrite it"
        )
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "rows": n_rows,
        "files": {
            filename: {
                "sha256": hashlib.sha256(blob).hexdigest(),
                "rows": frames[filename.rsplit(".", 1)[0]].height,
                "bytes": len(blob),
            }
            for filename, blob in blobs.items()
        },
        "answer_keys": answer_keys,
    }
    out.mkdir(parents=True, exist_ok=True)
    for filename, blob in blobs.items():
        _atomic_write(out / filename, blob)
    _atomic_write(out / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def verify_datasets(out_dir: Path | str | None = None) -> list[str]:
    """Compare every file with its manifest entry.

    Returns:
        One sentence per problem (missing file, changed hash); empty if all match.
    """
    out = Path(out_dir) if out_dir is not None else data_dir()
    manifest = _read_manifest(out)
    if not manifest:
        return [f"no {MANIFEST} in {out}: generate the data first"]
    problems = []
    for filename, entry in manifest["files"].items():
        path = out / filename
        if not path.exists():
            problems.append(f"{filename} is missing")
        elif (actual := file_sha256(path)) != entry["sha256"]:
            problems.append(f"{filename} changed: sha256 {actual[:12]}… != {entry['sha256'][:12]}…")
    return problems


def load_dataset(name: str = "pokemon", fmt: str = "parquet") -> pd.DataFrame:
    """Load one of the course's data sets as a pandas DataFrame.

    Generates the data (about a second) the first time, with a message.

    Args:
        name: one of ``DATASETS``.
        fmt: ``"parquet"`` (types kept) or ``"csv"`` (types inferred on read).
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose 'parquet' or 'csv'")
    path = data_dir() / f"{name}.{fmt}"
    if not path.exists():
        print(
            f"pokemon_ml: {path.name} not found, generating the course data in {path.parent} …",
            file=sys.stderr,
        )
        write_datasets(path.parent)
    return pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path)


def load_pokemon() -> pd.DataFrame:
    """The clean Pokémon table (the data set every module starts from)."""
    return load_dataset("pokemon")


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}


def _atomic_write(path: Path, blob: bytes) -> None:
    """Write to a temporary file, then rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(blob)
    os.replace(tmp, path)
