"""Testing helpers for systems that embed zhibiao (install with ``zhibiao[testing]``).

:mod:`zhibiao.testing.strategies` holds the Hypothesis strategies: units, quantities,
targets and their texts, actuals that achieve or miss a target, whole rulesets and
their actuals tables. See docs/testing.md.
"""
