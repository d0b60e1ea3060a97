"""One exception tree for problems with the user's own input.

Each error carries a Chinese message, a hint and, where known, the file and location. Bugs are not input
errors: they are left to raise. The CLI prints ``file: message（hint）`` on one line and exits 2.
"""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be used. ``message`` says what is wrong, ``hint`` what to do about it."""

    code = "input"
    message = "无法读取输入"
    hint = ""

    def __init__(self, detail: str = "", *, file: str | None = None, location: str | None = None,
                 hint: str | None = None) -> None:
        self.detail = detail
        self.file = file
        self.location = location
        if hint is not None:
            self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        text = self.message + (f"：{self.detail}" if self.detail else "")
        if self.location:
            text += f"（位置：{self.location}）"
        if self.hint:
            text += f"。{self.hint}"
        return f"{self.file}: {text}" if self.file else text


class EmptyFile(InputError):
    code = "empty"
    message = "文件为空"
    hint = "请检查文件是否完整下载"


class FileTooLarge(InputError):
    code = "too-large"
    message = "文件过大"
    hint = "可用 --max-bytes 调整上限"


class UnsupportedFormat(InputError):
    code = "unsupported-format"
    message = "不支持的文件格式"
    hint = "目前支持纯文本（.txt/.md）和网页（.html）"


class NotYetSupported(UnsupportedFormat):
    code = "not-yet-supported"
    message = "暂不支持此格式"
    hint = "PDF、Word（.doc/.docx/.wps）和 Excel 的读取将在后续版本提供；可先另存为网页或文本"


class UnreadableFile(InputError):
    code = "unreadable"
    message = "文件无法读取"
    hint = "文件可能已损坏或不是文本"


class NoReportFound(InputError):
    code = "no-report"
    message = "文件中没有找到政府信息公开工作年度报告"
    hint = "请确认文件是年度报告本身，而不是通知、目录页或附件说明"


class Pre2019Format(InputError):
    code = "pre-2019"
    message = "这是2019年以前的旧格式年度报告，不支持"
    hint = "gongkai 读取按国办公开办函〔2019〕60号或〔2021〕30号格式编制的报告（2019年度起）"


class BadReportJson(InputError):
    code = "bad-json"
    message = "报告 JSON 不符合 gongkai.annual-report/1 格式"
    hint = "可用 gongkai schema 查看格式"
