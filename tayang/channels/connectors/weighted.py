"""X's own way of counting a post's length: twitter-text v3 "weighted length".

X does not count characters. Following twitter-text's v3 configuration
(``maxWeightedTweetLength`` 280, ``scale`` 100, ``defaultWeight`` 200,
``transformedURLLength`` 23, ``emojiParsingEnabled``):

* the text is first normalized to Unicode NFC (``"A\\u0301"`` is one character, ``"Á"``);
* every URL counts as 23, however long, because X shortens it to a t.co link;
* every emoji counts as 2, including whole sequences (skin tones, ZWJ families, flags,
  keycaps, subdivision flags);
* every other code point weighs 1 when it falls in the ranges 0–4351 (Latin, Greek, Cyrillic,
  Arabic, Indic scripts…), 8192–8205, 8208–8223 or 8242–8247 (spaces, dashes, quotes and
  primes of General Punctuation), and 2 otherwise (CJK, most symbols).

So 280 Latin letters fit, as do 140 CJK characters or 140 emoji.

URL detection follows twitter-text's extractor closely enough for counting Indonesian news
captions: ``http(s)://`` URLs with any well-formed host, and bare domains ending in a known
top-level domain (``dinsos.jogjaprov.go.id``, ``example.com``); an ``http(s)://`` URL counts
as a URL whatever its TLD, since links in real captions point to real domains. As in
twitter-text, a bare domain of a single label plus a country-code TLD (``bps.id``) only
counts as a URL when a path follows (``bps.id/berita``), a domain label longer than 63
characters is no URL, and trailing punctuation (``.``, ``,``, ``)`` without its ``(``) stays
outside the URL. The TLD list is shorter than twitter-text's (~1,500 entries): a bare domain
with a rare generic TLD (``kopi.guru``) counts by its characters here instead of 23; write
such links with ``https://``.

Text-default symbols that weigh 1 in the table (``©``, ``®``, digits) count as an emoji only in
their emoji form (followed by U+FE0F or, for keycaps, U+20E3).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

MAX_WEIGHTED_LENGTH = 280
SCALE = 100
DEFAULT_WEIGHT = 200
URL_LENGTH = 23
EMOJI_WEIGHT = DEFAULT_WEIGHT
# (first code point, last code point, weight) from twitter-text's v3 configuration.
RANGES = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))


def _table(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Country-code TLDs (ISO 3166 plus .eu, .ac, .su, .uk).
CC_TLDS = _table("""
ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs
bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec
ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy
hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz
la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx
my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re
ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th
tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
""")

# Generic TLDs: the classic ones and the new ones Indonesian organizations and media use.
G_TLDS = _table("""
com net org edu gov mil int info biz name pro mobi asia tel travel jobs cat coop aero museum
post xxx app dev page online site web website store shop tech xyz club top blog news media
digital live world today life email link click space art design studio agency center
community foundation institute academy school university college education network systems
solutions services group company business global international social video tv radio
photography photo gallery events church health care clinic hospital law legal finance money
bank insurance cloud host hosting software data ai one plus zone city town land earth green
love moe icu vip win fun ink wiki help support tools codes review reviews report press
""")

TLDS = CC_TLDS | G_TLDS
_TLD_PATTERN = "|".join(sorted(TLDS, key=lambda tld: (-len(tld), tld)))

_ASCII_LABEL = r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?"
_UNICODE_LABEL = r"[^\W_](?:(?:[^\W_]|[-_])*[^\W_])?"
_LATIN_ACCENTS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_PATH_CHARS = rf"[a-z0-9\u0400-\u04ff{_LATIN_ACCENTS}!*';:=+,.$/%#\[\]\-\u2013_~&|@()]"
_PATH_END = rf"[a-z0-9\u0400-\u04ff{_LATIN_ACCENTS}=_#/+\-)]"
_QUERY_CHARS = r"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@]"
_QUERY_END = r"[a-z0-9\-_&=#/]"

_URL = re.compile(
    rf"""
    (?<![a-z0-9@＠$#＃\u202a-\u202e])          # not inside a word, mention, cashtag, hashtag
    (?:
        (?P<protocol>https?://)
        (?P<host>(?:{_UNICODE_LABEL}\.)+(?:{_UNICODE_LABEL})
                 |\d{{1,3}}(?:\.\d{{1,3}}){{3}})
      | (?P<domain>(?:{_ASCII_LABEL}\.)+(?:{_TLD_PATTERN}))(?![a-z0-9@+\-])
    )
    (?P<port>:\d{{1,5}})?
    (?P<path>/{_PATH_CHARS}*)?
    (?P<query>\?{_QUERY_CHARS}*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PATH_END_RE = re.compile(_PATH_END, re.IGNORECASE)
_QUERY_END_RE = re.compile(_QUERY_END, re.IGNORECASE)

# Emoji: text-default characters in the weight-1 ranges only in emoji presentation.
_EMOJI_BASE = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3"
    "\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935"
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f1ad\U0001f200-\U0001f2ff\U0001f300-\U0001f3fa"
    "\U0001f400-\U0001faff"
)
_MODIFIER = "(?:\ufe0f|[\U0001f3fb-\U0001f3ff])?"
_ELEMENT = rf"(?:[{_EMOJI_BASE}]{_MODIFIER}|[\u00a9\u00ae]\ufe0f)"
_EMOJI = re.compile(
    rf"""
    [#*0-9]\ufe0f?\u20e3                                   # keycaps
    | [\U0001f1e6-\U0001f1ff]{{2}}                          # flags
    | \U0001f3f4[\U000e0020-\U000e007e]+\U000e007f          # subdivision flags
    | {_ELEMENT}(?:\u200d{_ELEMENT})*                       # ZWJ sequences, skin tones
    | [\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]          # a lone indicator or modifier
    """,
    re.VERBOSE,
)


def weighted_length(text: str) -> int:
    """The length X counts for ``text`` against its 280 limit."""
    text = unicodedata.normalize("NFC", text)
    spans = {start: (end, URL_LENGTH * SCALE) for start, end in url_spans(text)}
    for match in _EMOJI.finditer(text):
        spans.setdefault(match.start(), (match.end(), EMOJI_WEIGHT))
    total, index = 0, 0
    while index < len(text):
        if index in spans:
            index, weight = spans[index]
            total += weight
            continue
        total += _weight(ord(text[index]))
        index += 1
    return total // SCALE


def _weight(code_point: int) -> int:
    for first, last, weight in RANGES:
        if first <= code_point <= last:
            return weight
    return DEFAULT_WEIGHT


def url_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL X would shorten in ``text`` (already NFC)."""
    return list(_urls(text))


def _urls(text: str) -> Iterator[tuple[int, int]]:
    for match in _URL.finditer(text):
        start, end = match.span()
        path, query = match.group("path"), match.group("query")
        if match.group("protocol"):
            if not _valid_host(match.group("host")):
                continue
        else:
            domain = match.group("domain")
            if start and text[start - 1] in "-_./":
                continue  # part of a longer name or path, as twitter-text decides
            labels = domain.lower().split(".")
            if not _valid_host(domain) or "_" in labels[-2]:
                continue
            # "bps.id" is no URL without a path; "dinsos.jogjaprov.go.id" and "bps.id/x" are.
            if len(labels) == 2 and labels[-1] in CC_TLDS and not (path or query):
                continue
        yield start, _trimmed_end(text, start, end, has_query=bool(query))


def _valid_host(host: str) -> bool:
    labels = host.split(".")
    if all(label.isdigit() for label in labels):  # IPv4
        return len(labels) == 4 and all(int(label) <= 255 for label in labels)
    try:
        host.encode("idna")  # every label 1-63 characters, punycode included
    except UnicodeError:
        return False
    return True


def _trimmed_end(text: str, start: int, end: int, *, has_query: bool) -> int:
    """Drop trailing punctuation a sentence put after the URL (``.``, ``,``, a lone ``)``)."""
    ending = _QUERY_END_RE if has_query else _PATH_END_RE
    while end > start:
        last = text[end - 1]
        if last == ")":
            if text.count("(", start, end) >= text.count(")", start, end):
                break
        elif ending.fullmatch(last):
            break
        end -= 1
    return end


def strip_urls(text: str) -> str:
    """``text`` without its URLs: how to compare a caption with what X made of it (t.co)."""
    text = unicodedata.normalize("NFC", text)
    kept, position = [], 0
    for start, end in url_spans(text):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)
