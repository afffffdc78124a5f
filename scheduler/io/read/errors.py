"""Errors the reader reports: each carries a stable code and a message in Chinese and English that says the fix."""

from __future__ import annotations


class CellError(ValueError):
    """A cell value that cannot be understood. The reader adds file, sheet, row and column."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


class FileError(Exception):
    """A whole file that cannot be read (wrong type, corrupt, encrypted, empty). Nothing of it is imported."""

    def __init__(self, file: str, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{file}: {message_en}")
        self.file = file
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
