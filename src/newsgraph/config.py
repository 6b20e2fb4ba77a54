"""Settings: each has a name, a default and help; packaged defaults, then a user file, then env.

Order of precedence (last wins): the defaults below, the TOML file named by ``NEWSGRAPH_CONFIG``
(default ``~/.config/newsgraph/config.toml``), then ``NEWSGRAPH_<NAME>`` environment variables.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NewsgraphError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "NEWSGRAPH_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "newsgraph.duckdb", "DuckDB store file used by ingest, export and stats."),
    Setting(
        "cache",
        "",
        "Folder for built indexes (the gazetteer); empty = $XDG_CACHE_HOME/newsgraph or "
        "~/.cache/newsgraph.",
    ),
    Setting("batch_size", 16, "Articles per pipeline batch."),
    Setting(
        "max_chars",
        1_000_000,
        "Characters analysed per article; a longer text is cut at the last paragraph or "
        "sentence break before it, with a warning on the record.",
    ),
    Setting(
        "time_budget",
        300.0,
        "Seconds one stage may spend on one article before it is stopped and the error "
        "recorded on that article (0 = no limit; enforced in the main thread).",
    ),
    Setting(
        "ner_models",
        "",
        "NER model per language overriding resources/models/ner.json, as 'lang=model,...'; a model "
        "is a spaCy pipeline folder or package, 'transformers:<folder or hub id>' or "
        "'e5:<folder>'.",
    ),
    Setting(
        "ner_tier",
        "fast",
        "NER tier: 'fast' (spaCy CNN models) or 'accurate' (the fine-tuned e5 transformer where "
        "a language has one, German; needs the 'accurate' extra; about 6x slower).",
    ),
    Setting(
        "events_llm_url",
        "",
        "Base URL of an OpenAI-compatible endpoint that also classifies event sentences "
        "(answers kept only when grounded in a cited span); empty = rules only.",
    ),
    Setting("events_llm_model", "default", "Model name sent to the events LLM endpoint."),
    Setting("events_llm_key", "", "API key for the events LLM endpoint, if it needs one."),
    Setting("watch_interval", 900.0, "Seconds between two polls of `newsgraph watch`."),
    Setting(
        "user_agent",
        "newsgraph/0.1 (feed monitor; +https://pypi.org/project/newsgraph/)",
        "User-Agent header of every feed, page and robots.txt request; robots.txt rules for "
        "this agent are obeyed.",
    ),
    Setting("fetch_timeout", 20.0, "Seconds to connect, and between two reads, per request."),
    Setting("fetch_workers", 8, "Requests in flight at once over all hosts (watch)."),
    Setting("host_concurrency", 2, "Requests in flight at once to one host."),
    Setting(
        "host_delay",
        1.0,
        "Minimum seconds between the starts of two requests to one host (a robots.txt "
        "Crawl-delay, when longer, wins).",
    ),
    Setting("max_page_bytes", 5_000_000, "Largest feed or page body read; larger ones fail."),
    Setting("max_redirects", 5, "Redirects followed per request; more is reported as a loop."),
    Setting(
        "fetch_retries",
        2,
        "Retries of one request after a timeout, HTTP 429 or 5xx (exponential backoff).",
    ),
    Setting("retry_backoff", 1.0, "Seconds before the first retry; doubled for each next one."),
    Setting(
        "max_retry_wait",
        60.0,
        "Longest wait before a retry; a longer Retry-After makes the request fail this poll.",
    ),
    Setting(
        "item_attempts",
        3,
        "Polls on which a failing feed item is tried before it is marked dead.",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}
_OVERRIDES: dict[str, Any] = {}  # set from command-line options; win over everything else


def config_file() -> Path:
    return Path(
        os.environ.get("NEWSGRAPH_CONFIG", Path.home() / ".config" / "newsgraph" / "config.toml")
    )


def _file_values() -> dict[str, Any]:
    path = config_file()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NewsgraphError(f"cannot read config file '{path}': {exc}; fix or remove it") from exc
    unknown = sorted(set(data) - set(_BY_NAME))
    if unknown:
        raise NewsgraphError(
            f"config file '{path}' has unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(_BY_NAME)}"
        )
    return data


def get(name: str) -> Any:
    """The value of one setting after defaults, the user file and the environment."""
    setting = _BY_NAME[name]
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    value = _file_values().get(name, setting.default)
    raw = os.environ.get(setting.env)
    if raw is not None:
        value = type(setting.default)(raw) if not isinstance(setting.default, str) else raw
    return value


def override(name: str, value: Any) -> None:
    """Set ``name`` for this process (a command-line option); ``None`` removes the override."""
    if name not in _BY_NAME:
        raise NewsgraphError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
    if value is None:
        _OVERRIDES.pop(name, None)
    else:
        _OVERRIDES[name] = value


def as_dict() -> dict[str, Any]:
    return {s.name: get(s.name) for s in SETTINGS}
