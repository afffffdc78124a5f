"""Logging that keeps personal data and forged lines out of the logs (issue 5 §7).

Every line written by `configure` has ID numbers and phone numbers masked (`privacy.mask_text`) and the newlines
of its message escaped, so text from an uploaded file can neither leak into the log nor forge a log line; a
traceback is kept, each of its lines indented so it cannot pass for a record of its own.
"""

from __future__ import annotations

import logging

from scheduler.privacy import mask_text

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SafeFormatter(logging.Formatter):
    """A formatter that masks personal data and escapes newlines in the message."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The record's line, its message masked and on one line."""
        record.message = escape(mask_text(record.message))
        return super().formatMessage(record)

    def formatException(self, ei: object) -> str:
        """The traceback, masked, every line indented."""
        text = mask_text(super().formatException(ei))  # type: ignore[arg-type]
        return "\n".join("    | " + line for line in text.splitlines())

    def formatStack(self, stack_info: str) -> str:
        """A stack, masked, every line indented."""
        return "\n".join("    | " + line for line in mask_text(stack_info).splitlines())


def escape(text: str) -> str:
    """CR and LF (and other line breaks) written as \\r and \\n."""
    return (text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029").replace("\x85", "\\x85"))


def configure(level: int = logging.INFO) -> None:
    """Send every log record to standard error through `SafeFormatter` (the web server, the job processes)."""
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
