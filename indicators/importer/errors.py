"""Failures that stop an import, with a reason in both languages."""

from __future__ import annotations

from indicators.importer.messages import Msg


class ImportFailure(Exception):
    """The file cannot be imported at all (empty, binary, no table, …).

    ``str(exc)`` is the English one-liner for the command line; ``message("nb")``
    is the Norwegian sentence for the GUI.
    """

    def __init__(self, key: str, **params):
        self.msg = Msg(key, params)
        super().__init__(self.msg.text("en"))

    @property
    def key(self) -> str:
        return self.msg.key

    def message(self, lang: str = "nb") -> str:
        return self.msg.text(lang)

    @classmethod
    def from_limit(cls, exc) -> ImportFailure:
        """Wrap a :class:`geo.input_limits.LimitError` (same sentence in both languages)."""
        return cls("file.limit", en=exc.text("en"), nb=exc.text("nb"))


class ImportCancelled(Exception):
    """The user cancelled a long read; nothing was changed."""
