"""The course's stack works on this machine: xgboost (the CPU-only build on Linux)
trains, and the package imports without marimo."""

from __future__ import annotations

import subprocess
import sys

import numpy as np


def test_xgboost_trains_a_model() -> None:
    import xgboost

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = xgboost.XGBClassifier(n_estimators=20, max_depth=2, n_jobs=1).fit(X, y)
    assert model.score(X, y) > 0.9


def test_package_runs_without_marimo() -> None:
    code = (
        "import sys; sys.modules['marimo'] = None; "  # any `import marimo` now fails
        "import pokemon_ml, pokemon_ml.grading.progress; pokemon_ml.exercises()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
