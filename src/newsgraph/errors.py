"""One exception tree; every message says what failed, on which input, and what to do."""

from __future__ import annotations


def describe(exc: BaseException, limit: int = 200) -> str:
    """``TypeName: first line of the message`` (at most ``limit`` characters of it): one line
    for a report that must not carry a traceback."""
    detail = (str(exc).splitlines() or [""])[0][:limit]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input could not be read or parsed; the message names the input."""

    def __init__(
        self, source: str, reason: str, hint: str | None = None, kind: str = "unreadable"
    ) -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        self.kind = kind  # a short class for run summaries: empty, decode, html, gzip ...
        message = f"cannot read {source!r}: {reason}"
        if hint:
            message += f"; {hint}"
        super().__init__(message)


class PipelineError(NewsgraphError):
    """The stage list is wrong (unknown stage, a requirement nothing produces)."""


class StoreError(NewsgraphError):
    """The store could not be opened, migrated or written."""


class MissingDependency(NewsgraphError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"this feature needs the package {package!r}: pip install 'newsgraph[{extra}]'"
        )


class FetchError(NewsgraphError):
    """A feed or page could not be fetched (HTTP error, timeout, too large, robots.txt)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot fetch {url!r}: {reason}")


class NotAnArticle(FetchError):
    """A page was fetched but is not an article to analyse (not HTML): skipped, not failed."""
