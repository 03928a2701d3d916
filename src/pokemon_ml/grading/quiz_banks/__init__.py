"""The course quizzes' banks (``course_1.json``, ``course_2.json``) and how maintainers edit them.

The banks hold no answer key in plain text (see ``pokemon_ml.grading.quiz_bank``);
``authoring`` turns a bank into an editable TOML file and back.
"""
