"""One check module per exercise notebook and per checkpoint (and helpers beside them).

``m01_exercises``     grades ``exercises/01_data_engineering.py`` (1.1–1.3), with
                      ``m01_schema_issues`` (what the schema reports, by issue kind)
                      and ``m01_type_summary`` (1.3's slow reference and graded tables)
``m01_checkpoint``    grades ``checkpoints/01_new_pokemon_data_drop.py`` (C1)
``m02_*``             Module 2: the core notebook's try-its, the exercises, the checkpoint

Each module registers its checks with ``pokemon_ml.grading.registry.register``;
``pokemon_ml.grading`` imports every module here when the registry is first read.
"""
