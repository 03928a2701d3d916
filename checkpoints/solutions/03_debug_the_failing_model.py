# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import load_dataset
    from pokemon_ml.features import TARGET, add_scale_free_features
    from pokemon_ml.grading.notebook import exercise_header, live_check
    from pokemon_ml.training.broken import NUMBER_COLUMNS, team_table


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 3 — reference solution

    *Open this after your own attempt* at `checkpoints/03_debug_the_failing_model.py`,
    where the brief is. The check grades behaviour, so your repair may look different
    and still pass.

    The five bugs, in the order the script meets them, and how each was found:

    | id | the line | the symptom that gives it away |
    |---|---|---|
    | `seed_not_honoured` | `random.seed(seed)` seeds Python's `random`; `sample()` and `SGDClassifier` draw from numpy, unseeded | two runs, two reports |
    | `misaligned_labels` | `y_train` comes from the *unshuffled* rows, and `.to_numpy()` drops the index that would have re-aligned it | accuracy near chance (≈ 0.2 for six types) |
    | `fit_on_test` | `features.fit(X_test)`: the scaler's means come from the held-out rows | change only the held-out rows, and the model changes |
    | `target_leak` | `weakness` is looked up *from the type*: a new creature has none until it is typed | fix the labels and accuracy jumps to 1.00 — too good to be true |
    | `wrong_metric` | `average="micro"` is accuracy by another name, reported as `macro_f1` | `macro_f1` always equals `accuracy` |

    The repair builds one `Pipeline` (features, then classifier) and fits it on the
    training rows only, so nothing can learn from the held-out ones; passes
    `random_state=seed` wherever randomness is drawn; takes `X` and `y` from the same
    shuffled frame; and keeps only the columns a new creature has. The suspects that are
    not bugs here: the types are not rare (13–23% each), the numbers are scaled, no
    creature is counted twice, and SGD converges in about fifty passes.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C3")
    return


@app.function
def train_fixed(df: pd.DataFrame, seed: int = 42) -> tuple[Pipeline, dict[str, float]]:
    """The team's training script, repaired.

    Args:
        df: the team's table (``team_table``): creatures, ``weakness`` and ``split``.
        seed: makes the run reproducible; another seed, another run.

    Returns:
        The fitted model (raw rows in, types out) and its ``accuracy`` and ``macro_f1``
        on the rows whose ``split`` is ``"test"``.
    """
    # X and y from the same shuffled frame: they stay row for row together.
    train = df[df["split"] == "train"].sample(frac=1.0, random_state=seed)
    test = df[df["split"] == "test"]
    X_train, y_train = train.drop(columns=[TARGET, "split"]), train[TARGET]
    X_test, y_test = test.drop(columns=[TARGET, "split"]), test[TARGET]

    columns = ColumnTransformer(
        [
            ("numbers", StandardScaler(), NUMBER_COLUMNS),
            # weakness is left out: it is looked up from the answer.
            (
                "text",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ["secondary_type"],
            ),
        ]
    )
    features = Pipeline(
        [("scale_free", FunctionTransformer(add_scale_free_features)), ("columns", columns)]
    )
    classifier = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=seed)
    # One pipeline, fitted on the training rows only: nothing sees the held-out rows.
    model = Pipeline([("features", features), ("classifier", classifier)]).fit(X_train, y_train)

    predicted = model.predict(X_test)
    metrics = {
        "accuracy": float(accuracy_score(y_test, predicted)),
        "macro_f1": float(f1_score(y_test, predicted, average="macro")),
    }
    return model, metrics


@app.cell
def bugs_found():
    BUGS_FOUND = {
        "seed_not_honoured",
        "misaligned_labels",
        "fit_on_test",
        "target_leak",
        "wrong_metric",
    }
    return (BUGS_FOUND,)


@app.cell
def _(BUGS_FOUND):
    live_check("C3", train_fixed, BUGS_FOUND=BUGS_FOUND)
    return


@app.cell
def _():
    _model, _report = train_fixed(team_table(load_dataset("pokemon")))
    mo.md(f"The repaired report on the team's table: `{_report}`")
    return


if __name__ == "__main__":
    app.run()
