"""Adding articles to seeds/: saved web pages, text files, folders of them and web addresses, read,
checked against what is there (no duplicates) and written atomically, all or (``keep_going``) those
that pass. The page reading itself is ``ingest``; the rebuild that follows is ``build``."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.errors import DashboardError, InputError
from dashboard.pipeline.articles import check_url, decode_article, parse_date, read_article, read_metadata
from dashboard.pipeline.ingest import (
    MAX_PAGE_BYTES,
    PAGE_SUFFIXES,
    Page,
    looks_like_html,
    name_for_url,
    read_page,
    text_key,
    url_key,
)

METADATA = "articles.csv"
FOLDER_SUFFIXES = (".html", ".htm", ".txt")
USER_AGENT = "Mozilla/5.0 (compatible; ukraine-guarantees-dashboard; python -m dashboard add)"


@dataclass(frozen=True)
class Addition:
    """An article ready to go into seeds/: where it came from, its file name there, the bytes of
    its text, the page it was read from (kept beside it as ``<stem>.html``) and its metadata row."""

    source: str
    name: str
    data: bytes
    page: bytes | None
    row: dict[str, str]


@dataclass
class AddReport:
    """What ``add_articles`` did: the articles added, in order, and the inputs it refused."""

    added: list[Addition] = field(default_factory=list)
    refused: list[InputError] = field(default_factory=list)


class BatchRefused(DashboardError):
    """Some inputs of an ``add`` were refused and nothing was added; lists every problem."""

    def __init__(self, refused: list[InputError], total: int):
        self.refused = refused
        hint = "" if len(refused) == total else " (--keep-going adds the others)"
        lines = [f"nothing added: {len(refused)} of {total} refused{hint}"] + [f"  {err}" for err in refused]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class _Known:
    """Articles already in seeds/ or earlier in the batch, by file name, address and text."""

    names: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def remember(self, name: str, url: str, text: str, where: str) -> None:
        self.names[Path(name).stem.casefold()] = where
        if url:
            self.urls[url_key(url)] = where
        self.texts[text_key(text)] = where


def is_address(source: str) -> bool:
    """True for a web address (http:// or https://) rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def expand_sources(paths: list[str]) -> list[str]:
    """The inputs of ``add``, in order, once each: a folder becomes its .html, .htm and .txt files
    (sorted, hidden ones left out); a folder with none stays as it is (and is refused by name);
    web addresses and other paths pass through."""
    out: list[str] = []
    for item in paths:
        folder = Path(item)
        files = []
        if not is_address(item) and folder.is_dir():
            files = sorted(
                str(p)
                for p in folder.iterdir()
                if p.suffix.lower() in FOLDER_SUFFIXES and not p.name.startswith(".") and p.is_file()
            )
        out += files or [item]
    return list(dict.fromkeys(out))


def fetch_page(url: str, timeout: float = 30) -> tuple[bytes, str, str]:
    """The page at a web address: (its bytes, the charset its Content-Type header names, the
    address it was served from after redirects). Failures are InputErrors naming the address."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
            headers, final = response.headers, response.geturl()
    except urllib.error.HTTPError as err:
        raise InputError(url, f"the server answered {err.code} {err.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise InputError(
            url, f"could not fetch the page ({reason}); check the address, or save the page from a browser and add the file"
        ) from None
    if headers.get("Content-Encoding", "").lower() == "gzip":
        data = gzip.decompress(data)
    kind = headers.get_content_type()
    if kind not in ("text/html", "application/xhtml+xml"):
        raise InputError(url, f"is {kind}, not a web page")
    return data, headers.get_content_charset() or "", final


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"is {size:,} bytes, more than the {limit:,} allowed")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "does not exist") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder with no .html, .htm or .txt files in it") from None
    except OSError as err:
        raise InputError(str(path), f"cannot be read ({err.strerror or err})") from None


def read_source(source: str) -> tuple[str, bytes, Page | None, bytes | None]:
    """One input of ``add`` -> (its seeds/ file name, the bytes of its text, the page read from it
    and the page's bytes, or None and None for a text file). A web address is fetched; a file is
    read as a page when its name ends in .html or .htm or its bytes begin as an HTML document's do,
    else as UTF-8 text, kept byte for byte."""
    if is_address(source):
        raw, charset, final = fetch_page(source)
        page = read_page(raw, source, charset=charset, address=final)
        return name_for_url(final), page.text.encode("utf-8"), page, raw
    path = Path(source)
    raw = _read_bytes(path, MAX_PAGE_BYTES)
    name = (path.stem if path.suffix else path.name).lstrip(".") + ".txt"
    if path.suffix.lower() in PAGE_SUFFIXES or looks_like_html(raw):
        page = read_page(raw, source)
        return name, page.text.encode("utf-8"), page, raw
    decode_article(raw, source)
    return name, raw, None, None


def prepare(source: str, *, publisher: str, published: str, url: str, title: str) -> Addition:
    """Read one input and settle its metadata: a value given on the command line wins over what the
    page says; a text file says nothing, so its publisher and date must be given."""
    name, data, page, raw = read_source(source)
    what = "page" if page else "text file"
    if page is not None:
        decode_article(data, source)
    publisher = publisher.strip() or (page.publisher if page else "")
    if not publisher:
        raise InputError(source, f"the {what} does not name its publisher; give it with --publisher")
    date = parse_date(published, "--published", None) if published else page.published if page else None
    if date is None:
        raise InputError(source, f"the {what} states no publication date; give it with --published YYYY-MM-DD")
    if date > dt.date.today():
        raise InputError(source, f'published "{date}" is in the future')
    url = url or (page.url if page else "")
    check_url(url, source, None)
    row = {
        "file": name,
        "title": title or (page.title if page else ""),
        "publisher": publisher,
        "published": date.isoformat(),
        "url": url,
    }
    return Addition(source, name, data, raw, row)


def _duplicate(addition: Addition, known: _Known) -> str | None:
    stem = Path(addition.name).stem.casefold()
    if stem in known.names:
        return f'an article named "{addition.name}" is already {known.names[stem]}'
    url = addition.row["url"]
    if url and url_key(url) in known.urls:
        return f"the same address ({url}) is already {known.urls[url_key(url)]}"
    text = addition.data.decode("utf-8-sig")
    if text_key(text) in known.texts:
        return f"the same text is already {known.texts[text_key(text)]}"
    return None


def known_articles(seeds: Path) -> _Known:
    """The articles in seeds/ (as ``seeds/articles.csv`` lists them) by name, address and text."""
    known = _Known()
    for meta in read_metadata(seeds / METADATA, seeds):
        known.remember(meta.file, meta.url, read_article(seeds / meta.file), f'in {seeds} as "{meta.file}"')
    for path in seeds.iterdir():
        if path.suffix.lower() in (".txt", ".html") and path.stem.casefold() not in known.names:
            known.names[path.stem.casefold()] = f'in {seeds} as "{path.name}"'
    return known


def check_overrides(count: int, *, publisher: str, published: str, url: str) -> None:
    """Refuses command-line values that are wrong whatever the files: an empty publisher, a bad or
    future date, an address that is not http(s), or one address for several articles."""
    if publisher and not publisher.strip():
        raise InputError("--publisher", "is empty")
    if published:
        date = parse_date(published, "--published", None)
        if date > dt.date.today():
            raise InputError("--published", f'"{published}" is in the future')
    check_url(url, "--url", None)
    if url and count > 1:
        raise InputError("--url", f"is the address of one article, and {count} are being added; add them one at a time")


def add_articles(
    sources: list[str],
    seeds: Path,
    *,
    publisher: str = "",
    published: str = "",
    url: str = "",
    title: str = "",
    keep_going: bool = False,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> AddReport:
    """Add saved pages, text files and web addresses to ``seeds`` (no rebuild). Each is read and
    checked, and refused if its name, address or text is already in seeds/ or earlier in the batch.
    Without ``keep_going`` a refusal adds nothing (``BatchRefused``, or the one input's own error);
    with it the others are added and the refusals reported. Files are written first and
    ``seeds/articles.csv`` is replaced last, in one step."""
    check_overrides(len(sources), publisher=publisher, published=published, url=url)
    known = known_articles(seeds)
    report = AddReport()
    for source in progress(sources) if progress else sources:
        try:
            addition = prepare(source, publisher=publisher, published=published, url=url, title=title)
            problem = _duplicate(addition, known)
            if problem:
                raise InputError(source, problem)
        except InputError as err:
            report.refused.append(err)
            continue
        known.remember(
            addition.name,
            addition.row["url"],
            addition.data.decode("utf-8-sig"),
            f'in this batch as "{addition.name}" (from {source})',
        )
        report.added.append(addition)
    if report.refused and (not keep_going or not report.added):
        if len(sources) == 1:
            raise report.refused[0]
        raise BatchRefused(report.refused, len(sources))
    write_additions(report.added, seeds)
    return report


def metadata_bytes(current: bytes, rows: list[dict[str, str]]) -> bytes:
    """``seeds/articles.csv`` as it is, with ``rows`` appended in its own columns."""
    text = current.decode("utf-8-sig")
    header = next(csv.reader([text.splitlines()[0]]))
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", restval="", lineterminator="\n").writerows(rows)
    sep = b"" if current.endswith(b"\n") else b"\n"
    return current + sep + buf.getvalue().encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file beside it, so it is never seen half written; a file
    replaced keeps its permissions, a new one is readable by all (as a copy would be)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_additions(additions: list[Addition], seeds: Path) -> None:
    """Write each article's text (and page) into ``seeds``, then replace ``seeds/articles.csv`` in
    one step; if anything fails, the files written are removed and the metadata is as it was."""
    written: list[Path] = []
    try:
        for a in additions:
            for path, data in ((seeds / a.name, a.data), (seeds / (Path(a.name).stem + ".html"), a.page)):
                if data is not None:
                    _write_atomic(path, data)
                    written.append(path)
        metadata = seeds / METADATA
        _write_atomic(metadata, metadata_bytes(metadata.read_bytes(), [a.row for a in additions]))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def add_article(source: Path, seeds: Path, *, publisher: str, published: str, url: str = "", title: str = "") -> str:
    """Add one article (a text file, a saved page or a web address) to ``seeds``; returns its file name there."""
    report = add_articles([str(source)], seeds, publisher=publisher, published=published, url=url, title=title)
    return report.added[0].name
