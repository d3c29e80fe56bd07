"""Reading article texts and their metadata (``seeds/articles.csv``), with errors that name
the file, the line and the fix. Used by the build and the ``extract``/``add`` commands."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import InputError
from dashboard.schema import ISO_DAY, Articles

MAX_ARTICLE_BYTES = 5_000_000
MAX_LINE_CHARS = 100_000  # a paragraph of news copy is a few thousand characters at most
_HTML_MARKERS = ("<!doctype html", "<html", "<head>", "<body")
# a saved page fragment without <html>: many tags early on (an article may quote a tag or two)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|meta|link|script|img|section|article|h[1-6])\b[^<>]{0,300}>", re.IGNORECASE)
_HTML_TAGS_MAX = 10


@dataclass(frozen=True)
class ArticleMeta:
    article_id: str
    file: str
    title: str
    publisher: str
    published: dt.date
    url: str


def parse_date(value: str, path: str, line: int | None, column: str = "published") -> dt.date:
    """A YYYY-MM-DD date, or an InputError naming file, line and column."""
    text = (value or "").strip()
    if not text:
        raise InputError(path, f"{column} is missing (expected YYYY-MM-DD)", line)
    if not ISO_DAY.fullmatch(text):
        raise InputError(path, f'{column} "{text}" is not YYYY-MM-DD', line)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(path, f'{column} "{text}" is not a real date', line) from None


def decode_article(raw: bytes, path: str) -> str:
    """Article bytes -> text; rejects empty, binary, non-UTF-8, HTML and oversized files.

    Windows line endings are read as they are: offsets stay those of the file's text."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(path, f"article is {len(raw):,} bytes, more than the {MAX_ARTICLE_BYTES:,} allowed; split it or trim it")
    if b"\x00" in raw:
        raise InputError(path, "article is binary (it contains NUL bytes); save it as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            path, f"article is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); re-save it as UTF-8", line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(path, "article is empty")
    head = text[:500].lstrip().lower()
    if any(head.startswith(m) for m in _HTML_MARKERS) or len(_HTML_TAG.findall(text[:5000])) >= _HTML_TAGS_MAX:
        raise InputError(path, "article is an HTML page, not text; paste the article's text instead", 1)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                path,
                f"line is {len(line):,} characters long, more than the {MAX_LINE_CHARS:,} allowed "
                "(is this a data file or a page's source?); break it into paragraphs",
                number,
            )
    return text


def read_article(path: Path) -> str:
    try:
        size = Path(path).stat().st_size
        if size > MAX_ARTICLE_BYTES:  # said before reading it
            raise InputError(
                str(path), f"article is {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} allowed; split it or trim it"
            )
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "article file does not exist") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not an article file") from None
    return decode_article(raw, str(path))


def read_metadata(path: Path, folder: Path) -> list[ArticleMeta]:
    """Rows of ``articles.csv``; each must name an existing file once, a publisher and a date."""
    label = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(label, "the metadata file is missing") from None
    except UnicodeDecodeError:
        raise InputError(label, "the metadata file is not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in Articles.METADATA_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(label, f"missing column(s) {', '.join(missing)} (expected {', '.join(Articles.METADATA_COLUMNS)})", 1)
    metas, seen, ids = [], {}, {}
    for row in reader:
        line = reader.line_num
        file = (row.get("file") or "").strip()
        if not file:
            raise InputError(label, "file is empty", line)
        if "/" in file or "\\" in file or file.startswith("."):
            raise InputError(label, f'file "{file}" must be a plain file name inside {folder}', line)
        if file in seen:
            raise InputError(label, f'duplicate article "{file}" (also on line {seen[file]})', line)
        seen[file] = line
        article_id = Path(file).stem
        if article_id in ids:
            raise InputError(
                label,
                f'"{file}" has the same id "{article_id}" as "{ids[article_id][0]}" on line {ids[article_id][1]}; rename one',
                line,
            )
        ids[article_id] = (file, line)
        if not (folder / file).is_file():
            raise InputError(label, f'metadata for a missing file: "{file}" is not in {folder}', line)
        publisher = (row.get("publisher") or "").strip()
        if not publisher:
            raise InputError(label, "publisher is empty", line)
        published = parse_date(row.get("published", ""), label, line)
        if published > dt.date.today():
            raise InputError(label, f'published "{published}" is in the future', line)
        url = check_url((row.get("url") or "").strip(), label, line)
        metas.append(ArticleMeta(article_id, file, (row.get("title") or "").strip(), publisher, published, url))
    return metas


def check_url(url: str, path: str, line: int | None) -> str:
    """An article's address: empty, or a web address (no ``javascript:`` or ``data:`` links)."""
    if url and not url.lower().startswith(("https://", "http://")):
        raise InputError(path, f'url "{url[:80]}" must start with https:// or http://', line)
    return url


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
