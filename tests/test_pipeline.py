from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsgraph.doc import Doc
from newsgraph.errors import PipelineError
from newsgraph.pipeline import Pipeline, available_stages, default_stages


class Upper:
    name = "upper"
    requires = ("text", "sentences")
    produces = ("upper",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            if "boom" in doc.text:
                raise RuntimeError("cannot shout")
            doc.extras["upper"] = doc.text.upper()


def make(text: str, i: int = 0) -> Doc:
    return Doc(id=str(i), text=text, language="en")


def test_requirements_are_checked_before_running() -> None:
    with pytest.raises(PipelineError, match="stage 'upper' requires sentences"):
        Pipeline([Upper()])


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'nope'; known stages: sentences"):
        Pipeline(["nope"])


def test_failure_on_one_article_is_recorded_and_batch_goes_on() -> None:
    pipe = Pipeline(["sentences", Upper()])
    docs = pipe.run([make("fine one.", 1), make("boom here.", 2), make("fine two.", 3)])
    assert [d.extras.get("upper") for d in docs] == ["FINE ONE.", None, "FINE TWO."]
    assert docs[1].errors == ["upper: RuntimeError: cannot shout"]
    assert docs[0].errors == [] and docs[2].errors == []


def test_pipe_streams_in_batches() -> None:
    seen: list[int] = []
    pipe = Pipeline(["sentences"], batch_size=2)
    stream = (make(f"Sentence {i}. Another.", i) for i in range(5))
    out = list(pipe.pipe(stream, lambda batch: seen.append(len(batch))))
    assert seen == [2, 2, 1]
    assert all(len(d.sentences) == 2 for d in out)


def test_default_stage_list_is_the_stages_in_this_build() -> None:
    assert default_stages() == available_stages()
    assert default_stages()[0] == "sentences"
    assert Pipeline().names == default_stages()


def test_sentence_spans_are_trimmed_and_split_on_blank_lines() -> None:
    text = "HEADLINE WITHOUT STOP\n\n  First sentence. Second one!\n"
    [doc] = Pipeline(["sentences"]).run([make(text)])
    assert [text[s:e] for s, e in doc.sentences] == [
        "HEADLINE WITHOUT STOP",
        "First sentence.",
        "Second one!",
    ]
