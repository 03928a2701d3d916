"""Metrics per slice of the data, each with its sample size and a confidence interval.

An overall accuracy averages over everyone; a slice (one generation, one type) can
be much worse and hidden in it. But a slice's accuracy is an estimate from few rows:
a slice of 12 creatures with 9 right could be anywhere from about 47% to 91%. So
every slice here comes with ``n`` and a 95% interval, and ``worst_slice`` only
considers slices with at least ``MIN_SLICE_ROWS`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from pokemon_ml.evaluation.metrics import wilson_interval

__all__ = ["MIN_SLICE_ROWS", "slice_name", "slice_table", "worst_slice"]

MIN_SLICE_ROWS = 30  # fewer rows than this: reported, never called the worst


def slice_name(column: str, value: object) -> str:
    """How a slice is named everywhere in the course: ``"generation=3"``."""
    return f"{column}={value}"


def slice_table(
    data: pd.DataFrame, y_true: Sequence, y_pred: Sequence, by: Iterable[str]
) -> pd.DataFrame:
    """Accuracy, with its 95% Wilson interval, per value of each column in ``by``.

    Sliced by the true label, accuracy is that class's recall.

    Args:
        data: the rows that were predicted (their columns define the slices).
        y_true: the true labels, in ``data``'s row order.
        y_pred: the predictions, in the same order.
        by: columns to slice on (each value of each column is a slice).

    Returns:
        One row per slice: ``slice`` (``"generation=3"``), ``column``, ``value``, ``n``,
        ``correct``, ``accuracy``, ``ci_low``, ``ci_high``; slices of one
        column together, in value order.
    """
    truth, predicted = np.asarray(y_true), np.asarray(y_pred)
    rows = []
    for column in by:
        values = data[column].to_numpy()
        for value in pd.unique(values[pd.notna(values)]).tolist():
            members = values == value
            n, correct = int(members.sum()), int((truth[members] == predicted[members]).sum())
            low, high = wilson_interval(correct, n)
            rows.append(
                {
                    "slice": slice_name(column, value),
                    "column": column,
                    "value": value,
                    "n": n,
                    "correct": correct,
                    "accuracy": correct / n,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    table = pd.DataFrame(rows)
    return table.sort_values(["column", "value"], key=_sortable, kind="stable").reset_index(
        drop=True
    )


def worst_slice(table: pd.DataFrame, min_rows: int = MIN_SLICE_ROWS) -> pd.Series:
    """The slice with the lowest accuracy among those with at least ``min_rows`` rows.

    Ties go to the larger slice (more evidence), then to the first in the table.
    """
    eligible = table[table["n"] >= min_rows]
    if eligible.empty:
        raise ValueError(f"no slice has {min_rows} rows or more")
    ranked = eligible.sort_values(["accuracy", "n"], ascending=[True, False], kind="stable")
    return ranked.iloc[0]


def _sortable(column: pd.Series) -> pd.Series:
    return column.map(lambda v: (str(type(v).__name__), v)) if column.name == "value" else column
