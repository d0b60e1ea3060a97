"""One exception tree for problems with the user's own input.

Each error carries a Chinese message, a hint and, where known, the file and location. Bugs are not input
errors: they are left to raise. The CLI prints ``file: message（hint）`` on one line and exits 2.
"""

from __future__ import annotations


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class InputError(Exception):
    """The input cannot be used. ``message`` says what is wrong, ``hint`` what to do about it."""

    code = "input"
    message = "无法读取输入"
    hint = ""

    def __init__(
        self,
        detail: str = "",
        *,
        file: str | None = None,
        location: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.detail = _one_line(detail)  # a library's message may span lines; the CLI prints one per problem
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


class ScannedPdf(InputError):
    code = "scanned-pdf"
    message = "这是扫描件 PDF（页面是图片，没有文字层）"
    hint = "文字识别（OCR）组件未安装时无法读取；也可改用可复制文字的 PDF，或 Word、网页版本"


class EncryptedFile(InputError):
    code = "encrypted"
    message = "文件已加密，需要密码才能打开"
    hint = "请取得未加密的版本，或在阅读器中输入密码后另存为不加密的文件"


class DamagedFile(UnreadableFile):
    code = "damaged"
    message = "文件已损坏"
    hint = "文件可能未下载完整或已被截断；请重新下载原文件"


class LimitExceeded(InputError):
    code = "limit"
    message = "超出读取上限"
    hint = "这不像一份年度报告；如确需读取，可调整读取上限（gongkai.readers.limits.Limits）"


class UnsafeDocument(InputError):
    code = "unsafe"
    message = "文件含有不安全的结构，已拒绝读取"
    hint = "文件可能是恶意构造的；请向发布机关索取原文件"


class NeedsLibreOffice(InputError):
    code = "needs-libreoffice"
    message = "读取此格式需要 LibreOffice"
    hint = "请安装 LibreOffice（如 apt install libreoffice-writer-nogui）后重试，或在 WPS/Word 中另存为 .docx"


class UrlUnreachable(InputError):
    code = "unreachable"
    message = "网址无法访问"
    hint = "请检查网址是否正确、网站是否仍在提供该页面"


class NotAllowedByRobots(UrlUnreachable):
    code = "robots"
    message = "网站的 robots.txt 不允许抓取该网址"
    hint = "请从网站下载该报告后上传"


class NotAColumn(InputError):
    code = "not-a-column"
    message = "该网址不是可识别的年报栏目页"
    hint = "请填写列出各年度报告的栏目页网址（如 /zfxxgk/zfxxgknb/）"
