"""What a command that failed says: a Chinese message and an exit code, never a traceback.

:func:`zhibiao.cli.main` runs every command through :func:`explain_failure`, so each
command gets the same treatment of what it did not handle itself:

- a file that cannot be read or written (``-o`` into a missing folder, onto a folder,
  onto a full disk): which file, why, how to fix it — exit 2;
- input that is not UTF-8 text — exit 2;
- data zhibiao refuses (:class:`~zhibiao.errors.ZhibiaoError`, a policy that does not
  validate, input nested too deeply) — exit 1;
- anything else is a bug in zhibiao: said so, exit 1.

``--debug`` (or ``ZHIBIAO_DEBUG=1``) prints the traceback as well.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import traceback
from pathlib import Path

from zhibiao.errors import ZhibiaoError

__all__ = ("EXIT_DATA", "EXIT_INTERRUPTED", "EXIT_USAGE", "explain_failure", "os_error_message",
           "release_quietly", "silence_stdout")

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: errno → (why, how to fix) in Chinese.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件或其所在的文件夹不存在", "请检查路径与文件名"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "请写出文件名，如 报告/自评表.xlsx"),
    errno.ENOTDIR: ("路径中的某一级不是文件夹", "请检查路径中每一级的名称"),
    errno.ENOSPC: ("磁盘空间已满", "请清理磁盘空间，或写到另一个磁盘"),
    errno.EDQUOT: ("超出磁盘配额", "请清理空间，或写到另一个位置"),
    errno.EACCES: ("没有权限", "请检查文件与文件夹的权限，或换一个位置"),
    errno.EPERM: ("不允许此操作", "请检查文件与文件夹的权限，或换一个位置"),
    errno.EROFS: ("文件系统只读", "请写到可写的位置"),
    errno.EFBIG: ("文件过大", "请写到另一个磁盘，或减少输出"),
}


def os_error_message(exc: OSError, output: Path | None) -> str:
    """``无法写入 out/x.xlsx：文件或其所在的文件夹不存在。请……``: the file, why, the fix.

    An error without a file name is taken to be the output's (``-o``), or standard
    output when there is none: reading errors always carry the file name.
    """
    name = exc.filename if exc.filename is not None else exc.filename2
    writing = name is None or (output is not None and Path(os.fsdecode(name)) == output)
    if name is None:
        name = output if output is not None else "标准输出"
    why, fix = _OS_REASONS.get(exc.errno or 0, (exc.strerror or type(exc).__name__, ""))
    verb = "无法写入" if writing else "无法读取"
    if exc.errno == errno.ENOENT:
        fix = f"请先创建文件夹 {output.parent}，或换一个已存在的文件夹" \
            if writing and output is not None else "请检查路径与文件名"
    elif exc.errno == errno.EISDIR and not writing:
        fix = "请给出文件，而不是文件夹"
    message = f"{verb} {os.fsdecode(name)}：{why}"
    return f"{message}。{fix}" if fix else message


def explain_failure(exc: Exception, output: Path | None) -> tuple[str, int]:
    """The message (without the ``zhibiao COMMAND:`` prefix) and exit code for ``exc``."""
    if isinstance(exc, OSError):
        return os_error_message(exc, output), EXIT_USAGE
    if isinstance(exc, ZhibiaoError):
        return str(exc), EXIT_DATA
    from pydantic import ValidationError  # loaded by then; not at start-up

    if isinstance(exc, ValidationError):
        from zhibiao.cli.policy_errors import policy_error_lines

        return "\n".join(policy_error_lines(exc)), EXIT_DATA
    if isinstance(exc, UnicodeDecodeError):
        return "输入不是 UTF-8 编码的文本，请另存为 UTF-8（input is not UTF-8）", EXIT_USAGE
    if isinstance(exc, RecursionError):
        return "输入嵌套过深，无法读取（nesting too deep）", EXIT_DATA
    if isinstance(exc, MemoryError):
        return "内存不足，输入过大（out of memory）", EXIT_DATA
    return (f"内部错误（{type(exc).__name__}）：这是 zhibiao 的缺陷，请加 --debug 重新运行，"
            "并把输出与输入一起报告", EXIT_DATA)


def release_quietly(exc: BaseException) -> None:
    """Free what the failed command left open, without the second error that closing it
    raises: an xlsx writer's zip file on a full disk fails again when it is collected,
    and Python would print that ("Exception ignored in ...") with a traceback."""
    hook = sys.unraisablehook
    sys.unraisablehook = _ignore
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _ignore(unraisable: object) -> None:
    """An unraisable-exception hook that says nothing."""


def silence_stdout() -> None:
    """Point standard output at the null device: its buffer could not be written and
    must not fail again when the interpreter exits."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)
