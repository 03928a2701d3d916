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
``quizzes``           the course quizzes Q1, Q2 (banks in ``grading/quiz_banks``)
``e1_*``              course checkpoint 1's churn exam (E1): ``e1_churn`` (the check),
                      ``e1_report``, ``e1_insights``, ``e1_accounts``
``e2_*``              course checkpoint 2's credit exam (E2): ``e2_credit`` (the check),
                      ``e2_experiment``, ``e2_refit``, ``e2_decisions``, ``e2_card``
``capstone``          the capstone's rubric (CAP, /100); its criteria in ``capstone_model``
                      (1–4, with ``capstone_features``, ``capstone_splits``,
                      ``capstone_comparison``, ``capstone_heldout``, ``capstone_populations``), ``capstone_service`` (5–6, with
                      ``capstone_service_corpus``, ``_worker``, ``_page``, ``_browser``)
                      and ``capstone_docs`` (7, with ``capstone_docs_text``)

Each module registers its checks with ``pokemon_ml.grading.registry.register``;
``pokemon_ml.grading`` imports every module here when the registry is first read.
"""
