"""Structure-aware fuzzing of the files zhibiao reads: rulesets (TOML, YAML) and actuals
(CSV, XLSX).

An input is a *recipe*: a real file of the repository and a list of edits, written as one
line of text that a person can read and replay (``actuals 2 enc=gbk title=绩效自评表
cell=3,2,=1+1``). Fuzzing the recipe, not the bytes, keeps the mutants close to what
people and other systems really send: an exported file with a title row, a quote that
was never closed, a column twice, GBK or UTF-16, a formula cell, an alias bomb in YAML.

    recipe  := kind " " seed (" " edit)*
    kind    := "actuals" | "ruleset"
    edit    := name ["=" argument]      (arguments are separated by ",")

Unknown or malformed edits are ignored, so any text is a recipe (what coverage-guided
fuzzers need). Each edit says whether it keeps every data row of an actuals file
(``KEEPS_ROWS``): then all the seed's rows must come out again, as rows or as problems.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tomllib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"

#: Edits of an actuals file that leave every data row in it, whole or broken (a quote
#: never closed, a cell too many): each must come out again, as a row or as a problem.
#: Byte edits are not among them (``nul``, ``junk``, ``truncate``, ``part``): they may cut a
#: character in two or break the header, and such a file is refused whole, loudly
#: (exit 2), rather than read row by row.
KEEPS_ROWS = frozenset({"enc", "eol", "title", "blank", "cell", "bom", "xlsx", "pct",
                        "date", "formula", "merge", "sheet2", "space", "dupcol", "quote",
                        "extra", "short"})

#: Texts people and other systems put into cells: formulas, controls, huge numbers.
HOSTILE = ("=1+1", "=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","点我")',
           "+1+1", "-2+3", "@SUM(A1)", "\t1", "\r=1", "1E+999999999", "-0", "NaN", "Infinity",
           "\u202e%59≥", "＝９５％", "95％", "0.965", "43000", "2023-12-15", "2023/12/15",
           "2023-12-15 00:00:00", "基本达到", "4.3万圆", "5萬", "十" * 300, "x" * 5000,
           "\x00", "\ufeff1", '"', "'", "\\", "", " ")


def actuals_seeds() -> list[Path]:
    return [RULESETS / "examples.actuals.csv", *sorted(RULESETS.rglob("*.actuals.csv"))]


def ruleset_seeds() -> list[Path]:
    return sorted(RULESETS.rglob("*.toml"))


@dataclass
class Mutant:
    """A recipe, decoded: which seed, which edits."""

    kind: str
    seed: int
    edits: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def keeps_rows(self) -> bool:
        return all(name in KEEPS_ROWS for name, _ in self.edits)

    def recipe(self) -> str:
        parts = [self.kind, str(self.seed)]
        parts += [name + ("=" + ",".join(args) if args else "") for name, args in self.edits]
        return " ".join(p.replace(" ", "\u00a0") for p in parts)


def decode(recipe: str) -> Mutant:
    """Any text → a mutant (the kind defaults to actuals, the seed to 0)."""
    words = recipe.split(" ")
    kind = "ruleset" if words[0] == "ruleset" else "actuals"
    seed = int(words[1]) if len(words) > 1 and words[1].isascii() and words[1].isdecimal() else 0
    edits = []
    for word in words[2:]:
        name, _, argument = word.replace("\u00a0", " ").partition("=")
        edits.append((name, argument.split(",") if argument else []))
    return Mutant(kind, seed, edits)


def _int(args: list[str], index: int, default: int = 0) -> int:
    try:
        return abs(int(args[index]))
    except (IndexError, ValueError):
        return default


def _arg(args: list[str], index: int) -> str:
    """A text argument: ``~N`` picks a hostile text, anything else is taken as written."""
    text = ",".join(args[index:]) if index < len(args) else ""
    if text.startswith("~") and text[1:].isascii() and text[1:].isdecimal():
        return HOSTILE[int(text[1:]) % len(HOSTILE)]
    return text


# ---- actuals ----------------------------------------------------------------------------

@dataclass
class ActualsFile:
    """What a mutated actuals file is made of, before and after it is written."""

    rows: list[list[str]]
    header_at: int = 0          # index of the header row in ``rows``
    data_rows: int = 0          # data rows written (not blank): each must come out again
    encoding: str = "utf-8"
    eol: str = "\n"
    xlsx: bool = False
    cell_edits: list[tuple[str, list[str]]] = field(default_factory=list)
    byte_edits: list[tuple[str, list[str]]] = field(default_factory=list)


def _table_edit(table: ActualsFile, name: str, args: list[str]) -> None:
    rows = table.rows
    if table.header_at >= len(rows):  # an earlier edit took the header away
        rows.append([""])
        table.header_at = len(rows) - 1
    width = max(1, len(rows[table.header_at]))
    data = range(table.header_at + 1, len(rows))
    pick = (lambda i: data[i % len(data)]) if data else (lambda i: table.header_at)
    if name == "title":
        rows.insert(0, [_arg(args, 0) or "项目支出绩效自评表"] + [""] * (width - 1))
        table.header_at += 1
    elif name == "blank":
        rows.insert(pick(_int(args, 0)) + 1, [])
    elif name == "cell":
        row = rows[pick(_int(args, 0))]
        if row:
            row[_int(args, 1) % len(row)] = _arg(args, 2)
    elif name == "space":  # header words as people type them: spaces, full-width brackets
        rows[table.header_at] = [f" {c}（列）" if c in ("actual", "reason") else f"{c} "
                                 for c in rows[table.header_at]]
    elif name == "dupcol":
        column = _int(args, 0) % width
        for row in rows:
            if len(row) > column:
                row.insert(column, row[column])
    elif name == "dropcol":
        column = _int(args, 0) % width
        for row in rows:
            if len(row) > column:
                del row[column]
    elif name == "extra":
        rows[pick(_int(args, 0))].append(_arg(args, 1) or "多余")
    elif name == "short":
        row = rows[pick(_int(args, 0))]
        if row:
            row.pop()
    elif name == "headerless":
        del rows[table.header_at]
    elif name == "onlyheader":
        del rows[table.header_at + 1:]
    elif name == "enc":
        table.encoding = _arg(args, 0) or "utf-8"
    elif name == "eol":
        table.eol = {"crlf": "\r\n", "cr": "\r", "mixed": "mixed"}.get(_arg(args, 0), "\n")
    elif name == "xlsx":
        table.xlsx = True
    elif name in ("pct", "date", "formula", "merge", "sheet2"):
        table.cell_edits.append((name, args))
    else:
        table.byte_edits.append((name, args))


def _csv_bytes(table: ActualsFile) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table.rows)
    text = out.getvalue()
    for name, args in table.byte_edits:
        if name == "quote":  # a quote never closed in a data row: `1.3.1,"达成预期指标`
            # (in the header it is another case: the file is refused whole, loudly)
            lines = text.split("\n")
            at = table.header_at + 1 + _int(args, 0) % max(1, len(lines) - table.header_at - 2)
            if at < len(lines) and "," in lines[at]:
                lines[at] = lines[at].replace(",", ',"', 1)
            text = "\n".join(lines)
    if table.eol == "mixed":
        lines = text.split("\n")
        text = "".join(line + ("\r\n", "\n", "\r")[n % 3] for n, line in enumerate(lines[:-1]))
    elif table.eol != "\n":
        text = text.replace("\n", table.eol)
    encoding = table.encoding
    try:
        return text.encode(encoding if encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030",
                                                     "utf-16", "utf-16-le", "utf-16-be")
                           else "utf-8")
    except UnicodeEncodeError:
        return text.encode("gb18030") if encoding == "gbk" else text.encode("utf-8")


def _xlsx_bytes(table: ActualsFile) -> bytes:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in table.rows:
        sheet.append(row)
    data = range(table.header_at + 2, len(table.rows) + 1)  # 1-based sheet rows
    merges = [edit for edit in table.cell_edits if edit[0] == "merge"]
    for name, args in [edit for edit in table.cell_edits if edit[0] != "merge"] + merges:
        if not data:
            break
        row = data[_int(args, 0) % len(data)]
        column = _int(args, 1, 3) % max(1, len(table.rows[table.header_at])) + 1
        cell = sheet.cell(row=row, column=column)
        if name == "pct":
            cell.value, cell.number_format = Decimal("0.965"), "0.0%"
        elif name == "date":
            cell.value = datetime(2023, 12, 15)
        elif name == "formula":
            cell.value = "=1+1"  # no cached value: tools other than Excel write these
        elif name == "merge" and row + 1 <= sheet.max_row:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1,
                              end_column=column)
        elif name == "sheet2":
            book.create_sheet("第二页").append(["project", "indicator", "actual"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _byte_edit(data: bytes, name: str, args: list[str]) -> bytes:
    at = _int(args, 0) % (len(data) + 1)
    if name == "truncate":
        return data[:at]
    if name == "nul":
        return data[:at] + b"\x00" + data[at:]
    if name == "bom":  # only where it tells the truth: a UTF-8 BOM on GBK bytes is a lie
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        return b"\xef\xbb\xbf" + data
    if name == "junk":
        return data[:at] + _arg(args, 1).encode("utf-8", "surrogatepass") + data[at:]
    if name == "part":
        return _damage_part(data, args)
    return data


def _damage_part(data: bytes, args: list[str]) -> bytes:
    """``part=N,HOW,AT``: the Nth part of a workbook's zip dropped, emptied, cut at AT,
    a byte at AT changed, or an entity declaration put before it (a file that is no zip
    is left as it is)."""
    try:
        return _rebuilt(zipfile.ZipFile(io.BytesIO(data)), args)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):  # (an earlier byte edit)
        return data


def _rebuilt(source: zipfile.ZipFile, args: list[str]) -> bytes:
    names = source.namelist()
    if not names:
        raise ValueError("an empty zip")
    target = names[_int(args, 0) % len(names)]
    how, at = _arg(args, 1), _int(args, 2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = source.read(name)
            if name == target:
                if how == "drop":
                    continue
                if how == "empty":
                    content = b""
                elif how == "cut":
                    content = content[: at % (len(content) + 1)]
                elif how == "flip" and content:
                    changed = bytearray(content)
                    changed[at % len(changed)] = b'<>"/&=\x00a'[at % 8]
                    content = bytes(changed)
                elif how == "entity":
                    content = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                               b'"file:///etc/hostname">]>' + content)
            archive.writestr(name, content)
    return out.getvalue()


def build_actuals(mutant: Mutant) -> tuple[bytes, str, ActualsFile]:
    """The bytes of a mutated actuals file, its suffix, and what it was made from."""
    seeds = actuals_seeds()
    text = seeds[mutant.seed % len(seeds)].read_text(encoding="utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    table = ActualsFile(rows=rows)
    for name, args in mutant.edits[:12]:
        _table_edit(table, name, args)
    if table.xlsx:  # characters a workbook cannot hold at all (openpyxl refuses them)
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        table.rows = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in r] for r in table.rows]
    table.data_rows = sum(any(c.strip() for c in row) for row in table.rows[table.header_at + 1:])
    if not table.xlsx and any("\x00" in c for row in table.rows for c in row):
        table.data_rows = 0  # a NUL byte: not a text file, refused whole (not counted)
    data = _xlsx_bytes(table) if table.xlsx else _csv_bytes(table)
    for name, args in table.byte_edits:
        if name != "quote":
            data = _byte_edit(data, name, args)
    return data, ".xlsx" if table.xlsx else ".csv", table


# ---- rulesets ---------------------------------------------------------------------------

def _to_yaml(text: str) -> str:
    def plain(value: object) -> object:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(tomllib.loads(text, parse_float=Decimal)), allow_unicode=True,
                          sort_keys=False)


def _alias_bomb(depth: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


def build_ruleset(mutant: Mutant) -> tuple[bytes, str]:
    """The bytes of a mutated ruleset file and its suffix (.toml or .yaml)."""
    seeds = ruleset_seeds()
    text = seeds[mutant.seed % len(seeds)].read_text(encoding="utf-8")
    suffix, encoding, prefix = ".toml", "utf-8", b""
    for name, args in mutant.edits[:12]:
        lines = text.split("\n")
        at = _int(args, 0) % len(lines)
        if name == "yaml" and suffix == ".toml":
            with contextlib.suppress(tomllib.TOMLDecodeError, ValueError, RecursionError):
                text, suffix = _to_yaml(text), ".yaml"
        elif name == "alias":
            if suffix == ".toml":
                try:
                    text = _to_yaml(text)
                except (tomllib.TOMLDecodeError, ValueError, RecursionError):
                    text = ""
            text, suffix = _alias_bomb(min(_int(args, 0, 7), 12)) + text, ".yaml"
        elif name == "dupline":
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        elif name == "del":
            del lines[at]
            text = "\n".join(lines)
        elif name == "line":
            lines[at] = _arg(args, 1)
            text = "\n".join(lines)
        elif name in ("value", "points", "weight"):
            key = "value" if name == "value" else "points"
            spots = [i for i, line in enumerate(lines) if line.startswith(f"{key} =")
                     or line.lstrip().startswith(f"{key}:")]
            if spots:
                i = spots[_int(args, 0) % len(spots)]
                literal = _arg(args, 1)
                written = json.dumps(literal, ensure_ascii=False) if name == "value" else literal
                head = lines[i].split("=" if "=" in lines[i] else ":", 1)[0]
                lines[i] = f"{head}{'=' if suffix == '.toml' else ':'} {written}"
                text = "\n".join(lines)
        elif name == "nest":
            depth = min(_int(args, 0, 1000), 200_000)
            text += ("\nx = " if suffix == ".toml" else "\nx: ") + "[" * depth + "]" * depth
        elif name == "bom":
            prefix = b"\xef\xbb\xbf"
        elif name == "enc":
            encoding = _arg(args, 0) or "utf-8"
        elif name == "crlf":
            text = text.replace("\n", "\r\n")
        elif name == "truncate":
            text = text[:_int(args, 0) % (len(text) + 1)]
    try:
        data = text.encode(encoding if encoding in ("gbk", "utf-16") else "utf-8",
                           "surrogatepass")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return prefix + data, suffix


# ---- seeds for the fuzzers ----------------------------------------------------------------

def seed_recipes() -> Iterator[str]:
    """A recipe for every real file, and one for each edit on its own."""
    for n in range(len(actuals_seeds())):
        yield f"actuals {n}"
    for edit in ("enc=gbk", "enc=utf-16", "eol=mixed", "title", "blank=1", "cell=2,3,~0",
                 "dupcol=2", "dropcol=2", "extra=1", "short=1", "quote=3", "truncate=90",
                 "nul=40", "onlyheader", "headerless", "xlsx merge=1 date=2 pct=3",
                 "xlsx formula=1,2 sheet2", "xlsx title", "xlsx part=0,drop",
                 "xlsx part=3,cut,200", "xlsx part=2,flip,77", "xlsx part=4,entity"):
        yield f"actuals 0 {edit}"
    for n in range(len(ruleset_seeds())):
        yield f"ruleset {n}"
    for edit in ("yaml", "alias=7", "yaml dupline=30", "points=2,nan", "value=1,~11",
                 "nest=5000", "bom", "enc=gbk", "crlf", "truncate=600", "line=3,[[x]"):
        yield f"ruleset 0 {edit}"


_EDITS_ACTUALS = ("enc=gbk", "enc=utf-16", "enc=utf-8-sig", "eol=crlf", "eol=cr", "eol=mixed",
                  "title", "title=~{n}", "blank={n}", "cell={n},{m},~{k}", "cell={n},{m},~{m}",
                  "space", "dupcol={n}", "dropcol={n}", "extra={n},~{k}", "short={n}",
                  "quote={n}", "truncate={big}", "nul={big}", "bom", "junk={big},~{k}",
                  "onlyheader", "headerless", "xlsx", "pct={n},{m}", "date={n},{m}",
                  "formula={n},{m}", "merge={n},{m}", "sheet2", "part={n},drop",
                  "part={n},empty", "part={n},cut,{big}", "part={n},flip,{big}",
                  "part={n},entity")
_EDITS_RULESET = ("yaml", "alias={k}", "dupline={big}", "del={big}", "line={big},~{k}",
                  "value={n},~{k}", "points={n},nan", "points={n},-0", "points={n},1e999999999",
                  "points={n},inf", "nest={big}", "bom", "enc=gbk", "enc=utf-16", "crlf",
                  "truncate={big}")


def recipes() -> object:
    """A Hypothesis strategy of recipes: a real file and up to six edits."""
    from hypothesis import strategies as hs

    def recipe(kind: str, seed: int, edits: list[tuple[str, int, int, int, int]]) -> str:
        words = [kind, str(seed)]
        for template, n, m, k, big in edits:
            words.append(template.format(n=n, m=m, k=k, big=big))
        return " ".join(words)

    numbers = hs.tuples(hs.integers(0, 40), hs.integers(0, 6), hs.integers(0, len(HOSTILE)),
                        hs.integers(0, 3000))

    def kind_recipes(kind: str, templates: tuple[str, ...]) -> object:
        edit = hs.tuples(hs.sampled_from(templates), numbers).map(lambda t: (t[0], *t[1]))
        return hs.builds(recipe, hs.just(kind), hs.integers(0, 40), hs.lists(edit, max_size=6))

    return hs.one_of(kind_recipes("actuals", _EDITS_ACTUALS),
                     kind_recipes("ruleset", _EDITS_RULESET))
