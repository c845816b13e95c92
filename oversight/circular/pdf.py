"""The circular as PDF: the Word circular converted by LibreOffice, headless.

The fonts the Word file names (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) are not
on a Debian machine; ``fonts.conf`` beside this module maps them to free faces (Noto
Serif CJK SC, AR PL UKai CN, Noto Sans CJK SC) and is handed to LibreOffice as
``FONTCONFIG_FILE``.  Each conversion runs with a profile of its own
(``-env:UserInstallation``), so two at once never share one, and under a time limit.
Without LibreOffice, :class:`PdfUnavailable` says in Chinese how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).resolve().parent / "fonts.conf"
TIMEOUT = 120.0
"""Seconds a conversion may take: a first start of LibreOffice builds its profile (a few
seconds); a circular of a city's 441 units converts well within this."""
INSTALL = "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai"


class PdfUnavailable(RuntimeError):
    """No PDF can be made here: LibreOffice is missing, or it failed or ran out of time.
    The message, in Chinese, says which and what to do."""


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def docx_to_pdf(docx: bytes, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a Word document's bytes."""
    command = soffice()
    if command is None:
        raise PdfUnavailable(
            f"未安装 LibreOffice，无法生成 PDF（Word 和 Excel 文件不受影响）。请由管理员安装：{INSTALL}"
        )
    with tempfile.TemporaryDirectory(prefix="circular-pdf-") as folder:
        work = Path(folder)
        source = work / "circular.docx"
        source.write_bytes(docx)
        arguments = [
            command,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        environment = os.environ | {"FONTCONFIG_FILE": str(FONTS_CONF), "HOME": folder}
        process = subprocess.Popen(
            arguments,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfUnavailable(
                f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换，已中止；请稍后重试。"
            ) from None
        result = work / "circular.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = errors.decode("utf-8", "replace").strip()[-300:]
            raise PdfUnavailable(
                f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{detail or '没有输出'}"
            )
        return result.read_bytes()
