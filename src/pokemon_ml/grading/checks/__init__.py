"""One check module per exercise notebook and per checkpoint.

``m01_exercises`` grades ``exercises/01_data_engineering.py`` (1.1–1.3),
``m01_checkpoint`` grades ``checkpoints/01_new_pokemon_data_drop.py`` (C1).
Each module registers its checks with ``pokemon_ml.grading.registry.register``;
``pokemon_ml.grading`` imports every module here when the registry is first read.
"""
