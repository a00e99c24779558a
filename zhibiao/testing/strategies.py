"""Hypothesis strategies for 指标值 targets, their texts, actuals and rulesets.

Install with ``pip install 'zhibiao[testing]'``. Every strategy takes keyword-only
arguments, accepts strategies where it accepts values, and checks its arguments
(raising :class:`hypothesis.errors.InvalidArgument` with a clear message).

This module is the public door; the strategies live in modules split along their seams:

- :mod:`zhibiao.testing.target_strategies`: :func:`units`, :func:`quantities`,
  :func:`targets`, :func:`target_texts` and :data:`KINDS`;
- :mod:`zhibiao.testing.actual_strategies`: :func:`actuals_for` and :data:`OUTCOMES`,
  drawing on :mod:`~zhibiao.testing.actual_numbers` (numbers in any scale),
  :mod:`~zhibiao.testing.actual_dates` (dates against deadlines) and
  :mod:`~zhibiao.testing.actual_words` (evaluators' words, grades, blank cells);
- :mod:`zhibiao.testing.ruleset_strategies`: :func:`rulesets`, :func:`actuals_tables`;
- :mod:`zhibiao.testing.form_strategies`: :func:`selfeval_workbooks` (filled 自评表
  workbooks, rendered by :mod:`zhibiao.testing.form_render`).

>>> from hypothesis import given
>>> from zhibiao import parse
>>> from zhibiao.testing.strategies import target_texts
>>> @given(target_texts())
... def test_parses(pair):
...     text, model = pair
...     assert parse(text) == model
>>> test_parses()
"""

from __future__ import annotations

from zhibiao.testing.actual_strategies import OUTCOMES, actuals_for
from zhibiao.testing.actual_words import OutcomeName as OutcomeName
from zhibiao.testing.form_strategies import selfeval_workbooks
from zhibiao.testing.ruleset_strategies import actuals_tables, rulesets
from zhibiao.testing.target_strategies import KINDS, quantities, target_texts, targets, units

__all__ = (
    "KINDS",
    "OUTCOMES",
    "actuals_for",
    "actuals_tables",
    "quantities",
    "rulesets",
    "selfeval_workbooks",
    "target_texts",
    "targets",
    "units",
)
