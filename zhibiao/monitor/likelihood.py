"""完成目标可能性: 确定能 / 有可能 / 完全不可能, from what is known at the monitoring date.

- 确定能 — the value to date already meets the target (a deadline met counts), and
  nothing still to come can undo it. An accumulating quantity under a ceiling
  (``≤10万元`` of spending) still grows, so meeting its ceiling today is not yet
  certain: it is 有可能 until the year is over.
- 完全不可能 — no value still to come can meet it: a deadline passed unmet, a ceiling
  on an accumulating quantity already exceeded, or the year over and the target unmet.
- 有可能 — everything else; the row's 偏差 flag says whether the projection falls short.
"""

from __future__ import annotations

from zhibiao.monitor.model import Likelihood

__all__ = ("LIKELIHOOD_WHY", "decide")

#: Why each likelihood was given, as the explanation says it.
LIKELIHOOD_WHY: dict[str, str] = {
    "met": "截至目前已达到目标",
    "met_final": "全年已结束且已达到目标",
    "still_growing": "目前未超过上限，但累计量年内还会增加",
    "year_over": "全年已结束，未达到目标",
    "unreachable": "此后的任何值都不能再达到目标",
    "open": "目前尚未达到目标，年内仍可完成",
}


def decide(*, met_now: bool, reachable: bool, settled: bool,
           year_over: bool) -> tuple[Likelihood, str]:
    """The likelihood and the key of its reason (:data:`LIKELIHOOD_WHY`).

    ``met_now``: the value to date meets the target; ``reachable``: some value still to
    come could meet it; ``settled``: once met, it stays met (false for an accumulating
    quantity under a ceiling); ``year_over``: the date is the last day of the year.

    >>> decide(met_now=False, reachable=True, settled=True, year_over=False)
    (<Likelihood.POSSIBLE: '有可能'>, 'open')
    """
    if year_over:
        return (Likelihood.CERTAIN, "met_final") if met_now else \
            (Likelihood.IMPOSSIBLE, "year_over")
    if met_now:
        return (Likelihood.CERTAIN, "met") if settled else (Likelihood.POSSIBLE, "still_growing")
    if not reachable:
        return Likelihood.IMPOSSIBLE, "unreachable"
    return Likelihood.POSSIBLE, "open"
