"""The course's data contract, written with pandera.

``POKEMON_SCHEMA`` says what a valid Pokémon table is: which columns, of which
types, in which ranges. Validating *lazily* (``lazy=True``) collects every
failure in one pass instead of stopping at the first, so one run tells you
everything that is wrong with a file.

``ISSUE_KINDS`` is the vocabulary the Module 1 exercises and checkpoint use to
name what is wrong with a table.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors

from pokemon_ml.data.generate import STAT_COLUMNS, TYPES

__all__ = ["ISSUE_KINDS", "POKEMON_SCHEMA", "describe_schema", "validate"]

# The kinds of problem the schema can name, and what each means.
ISSUE_KINDS = {
    "missing_column": "a column the contract requires is absent",
    "unexpected_column": "a column the contract does not know is present",
    "wrong_dtype": "a column holds the wrong type (text in a number column, say)",
    "missing_values": "a required value is empty",
    "duplicate_ids": "the same id appears on more than one row",
    "out_of_range": "a value is impossible (a stat of 0, a height of 300 m)",
    "unknown_category": "a category outside the known set (a misspelt type)",
    "inconsistent_row": "values that contradict each other within one row",
}

# The pandas dtypes ``describe_schema`` tries against each column's rule.
COMMON_DTYPES = (
    "int64",
    "Int64",
    "int64[pyarrow]",
    "float64",
    "Float64",
    "double[pyarrow]",
    "bool",
    "boolean",
    "bool[pyarrow]",
    "str",
    "string[pyarrow]",
    "object",
)

_stat = pa.Column(int, pa.Check.in_range(1, 255))

POKEMON_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column(int, pa.Check.ge(1), unique=True),
        "name": pa.Column(str),
        "primary_type": pa.Column(str, pa.Check.isin(TYPES)),
        "secondary_type": pa.Column(str, pa.Check.isin(TYPES), nullable=True),
        "generation": pa.Column(int, pa.Check.in_range(1, 8)),
        "evolution_stage": pa.Column(int, pa.Check.in_range(1, 3)),
        **{column: _stat for column in STAT_COLUMNS},
        "height_m": pa.Column(float, pa.Check.in_range(0.05, 20.0)),  # metres
        "weight_kg": pa.Column(float, pa.Check.in_range(0.1, 10_000.0)),  # kilograms
        "capture_rate": pa.Column(int, pa.Check.in_range(3, 255)),
        "is_legendary": pa.Column(bool),
    },
    checks=[
        pa.Check(
            lambda df: df["secondary_type"].isna() | (df["secondary_type"] != df["primary_type"]),
            name="secondary_differs_from_primary",
        )
    ],
    strict=True,  # an unknown column is a failure, not silently carried along
    ordered=False,
    name="pokemon",
)


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against the course schema, collecting every failure.

    Args:
        df: a pandas DataFrame in the course's column layout.

    Returns:
        pandera's failure cases (one row per failing value or check), empty when
        ``df`` is valid. Columns: schema_context, column, check, check_number,
        failure_case, index.
    """
    try:
        POKEMON_SCHEMA.validate(df, lazy=True)
    except SchemaErrors as errors:  # lazy: one error that lists every failure
        return errors.failure_cases
    return pd.DataFrame(
        columns=["schema_context", "column", "check", "check_number", "failure_case", "index"]
    )


def describe_schema(schema: pa.DataFrameSchema = POKEMON_SCHEMA) -> pd.DataFrame:
    """The schema's rules as a table a person can read: one row per column,
    and a last row for the rules about the whole table.

    Returns:
        Columns ``column``, ``dtype`` (what the schema demands, named as pandera names
        it in its failure reports, e.g. ``string[pyarrow]``), ``dtypes that pass``
        (the common pandas dtypes the schema accepts for it, e.g. pandas 3's ``str``),
        ``nullable``, ``unique`` and ``checks``.
    """
    return pd.DataFrame(
        [
            {
                "column": name,
                "dtype": str(column.dtype),
                "dtypes that pass": _passing_dtypes(column.dtype),
                "nullable": column.nullable,
                "unique": column.unique,
                "checks": ", ".join(check.error or check.name for check in column.checks) or "—",
            }
            for name, column in schema.columns.items()
        ]
        + [
            {
                "column": "(whole table)",
                "dtype": "—",
                "dtypes that pass": "—",
                "nullable": False,
                "unique": False,
                "checks": ", ".join(
                    ["no other columns (strict)"] * bool(schema.strict)
                    + [check.name for check in schema.checks]
                ),
            }
        ]
    )


def _passing_dtypes(dtype: object) -> str:
    """Which of ``COMMON_DTYPES`` pandera accepts where ``dtype`` is demanded."""
    passing = []
    for name in COMMON_DTYPES:
        try:
            accepted = dtype.check(pandas_engine.Engine.dtype(name))
        except (TypeError, ValueError):  # a dtype this pandas does not have
            continue
        if accepted:
            passing.append("object (text only)" if name == "object" else name)
    return ", ".join(passing)
