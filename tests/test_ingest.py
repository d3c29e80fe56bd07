"""``python -m dashboard add`` with saved web pages, text files, folders and web addresses: what lands
in seeds/ and seeds/articles.csv, what is refused and why, and that a refused batch changes nothing.

The pages in ``fixtures/pages/`` are invented articles in the shape of saved news pages: menus, cookie
banners, share buttons, related and most-read lists, newsletter promos and footers around the story.
"""

from __future__ import annotations

import csv
import functools
import http.server
import shutil
import threading

import pandas as pd
import pytest

from dashboard.__main__ import main
from dashboard.pipeline.adding import add_articles
from dashboard.pipeline.ingest import decode_html, read_page

from .conftest import FIXTURES, ROOT

PAGES = FIXTURES / "pages"
THREE = ("norway-troops.html", "poland-no-soldiers.html", "italy-article5.html")

# file in seeds/ -> (title, publisher, published, url) as the page states them
METADATA = {
    "norway-troops.txt": (
        "Norway ready to send troops to Ukraine after a ceasefire",
        "North Sea Herald",
        "2025-09-03",
        "https://www.example.com/world/norway-ready-to-send-troops-to-ukraine",
    ),
    "poland-no-soldiers.txt": (
        "Poland will not send soldiers to Ukraine, defence ministry says",
        "Baltic Ledger",
        "2025-08-20",
        "https://news.example.org/europe/poland-will-not-send-soldiers-to-ukraine",
    ),
    "italy-article5.txt": (
        "Italy wants guarantees for Ukraine modelled on NATO\u2019s Article 5",
        "Adriatic Courier",
        "2025-07-15",
        "https://courier.example.net/politics/italy-guarantees-article-5",
    ),
}

# page -> (sentences of the article that must be kept, text of the page around it that must not be)
CONTENT = {
    "norway-troops.html": (
        [
            "Norway is ready to send troops to Ukraine as part of a European reassurance force once a ceasefire is agreed",
            '"Norway will take its share of the burden."',
            "while Denmark has already pledged to train Ukrainian units at home.",
        ],
        [
            "We use cookies",
            "Accept all",
            "Manage preferences",
            "Subscribe for 1 euro",
            "Sign in",
            "Weather forecast",
            "Home",
            "Share on Facebook",
            "Copy link",
            "Ingrid Solheim",
            "morning briefing",
            "Topics:",
            "Read more",
            "Fishing quota talks",
            "Oil fund posts record quarter",
            "Contact the newsroom",
            "Privacy policy",
            "All rights reserved",
            "dataLayer",
        ],
    ),
    "poland-no-soldiers.html": (
        [
            "Poland will not send its soldiers to Ukraine after the war ends",
            "Instead, Poland offered to serve as the logistics hub for any multinational force",
            "saying guarantees should rest first on a strong Ukrainian army.",
        ],
        [
            "Your privacy matters",
            "312 partners",
            "I agree",
            "E-paper",
            "Jobs board",
            "Crosswords",
            "Follow us on",
            "Most read",
            "Opera season opens",
            "Zloty steadies",
            "Advertisement",
            "Imprint",
            "Cookie settings",
            "Reproduction without permission",
            "schema.org",
        ],
    ),
    "italy-article5.html": (
        [
            "Italy will not send troops to Ukraine, but it wants the country protected by guarantees modelled on NATO\u2019s Article 5",
            "\u201cSending Italian soldiers is not on the table,\u201d he said.",
            "talks at the \u00c9lys\u00e9e in Paris",
            "at \u20ac1.2 billion.",
        ],
        [
            "Classifieds",
            "Travel & food",
            "Calcio",
            "third-party cookies",
            "More information",
            "Also on Adriatic Courier",
            "Dalmatian coast",
            "goalless draw",
            "VAT no.",
            "Write to the editors",
        ],
    ),
}


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A copy of the project's seeds/, with data/ and the reviews pointed into ``tmp_path``."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in (ROOT / "seeds").iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    monkeypatch.setenv("DASHBOARD_SEEDS_DIR", str(folder))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DASHBOARD_REVIEWS", str(tmp_path / "reviews.csv"))
    return folder


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def metadata_rows(folder):
    with open(folder / "articles.csv", encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def page_copy(tmp_path, name, new_name, *replacements):
    """A copy of a fixture page under another name, with (old, new) text replacements."""
    text = (PAGES / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / new_name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(CONTENT))
def test_ingest001_a_page_keeps_the_article_and_drops_what_surrounds_it(name):
    page = read_page((PAGES / name).read_bytes(), name)
    kept, dropped = CONTENT[name]
    for sentence in kept:
        assert sentence in page.text
    assert [b for b in dropped if b in page.text] == []
    title, publisher, published, url = METADATA[name.replace(".html", ".txt")]
    assert (page.title, page.publisher, page.published.isoformat(), page.url) == (title, publisher, published, url)
    assert page.text.startswith(title + "\n\n") and page.text.endswith(".\n") and "\n\n\n" not in page.text


def test_ingest002_three_saved_pages_in_one_command(seeds, capsys):
    before = metadata_rows(seeds)
    assert main(["add", *(str(PAGES / n) for n in THREE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "added 3 of 3 files, refused 0" in out.splitlines()
    assert out.splitlines()[-1].startswith("built 5 articles:")
    rows = metadata_rows(seeds)
    assert list(rows)[: len(before)] == list(before) and all(rows[f] == before[f] for f in before)
    for file, (title, publisher, published, url) in METADATA.items():
        row = rows[file]
        assert (row["title"], row["publisher"], row["published"], row["url"]) == (title, publisher, published, url)
    for name in THREE:
        text = (seeds / name.replace(".html", ".txt")).read_text(encoding="utf-8")
        kept, dropped = CONTENT[name]
        assert all(s in text for s in kept) and [b for b in dropped if b in text] == []
        assert (seeds / name).read_bytes() == (PAGES / name).read_bytes()
    claims = pd.read_csv(seeds.parent / "data" / "claims.csv")
    triples = set(zip(claims.article_id, claims.actor, claims.topic, claims.stance))
    assert {
        ("norway-troops", "Norway", "ground_troops", "supports"),
        ("poland-no-soldiers", "Poland", "ground_troops", "opposes"),
        ("italy-article5", "Italy", "ground_troops", "opposes"),
    } <= triples
    articles = pd.read_csv(seeds.parent / "data" / "articles.csv", dtype=str).set_index("article_id")
    assert articles.loc["italy-article5", "publisher"] == "Adriatic Courier"


def test_ingest003_the_same_address_or_text_is_refused_and_seeds_unchanged(seeds, tmp_path, capsys):
    add_articles([str(PAGES / "norway-troops.html")], seeds)
    before = snapshot(seeds)

    amp = PAGES / "norway-troops-amp.html"
    assert main(["add", str(amp)]) == 2
    assert capsys.readouterr().err == (
        f"error: {amp}: the same address (https://www.example.com/world/norway-ready-to-send-troops-to-ukraine/) "
        f'is already in {seeds} as "norway-troops.txt"\n'
    )
    assert snapshot(seeds) == before

    moved = page_copy(
        tmp_path,
        "norway-troops.html",
        "norway-moved.html",
        ("/world/norway-ready-to-send-troops-to-ukraine", "/europe/norway-troops"),
    )
    assert main(["add", str(moved)]) == 2
    assert capsys.readouterr().err == f'error: {moved}: the same text is already in {seeds} as "norway-troops.txt"\n'

    reflowed = tmp_path / "norway-pasted.txt"
    reflowed.write_text((seeds / "norway-troops.txt").read_text(encoding="utf-8").replace("\n\n", "\n").replace(", ", ",  "))
    assert main(["add", str(reflowed), "--publisher", "Wire", "--published", "2025-09-03"]) == 2
    assert capsys.readouterr().err == f'error: {reflowed}: the same text is already in {seeds} as "norway-troops.txt"\n'
    assert snapshot(seeds) == before


def test_ingest004_two_pages_of_one_story_in_a_batch(seeds, tmp_path, capsys):
    before = snapshot(seeds)
    first = PAGES / "poland-no-soldiers.html"
    updated = page_copy(tmp_path, "poland-no-soldiers.html", "poland-updated.html", ("on Wednesday", "on Wednesday morning"))
    assert main(["add", str(first), str(updated)]) == 2
    assert capsys.readouterr().err == (
        "error: nothing added: 1 of 2 refused (--keep-going adds the others)\n"
        f"  {updated}: the same address (https://news.example.org/europe/poland-will-not-send-soldiers-to-ukraine) "
        f'is already in this batch as "poland-no-soldiers.txt" (from {first})\n'
    )
    assert snapshot(seeds) == before


def test_ingest005_one_bad_file_stops_a_batch_unless_keep_going(seeds, tmp_path, capsys):
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in ("norway-troops.html", "poland-no-soldiers.html"):
        shutil.copyfile(PAGES / name, folder / name)
    whole = (PAGES / "italy-article5.html").read_bytes()
    (folder / "italy-cut.html").write_bytes(whole[: len(whole) // 2])
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff binary")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    before = snapshot(seeds)

    assert main(["add", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: nothing added: 2 of 4 refused (--keep-going adds the others)\n"
        f"  {folder / 'italy-cut.html'}: page is cut short (it never closes </body> or </html>); save or download it again\n"
        f"  {folder / 'scan.txt'}: article is binary (it contains NUL bytes); save it as UTF-8 text\n"
    )
    assert snapshot(seeds) == before

    assert main(["add", str(folder), "--keep-going"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"refused: {folder / 'italy-cut.html'}: page is cut short (it never closes </body> or </html>); save or download it again",
        f"refused: {folder / 'scan.txt'}: article is binary (it contains NUL bytes); save it as UTF-8 text",
    ]
    assert "added 2 of 4 files, refused 2" in out.splitlines()
    added = set(snapshot(seeds)) - set(before)
    assert added == {"norway-troops.txt", "norway-troops.html", "poland-no-soldiers.txt", "poland-no-soldiers.html"}
    assert set(metadata_rows(seeds)) == set(metadata_rows(ROOT / "seeds")) | {"norway-troops.txt", "poland-no-soldiers.txt"}
    built = pd.read_csv(seeds.parent / "data" / "articles.csv")
    assert set(built.article_id) >= {"norway-troops", "poland-no-soldiers"}


def test_ingest006_a_page_without_a_date_or_publisher_is_named(seeds, tmp_path, capsys):
    before = snapshot(seeds)
    undated = PAGES / "no-date.html"
    assert main(["add", str(undated)]) == 2
    assert (
        capsys.readouterr().err == f"error: {undated}: the page states no publication date; give it with --published YYYY-MM-DD\n"
    )
    anonymous = page_copy(
        tmp_path, "no-date.html", "anonymous.html", ('<meta property="og:site_name" content="Iberian Times">\n', "")
    )
    assert main(["add", str(anonymous), "--published", "2025-09-10"]) == 2
    assert capsys.readouterr().err == f"error: {anonymous}: the page does not name its publisher; give it with --publisher\n"
    assert snapshot(seeds) == before

    add_articles([str(anonymous)], seeds, publisher="Iberian Times", published="2025-09-10", title="Spain and the force")
    row = metadata_rows(seeds)["anonymous.txt"]
    assert (row["title"], row["publisher"], row["published"], row["url"]) == (
        "Spain and the force",
        "Iberian Times",
        "2025-09-10",
        "https://iberian.example.com/news/spain-weighs-role-in-ukraine-force",
    )
    add_articles([str(PAGES / "norway-troops.html")], seeds, publisher="NRK", published="2025-09-04")
    row = metadata_rows(seeds)["norway-troops.txt"]
    assert (row["publisher"], row["published"], row["title"]) == ("NRK", "2025-09-04", METADATA["norway-troops.txt"][0])


def test_ingest007_pages_without_an_article_and_text_that_is_not_utf8(seeds, tmp_path, capsys):
    before = snapshot(seeds)
    wall = PAGES / "no-article.html"
    assert main(["add", str(wall)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {wall}: no article text found in the page (0 words of running text;")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Italy rules out troops\n\nItaly has ruled out sending troops to the Ukrainian caf\u00e9s.\n".encode("latin-1")
    )
    assert main(["add", str(latin), "--publisher", "Wire", "--published", "2025-01-02"]) == 2
    assert capsys.readouterr().err == (
        f"error: {latin}, line 3: article is not UTF-8 (byte 0xe9 at offset 79); re-save it as UTF-8\n"
    )
    assert (
        main(["add", str(PAGES / "norway-troops.html"), str(PAGES / "poland-no-soldiers.html"), "--url", "https://x.org/a"]) == 2
    )
    assert capsys.readouterr().err == (
        "error: --url: is the address of one article, and 2 are being added; add them one at a time\n"
    )
    assert snapshot(seeds) == before


def test_ingest008_html_is_decoded_by_its_declared_charset():
    italy = (PAGES / "italy-article5.html").read_bytes()
    assert "\u00c9lys\u00e9e" in decode_html(italy, "p") and "\u20ac1.2" in decode_html(italy, "p")
    utf8 = italy.decode("cp1252").encode("utf-8")
    assert decode_html(b"\xef\xbb\xbf" + utf8, "p").startswith("<!DOCTYPE")  # the mark wins over the meta tag
    assert "\u00c9lys\u00e9e" in decode_html(utf8, "p")  # bytes that do not fit the declared charset
    slip = decode_html(utf8.replace(b"Rome,", b"Rome\x92,").replace(b"windows-1252", b"utf-8"), "p")
    assert "Rome\ufffd," in slip and "\u00c9lys\u00e9e" in slip  # one bad byte in a UTF-8 page
    utf16 = "\ufeff<html><body><p>\u00c9lys\u00e9e</p></body></html>".encode("utf-16-le")
    assert decode_html(utf16, "p") == "<html><body><p>\u00c9lys\u00e9e</p></body></html>"
    undeclared = italy.replace(b' content="text/html; charset=windows-1252"', b"")
    assert "\u00c9lys\u00e9e" in decode_html(undeclared, "p")
    assert "\u00c9lys\u00e9e" in decode_html(italy.replace(b"charset=windows-1252", b"charset=no-such"), "p")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served():
    """The fixture pages on a loopback web server: yields its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_ingest009_a_web_address_is_fetched_and_read_as_a_page(seeds, served, capsys, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    address = f"{served}/italy-article5.html"
    assert main(["add", address]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f'added seeds/italy-article5.txt "{METADATA["italy-article5.txt"][0]}" (Adriatic Courier, 2025-07-15) from {address}'
    )
    row = metadata_rows(seeds)["italy-article5.txt"]
    assert (row["title"], row["publisher"], row["published"], row["url"]) == METADATA["italy-article5.txt"]
    assert (seeds / "italy-article5.html").read_bytes() == (PAGES / "italy-article5.html").read_bytes()
    assert "\u00c9lys\u00e9e" in (seeds / "italy-article5.txt").read_text(encoding="utf-8")

    missing = f"{served}/gone.html"
    assert main(["add", missing]) == 2
    assert capsys.readouterr().err == f"error: {missing}: the server answered 404 File not found\n"


def test_ingest010_add_help_says_what_it_does(capsys):
    with pytest.raises(SystemExit) as done:
        main(["add", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for part in ("--publisher", "--published", "--url", "--title", "--keep-going", "python -m dashboard add ", "exit codes"):
        assert part in text
