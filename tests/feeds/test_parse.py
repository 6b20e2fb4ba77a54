from __future__ import annotations

import pytest

from newsgraph.errors import InputError
from newsgraph.feeds import parse_feed

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://h.example/"><title>RDF</title><link>http://h.example/</link>
<description>d</description></channel>
<item rdf:about="http://h.example/1"><title>One</title><link>http://h.example/1</link>
<dc:date>2021-05-06T07:08:09Z</dc:date></item></rdf:RDF>"""

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://h.example/</link><description>d</description>
<item><title>A</title><link>a.html</link></item></channel></rss>"""


def test_rdf_and_rss091_items() -> None:
    rdf = parse_feed(RDF, "http://h.example/index.rdf")
    assert rdf.title == "RDF"
    assert [(i.url, i.published) for i in rdf.items] == [
        ("http://h.example/1", "2021-05-06T07:08:09+00:00")
    ]
    old = parse_feed(RSS091, "http://h.example/news/feed.xml")
    assert [i.url for i in old.items] == ["http://h.example/news/a.html"]  # relative link


def test_atom_guid_and_relative_link() -> None:
    from newsgraph.feeds.testserver import atom

    feed = parse_feed(atom("A", [("T", "../x/1.html", "2024-01-02T03:04:05Z")]), "http://h/f/a")
    (item,) = feed.items
    assert item.url == "http://h/x/1.html"
    assert item.guid == "tag:fixture,2024:../x/1.html"
    assert item.published == "2024-01-02T03:04:05+00:00"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>a page</body></html>", "no RSS, Atom or RDF feed in it"),
        (b"<?xml version='1.0'?><rss><channel><titl", "unreadable feed"),
    ],
)
def test_not_a_feed_names_the_url_and_reason(body: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=f"cannot read 'http://h/f': {reason}"):
        parse_feed(body, "http://h/f")
