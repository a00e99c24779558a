"""Testing helpers for systems that embed zhibiao (install with ``zhibiao[testing]``).

:mod:`zhibiao.testing.strategies` holds the Hypothesis strategies and is where to import
them from: :func:`~zhibiao.testing.strategies.units`,
:func:`~zhibiao.testing.strategies.quantities`, :func:`~zhibiao.testing.strategies.targets`
and :func:`~zhibiao.testing.strategies.target_texts` (with ``KINDS``),
:func:`~zhibiao.testing.strategies.actuals_for` (actuals that achieve or miss a target,
with ``OUTCOMES``), :func:`~zhibiao.testing.strategies.rulesets` and
:func:`~zhibiao.testing.strategies.actuals_tables` (whole rulesets and their actuals
tables), :func:`~zhibiao.testing.strategies.selfeval_workbooks` (filled 自评表 workbooks
with the rulesets and actuals they render). They are defined in ``target_strategies``,
``actual_strategies`` (drawing on ``actual_numbers``, ``actual_dates`` and
``actual_words``), ``ruleset_strategies`` and ``form_strategies`` (drawing with
``form_render``).
This package imports none of them, so ``import zhibiao.testing`` does not need
Hypothesis. See docs/testing.md.
"""
