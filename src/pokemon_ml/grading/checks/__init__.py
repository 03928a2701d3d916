"""One check module per exercise notebook and per checkpoint (and helpers beside them).

``m01_exercises``     grades ``exercises/01_data_engineering.py`` (1.1–1.3), with
                      ``m01_schema_issues`` (what the schema reports, by issue kind)
                      and ``m01_type_summary`` (1.3's slow reference and graded tables)
``m01_checkpoint``    grades ``checkpoints/01_new_pokemon_data_drop.py`` (C1)
``m02_*``             Module 2: the core notebook's try-its, the exercises, the checkpoint
``m03_*``             Module 3: the same, with the folds, tables, tuning and bug probes
``m04_*``             Module 4: try-its; 4.1 (``m04_exercises``, which also holds the
                      ``disarm`` tripwire), 4.2 ``m04_errors``, 4.3 ``m04_threshold``, C4
``m05_*``             Module 5: try-its; 5.1 (``m05_exercises``), 5.2 ``m05_fast``,
                      5.3 ``m05_drift``, C5 ``m05_checkpoint``

Each module registers its checks with ``pokemon_ml.grading.registry.register``;
``pokemon_ml.grading`` imports every module here when the registry is first read.
"""
