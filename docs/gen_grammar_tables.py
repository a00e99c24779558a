"""Regenerate the generated tables of docs/grammar.md from the parser itself.

    python docs/gen_grammar_tables.py          # rewrite the tables
    python docs/gen_grammar_tables.py --check  # exit 1 when docs/grammar.md is stale

Every example in the tables is parsed here, so the reference cannot show a notation
the grammar does not read, nor a wrong result.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zhibiao.grammar.contract import target_json
from zhibiao.grammar.parser import parse
from zhibiao.grammar.vocabulary import OPERATORS, default_vocabulary

DOC = Path(__file__).with_name("grammar.md")
BEGIN, END = "<!-- generated: operator-unit table -->", "<!-- end of generated table -->"
BEGIN2, END2 = "<!-- generated: operator words -->", "<!-- end of generated words -->"

UNITS = [("比率 ratio", "95%"), ("千分比", "5‰"), ("金额 money", "1.4亿元"),
         ("计数 counter", "3次"), ("时长 clock", "30分钟"), ("日历 calendar", "12个月"),
         ("工作日 workday", "30个工作日"), ("费率 rate", "4.7万元/人、年"),
         ("周期 period", "每年3次"), ("无单位 none", "30万")]
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠", "~=": "≈"}


def _cell(op: str, example: str) -> str:
    if example.startswith("每年"):
        text = f"每年{SYMBOLS[op]}{example[2:]}"
    else:
        text = f"{SYMBOLS[op]}{example}"
    model = target_json(parse(text))
    return f"`{text}` → `{model['op']} {model['value']} {model['unit'] or '∅'}`"


def operator_unit_table() -> str:
    header = "| 运算符 op | " + " | ".join(name for name, _ in UNITS) + " |"
    lines = [header, "|" + "---|" * (len(UNITS) + 1)]
    for op in OPERATORS:
        lines.append(f"| `{op}` | " + " | ".join(_cell(op, ex) for _, ex in UNITS) + " |")
    return "\n".join(lines)


def operator_words() -> str:
    vocabulary = default_vocabulary()
    lines = ["| op | 符号 symbols | 前置词 before the number | 后置词 after the number |",
             "|---|---|---|---|"]
    for op in OPERATORS:
        words = vocabulary.operator(op)
        lines.append(f"| `{op}` | {' '.join(words.symbols)} | {'、'.join(words.prefix) or '—'} | "
                     f"{'、'.join(words.suffix) or '—'} |")
    return "\n".join(lines)


def render(text: str) -> str:
    for begin, end, body in ((BEGIN, END, operator_unit_table()),
                             (BEGIN2, END2, operator_words())):
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = f"{head}{begin}\n{body}\n{end}{tail}"
    return text


def main() -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        return 0 if fresh == current else 1
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
