"""Optional model backends for the events stage, behind one small protocol.

A backend reads one sentence and names PLOVER events, each with the span of the sentence that
evidences it; the stage keeps an answer only when that evidence occurs in the sentence.

- :class:`FakeBackend` answers from a dict (tests);
- :class:`ChatBackend` asks an OpenAI-compatible chat endpoint (a local llama.cpp / vLLM server)
  over httpx. Configure it with the settings ``events_llm_url`` (base URL, e.g.
  ``http://localhost:8080/v1``; env ``NEWSGRAPH_EVENTS_LLM_URL``), ``events_llm_model`` and
  optionally ``events_llm_key`` (see ``newsgraph config``). Without the URL no backend is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True)
class BackendEvent:
    """One event a backend names: PLOVER type, optional mode, the evidence text."""

    type: str
    mode: str | None
    evidence: str


@runtime_checkable
class EventBackend(Protocol):
    def classify(self, sentence: str, language: str) -> list[BackendEvent]: ...


class FakeBackend:
    """Answers from a dict ``sentence -> [BackendEvent, ...]`` (for tests)."""

    def __init__(self, answers: dict[str, list[BackendEvent]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def classify(self, sentence: str, language: str) -> list[BackendEvent]:
        self.calls.append(sentence)
        return list(self.answers.get(sentence, []))


PROMPT = (
    "Classify the political events in the sentence with PLOVER types ({types}). "
    'Answer only JSON: {{"events": [{{"type": ..., "mode": ... or null, "evidence": '
    '"exact words copied from the sentence"}}]}}; an empty list if there is none.\n'
    "Sentence ({language}): {sentence}"
)


class ChatBackend:
    """An OpenAI-compatible chat completions endpoint (httpx; picklable: no open client)."""

    def __init__(self, url: str, model: str, key: str | None = None, timeout: float = 60.0):
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.key = key
        self.timeout = timeout

    def classify(self, sentence: str, language: str) -> list[BackendEvent]:
        import httpx

        prompt = PROMPT.format(types=", ".join(PLOVER_TYPES), language=language, sentence=sentence)
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [{"role": "user", "content": prompt}],
        }
        response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout)
        response.raise_for_status()
        return parse_answer(response.json()["choices"][0]["message"]["content"])


def parse_answer(content: str) -> list[BackendEvent]:
    """Events from a model's JSON answer; unknown types and malformed items are dropped."""
    start, end = content.find("{"), content.rfind("}")
    try:
        data: Any = json.loads(content[start : end + 1])
    except ValueError:
        return []
    out = []
    for item in data.get("events", []) if isinstance(data, dict) else []:
        kind = str(item.get("type", "")).upper()
        if kind in PLOVER_TYPES and isinstance(item.get("evidence"), str):
            out.append(BackendEvent(kind, item.get("mode") or None, item["evidence"]))
    return out


def backend_from_env() -> EventBackend | None:
    """The backend configured by environment variables, or None (the default, rules only)."""
    from ... import config

    url = config.get("events_llm_url")
    if not url:
        return None
    return ChatBackend(url, config.get("events_llm_model"), config.get("events_llm_key") or None)
