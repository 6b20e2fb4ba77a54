"""The geoparsing scorer: metrics on a tiny hand-made corpus, and the LGL floor (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import geo

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
LGL = SHARED / "data" / "geo" / "lgl" / "lgl.xml"

#: gold-span (resolution only) accuracy floor on LGL; lower it only consciously, with a reason
LGL_GOLD_ACC161_FLOOR = 0.80

TINY = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <title>Storm</title>
    <text><![CDATA[Storm hits Texas. Officials in Qwzxvtown said Dallas was spared.]]></text>
    <toponyms>
      <toponym><start>11</start><end>16</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name><fcode>ADM1</fcode>
        <lat>31.25044</lat><lon>-99.25061</lon></gaztag></toponym>
      <toponym><start>31</start><end>40</end><phrase>Qwzxvtown</phrase>
        <gaztag geonameid="1"><name>Qwzxvtown</name><fcode>PPL</fcode>
        <lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
      <toponym><start>46</start><end>52</end><phrase>Dallas</phrase>
        <gaztag geonameid="4684888"><name>Dallas</name><fcode>PPL</fcode>
        <lat>32.78306</lat><lon>-96.80667</lon></gaztag></toponym>
      <toponym><start>0</start><end>5</end><phrase>Storm</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_scores_on_a_tiny_corpus(tmp_path: Path) -> None:
    path = tmp_path / "tiny.xml"
    path.write_text(TINY, encoding="utf-8")
    result = geo.run(str(path), "gritta", mode="gold")
    assert result["gold_toponyms"] == 4 and result["gold_with_coordinates"] == 3
    # Texas and Dallas resolve within 161 km; the made-up town is kept without coordinates
    assert result["acc161"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["resolved"] == 2
    assert result["summary"]["recall"] == 1.0


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="gritta"):
        geo.run(str(tmp_path / "x.xml"), "conll")


@pytest.mark.slow
def test_lgl_gold_span_floor() -> None:
    if not LGL.exists():
        pytest.skip("LGL not present")
    result = geo.run(str(LGL), "gritta", mode="gold")
    assert result["acc161"] >= LGL_GOLD_ACC161_FLOOR, result["summary"]
