"""The training pipeline: checked configs, reproducible metrics, artifacts that load
only when they are exactly what was saved, and an experiment log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pokemon_ml.cli import main
from pokemon_ml.features import TARGET
from pokemon_ml.training import (
    STAGES,
    ArtifactError,
    ConfigError,
    TrainingConfig,
    load_artifact,
    load_config,
    read_log,
    run_training,
    train,
)
from pokemon_ml.training.config import ModelConfig
from pokemon_ml.training.stages import load_data, split_data


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The default run, trained once for this module, with its artifact."""
    out = tmp_path_factory.mktemp("artifacts")
    result, folder = train(load_config(), out)
    return result, folder, out


def test_the_default_config_is_valid_and_complete() -> None:
    config = load_config()
    assert config.data.target == TARGET and config.model.kind == "logistic_regression"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('seed = "x"\n', "'seed': Input should be a valid integer"),
        ("[modle]\nkind = 'x'\n", "unknown key 'modle'"),
        ("[model]\nkind = 'svm'\n", "'model.kind'"),
        ("[data]\ntest_share = 0.9\n", "'data.test_share'"),
        ("seed = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_gets_one_line_naming_the_key(tmp_path: Path, text: str, fragment) -> None:
    path = tmp_path / "run.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert fragment in str(raised.value) and "\n" not in str(raised.value)


def test_the_held_out_rows_are_disjoint_and_stratified() -> None:
    config = load_config()
    frame, data_sha256 = load_data(config)
    train_rows, test_rows = split_data(frame, config)
    assert set(train_rows["id"]).isdisjoint(test_rows["id"])
    assert len(test_rows) == round(len(frame) * config.data.test_share)
    shares = train_rows[TARGET].value_counts(normalize=True) - frame[TARGET].value_counts(
        normalize=True
    )
    assert shares.abs().max() < 0.01
    assert len(data_sha256) == 64


def test_the_default_model_beats_the_raw_baseline_on_held_out_rows(trained) -> None:
    result, _, _ = trained
    assert 0.75 < result.metrics["test_accuracy"] < 0.92  # the raw baseline is ≈0.66
    assert abs(result.metrics["cv_accuracy_mean"] - result.metrics["test_accuracy"]) < 0.08


def test_same_config_same_data_same_seed_same_metrics(trained) -> None:
    result, _, _ = trained
    assert run_training(load_config()).metrics == result.metrics
    other_seed = run_training(load_config().model_copy(update={"seed": 7}))
    assert other_seed.metrics != result.metrics


def test_the_artifact_records_everything_and_round_trips(trained) -> None:
    result, folder, _ = trained
    artifact = load_artifact(folder)
    assert artifact.metrics == result.metrics and artifact.config == result.config
    assert artifact.manifest["data_sha256"] == result.data_sha256
    frame, _ = load_data(result.config)
    features = frame.drop(columns=[TARGET])
    assert (artifact.model.predict_proba(features) == result.model.predict_proba(features)).all()


def test_a_changed_model_file_is_refused_before_it_is_read(trained, tmp_path: Path) -> None:
    import shutil

    _, folder, _ = trained
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    blob = bytearray((copy / "model.skops").read_bytes())
    blob[-100] ^= 0xFF
    (copy / "model.skops").write_bytes(bytes(blob))
    with pytest.raises(ArtifactError, match="changed since it was saved"):
        load_artifact(copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(ArtifactError, match="not a complete artifact"):
        load_artifact(copy)


def test_a_model_with_an_untrusted_type_is_refused(tmp_path: Path) -> None:
    import hashlib

    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    from pokemon_ml.training.artifact import save_artifact
    from pokemon_ml.training.stages import TrainingResult

    untrusted = FunctionTransformer(json.loads)  # any function nobody vetted
    result = TrainingResult(untrusted, {}, "0" * 64, TrainingConfig(), 0.0)
    folder = save_artifact(result, tmp_path)
    blob = (folder / "model.skops").read_bytes()
    assert (
        hashlib.sha256(blob).hexdigest()
        == json.loads((folder / "manifest.json").read_text())["model_sha256"]
    )
    assert "json.loads" in sio.get_untrusted_types(data=blob)
    with pytest.raises(ArtifactError, match="types nobody trusted"):
        load_artifact(folder)


def test_each_run_appends_one_record_to_the_experiment_log(trained) -> None:
    result, folder, out = trained
    log = out / "experiments.jsonl"
    with log.open("a") as handle:
        handle.write("{interrupted mid-wri")  # a run killed while writing
    runs = read_log(log)
    assert len(runs) == 1
    run = runs.iloc[0]
    assert run["run_id"] == folder.name and run["data_sha256"] == result.data_sha256
    assert run["metrics.test_accuracy"] == result.metrics["test_accuracy"]
    assert run["params.model.kind"] == "logistic_regression"


def test_other_model_kinds_train_and_load(tmp_path: Path) -> None:
    params = {"n_estimators": 20, "max_depth": 6}
    config = TrainingConfig(model=ModelConfig(kind="random_forest", params=params))
    result, folder = train(config, tmp_path)
    assert load_artifact(folder).metrics == result.metrics


def test_the_train_command_shows_progress_and_metrics(tmp_path: Path, capsys) -> None:
    assert main(["train", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{len(STAGES)}/{len(STAGES)} evaluate" in out and "test_accuracy" in out
    assert len(list(tmp_path.glob("*/model.skops"))) == 1


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("[modle]\n", "unknown key 'modle'"),
        (
            "[model]\nkind='random_forest'\n[model.params]\nC=1.0\n",
            "unexpected keyword argument 'C'",
        ),
    ],
)
def test_the_train_command_rejects_a_bad_run_in_one_line(tmp_path, capsys, text, fragment) -> None:
    path = tmp_path / "run.toml"
    path.write_text(text)
    assert main(["train", "--config", str(path), "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and fragment in err
