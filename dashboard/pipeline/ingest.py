"""Reading saved web pages: the article's text and what the page says about it (title, publication
date, publisher, address), with trafilatura. Pure: bytes or text in, a ``Page`` out; nothing here
reads files, fetches, prints or writes. Problems are ``InputError``s that name the page."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dashboard.errors import InputError

MAX_PAGE_BYTES = 20_000_000  # a saved page carries scripts and styles: larger than the article it holds
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
SENTENCE_WORDS = 8  # a line of running text, not a menu item, a button or a caption
MIN_ARTICLE_WORDS = 30  # words in running text below which a page holds no article (a consent wall, a front page)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.IGNORECASE)
_DOCUMENT_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.IGNORECASE | re.DOTALL
)
_ANY_TAG = re.compile(r"<(?:html|head|body|p|div|article|main|section|span|table)\b", re.IGNORECASE)
_OPENED = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
# the web's labels for Latin-1 and ASCII mean Windows-1252 (WHATWG Encoding Standard)
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


@dataclass(frozen=True)
class Page:
    """What a saved page holds: the article's plain text (headline first, one paragraph per block,
    blank lines between) and the page's own metadata; a field the page does not state is empty
    (``published`` is None)."""

    text: str
    title: str
    published: dt.date | None
    publisher: str
    url: str


def looks_like_html(raw: bytes) -> bool:
    """True when the bytes begin as an HTML document does (a doctype, ``<html>`` or ``<head>``)."""
    head = raw[:2048]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    return bool(_DOCUMENT_START.match(head.decode("ascii", "ignore")))


def codec_name(label: str) -> str | None:
    """Python's codec for a charset label as pages write it (``windows-1252``, ``UTF8``), or None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    return _WEB_ALIASES.get(name, name)


def declared_charset(raw: bytes, header: str = "") -> str | None:
    """The encoding a page declares: its byte-order mark, else the HTTP header's charset, else its
    ``<meta charset>`` (or ``http-equiv`` Content-Type) in the first 4 KB; None if none is usable."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    if header and (name := codec_name(header)):
        return name
    found = _META_CHARSET.search(raw[:4096])
    name = codec_name(found.group(1).decode("ascii")) if found else None
    return "utf-8" if name and name.startswith("utf-16") else name  # a page that could declare it is not UTF-16


def decode_html(raw: bytes, name: str, header_charset: str = "") -> str:
    """Page bytes -> text, by the charset the page declares. When it declares none or the bytes do
    not fit it: UTF-8; UTF-8 with the odd bad byte replaced, if its characters are mostly valid
    UTF-8; the encodings charset detection finds likely; Windows-1252. Refuses empty, binary and
    oversized files."""
    if len(raw) > MAX_PAGE_BYTES:
        raise InputError(
            name, f"page is {len(raw):,} bytes, more than the {MAX_PAGE_BYTES:,} allowed; save the page as HTML only"
        )
    declared = declared_charset(raw, header_charset)
    if declared and declared.startswith("utf-16"):
        return _strip_bom(raw.decode(declared, "replace"))
    if b"\x00" in raw:
        raise InputError(name, "is binary (it contains NUL bytes), not a saved web page")
    if not raw.strip():
        raise InputError(name, "page is empty")
    for encoding in dict.fromkeys([declared or "utf-8", "utf-8"]):
        try:
            return _strip_bom(raw.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    if mostly_utf8(raw):
        return _strip_bom(raw.decode("utf-8", "replace"))
    from trafilatura.utils import detect_encoding

    for label in detect_encoding(raw):
        try:
            return _strip_bom(raw.decode(codec_name(label) or label))
        except (LookupError, UnicodeDecodeError):
            continue
    return _strip_bom(raw.decode("cp1252", "replace"))


def mostly_utf8(raw: bytes) -> bool:
    """True when the bytes hold many more well-formed UTF-8 characters beyond ASCII than bytes that
    are not UTF-8: a UTF-8 page with a stray byte, not a page in another encoding."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good >= 10 * bad


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def check_page(html: str, name: str) -> None:
    """Refuses text that is not a web page, and a page cut short (it opens ``<html>`` or ``<body>``
    and closes neither: a download or a copy that stopped part way)."""
    if not _ANY_TAG.search(html[:200_000]):
        raise InputError(name, "is not a web page (no HTML in it); add a text file as .txt")
    if _OPENED.search(html) and not _CLOSED.search(html):
        raise InputError(name, "page is cut short (it never closes </body> or </html>); save or download it again")


def read_page(raw: bytes, name: str, *, charset: str = "", address: str = "") -> Page:
    """A saved page (bytes as saved or downloaded) -> its article and metadata. ``charset`` is the
    one an HTTP header declared, ``address`` where the page was fetched from (the page's own
    canonical address wins). Refuses pages with no article text in them."""
    html = decode_html(raw, name, charset)
    check_page(html, name)
    return extract_page(html, name, address=address)


def extract_page(html: str, name: str, *, address: str = "") -> Page:
    """An HTML document -> its article and metadata, read by trafilatura (boilerplate such as menus,
    cookie banners, related links and footers is left out; reader comments too)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=address or None,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()},
        )
    except Exception as err:  # a third-party parser on any bytes: whatever it raises is this page's problem
        raise InputError(name, f"could not be read as a web page ({type(err).__name__}: {err})") from None
    if doc is None:
        raise InputError(name, "no article text found in the page (a consent wall, a front page?); save the article's own page")
    title = " ".join((doc.title or "").split())
    paragraphs = [" ".join(line.split()) for line in (doc.text or "").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    words = running_words(paragraphs)
    if words < MIN_ARTICLE_WORDS:
        raise InputError(
            name,
            f"no article text found in the page ({words} words of running text; a consent wall, a paywall, a front page?); "
            "save the article's own page, or paste its text into a .txt file",
        )
    url = doc.url or ""
    return Page(
        text=article_text(title, paragraphs),
        title=title,
        published=page_date(doc.date),
        publisher=publisher_name(doc.sitename or "", url),
        url=url if url.lower().startswith(("https://", "http://")) else "",
    )


def running_words(paragraphs: list[str]) -> int:
    """Words in the paragraphs long enough to be running text (menus and buttons are a word or three)."""
    return sum(n for n in (len(p.split()) for p in paragraphs) if n >= SENTENCE_WORDS)


def article_text(title: str, paragraphs: list[str]) -> str:
    """The text kept in seeds/: the headline (unless the body already starts with it), then the
    paragraphs, separated by blank lines, ending in a newline."""
    if title and (not paragraphs or paragraphs[0].casefold() != title.casefold()):
        paragraphs = [title, *paragraphs]
    return "\n\n".join(paragraphs) + "\n"


def page_date(value: str | None) -> dt.date | None:
    """The page's publication date from trafilatura's YYYY-MM-DD, or None."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def publisher_name(sitename: str, url: str) -> str:
    """The site name the page states, or "" when trafilatura only guessed it from the address's
    domain (a domain is not a publisher's name)."""
    name = " ".join(sitename.split())
    host = (urlsplit(url).hostname or "") if url else ""
    if name and host and name.casefold() in {host.casefold(), host.casefold().removeprefix("www.")}:
        return ""
    return name


def url_key(url: str) -> str:
    """An address reduced to what identifies the article: no scheme, ``www.``, default port,
    fragment, trailing slash or ``utm_`` tracking parameters; the host in lower case."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        return url.strip().casefold()
    host = (parts.hostname or "").removeprefix("www.")
    netloc = host + (f":{port}" if port and port not in (80, 443) else "")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_"))
    )
    return urlunsplit(("", netloc, parts.path.rstrip("/"), query, ""))


def text_key(text: str) -> str:
    """A digest of the text with its whitespace normalised: the same article saved twice gives the same key."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def name_for_url(url: str) -> str:
    """A seeds/ file name for an article fetched from ``url``: the last part of its path (or its host), made safe."""
    parts = urlsplit(url)
    last = next((p for p in reversed(parts.path.split("/")) if p), "")
    stem = re.sub(r"\.(?:s?html?|xhtml|php|aspx?)$", "", last, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or re.sub(r"[^A-Za-z0-9_-]+", "-", parts.hostname or "page")
    return stem + ".txt"
