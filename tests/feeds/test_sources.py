from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.feeds import read_sources

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="news"><outline text="A" type="rss" xmlUrl="https://a.example/feed"/>
<outline text="B" type="rss" xmlUrl="https://b.example/atom.xml"/></outline></body></opml>"""


def test_urls_lists_and_opml_in_order_each_once(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\n\nhttps://c.example/rss\n  https://a.example/feed \n")
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML)
    got = read_sources(["https://z.example/f", str(listing), str(opml)])
    assert got == [
        "https://z.example/f",
        "https://c.example/rss",
        "https://a.example/feed",
        "https://b.example/atom.xml",
    ]


def test_a_bad_line_is_named_with_its_number(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://a.example/feed\nftp://nope\n")
    with pytest.raises(InputError, match=r"feeds.txt:2'.*'ftp://nope' is not an http\(s\) URL"):
        read_sources([str(listing)])


def test_neither_url_nor_file_says_what_to_give() -> None:
    with pytest.raises(InputError, match="not a feed URL, a file of feed URLs or an OPML file"):
        read_sources(["example.org/feed"])


def test_opml_without_feeds_and_broken_opml(tmp_path: Path) -> None:
    empty = tmp_path / "e.opml"
    empty.write_text("<opml><body><outline text='x'/></body></opml>")
    with pytest.raises(InputError, match="no outline with an http"):
        read_sources([str(empty)])
    broken = tmp_path / "b.opml"
    broken.write_text("<opml><body>")
    with pytest.raises(InputError, match="not valid OPML"):
        read_sources([str(broken)])
