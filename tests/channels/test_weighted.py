"""X's weighted length, checked against twitter-text's v3 conformance cases and Indonesian text.

The conformance cases are from twitter-text's ``conformance/validate.yml``, section
``WeightedTweetsWithDiscountedEmojiCounterTest`` (the v3 configuration X uses).
"""

from __future__ import annotations

import pytest

from tayang.channels.connectors.weighted import strip_urls, url_spans, weighted_length

ZWJ = "\u200d"
FAMILY = ZWJ.join(["👨", "👩", "👧", "👦"])
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
CJK_160 = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)

CONFORMANCE = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285),
    ("Long tweet with url in the middle",
     "285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24, 299),
    ("Long tweet with url at the end", "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240),
    ("160 CJK char", CJK_160, 320),
    ("160 emoji char", "😷" * 160, 320),
    ("3 latin char + 160 CJK char", "the" + CJK_160, 323),
    ("'Á' is normalized into 1 char", "A\u0301B", 2),
    ("שּׁ is normalized into 3 chars", "A\u05e9\u05bc\u05c1", 4),
    ("282 chars with a normalized character",
     "282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxxA\u0301x", 281),
    ("Count a mix of single byte single word, and double word unicode characters",
     "H🐱☺" + FAMILY, 7),
    ("Count unicode emoji chars inside the basic multilingual plane", "😷👾😡🔥💩", 10),
    ("Count unicode emoji chars outside the BMP with skin tone modifiers",
     "🙋🏽" + "👨" + ZWJ + "🎤", 4),
    ("Handle a 64 character domain without protocol",
     "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68),
    ("140 family emoji", FAMILY * 140, 280),
    ("Unicode 10.0 emoji", f"Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; {ENGLAND}", 34),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),
    # from the shared "lengths" section
    ("Count a URL without protocol as 23 characters", "test.com", 23),
    ("Count multiple URLs correctly",
     "Test https://test.com test https://test.com test.com test", 86),
]


@pytest.mark.parametrize(("description", "text", "expected"), CONFORMANCE,
                         ids=[case[0] for case in CONFORMANCE])
def test_twitter_text_v3_conformance(description, text, expected):
    assert weighted_length(text) == expected


def test_the_weight_table():
    assert weighted_length("a" * 280) == 280
    assert weighted_length("故" * 140) == 280
    assert weighted_length("한" * 141) == 282
    # General Punctuation: spaces, dashes, quotes and primes weigh 1, the rest 2.
    light = "".join(map(chr, [*range(8192, 8206), *range(8208, 8224), *range(8242, 8248)]))
    assert weighted_length(light) == len(light)
    assert weighted_length("\u2030\u2038") == 4  # per mille, caret: outside the ranges
    assert weighted_length("\u10ff\u1100") == 3  # 4351 is the last light code point
    assert weighted_length("𝐀") == 2  # outside the BMP, not an emoji


def test_emoji_sequences_count_as_two():
    assert weighted_length("❤️") == 2  # U+2764 + U+FE0F
    assert weighted_length("👍🏽") == 2
    assert weighted_length("🇮🇩") == 2  # the Indonesian flag: two regional indicators
    assert weighted_length("1️⃣") == 2  # keycap
    assert weighted_length("©") == 1  # text presentation: a Latin-1 sign
    assert weighted_length("©️") == 2  # emoji presentation


def test_a_long_link_counts_23():
    link = ("https://dinsos.jogjaprov.go.id/berita/2026/11/24/"
            "penyaluran-bantuan-sosial-tahap-empat-di-kapanewon-wonosari?utm_source=x")
    assert len(link) > 100
    assert weighted_length(link) == 23
    assert weighted_length(f"Baca selengkapnya: {link}") == 19 + 23


def test_indonesian_caption_with_a_go_id_link():
    text = ("Dinas Sosial DIY menyalurkan bantuan kepada 120 keluarga penerima manfaat di "
            "Kapanewon Wonosari. Info: dinsos.jogjaprov.go.id/berita/7 #BansosDIY")
    plain = text.replace("dinsos.jogjaprov.go.id/berita/7", "")
    assert weighted_length(text) == len(plain) + 23


@pytest.mark.parametrize(("text", "urls"), [
    ("Kunjungi dinsos.jogjaprov.go.id.", ["dinsos.jogjaprov.go.id"]),
    ("Lihat https://bps.go.id/id/pressrelease, lalu unduh.", ["https://bps.go.id/id/pressrelease"]),
    ("(sumber: https://id.wikipedia.org/wiki/Gunungkidul_(kabupaten))",
     ["https://id.wikipedia.org/wiki/Gunungkidul_(kabupaten)"]),
    ("bps.id/berita dan bps.id", ["bps.id/berita"]),  # a short ccTLD domain needs a path
    ("Surel humas@dinsos.go.id", []),
    ("Rp1.500.000 pukul 10.00 WIB, Jl. Sudirman No.5, S.Pd., M.Si.", []),
    ("#jogja.id dan $saham.com", []),
    ("HTTPS://WWW.KOMINFO.GO.ID/index", ["HTTPS://WWW.KOMINFO.GO.ID/index"]),
    ("http://192.168.0.1/index.html?src=asdf", ["http://192.168.0.1/index.html?src=asdf"]),
    ("http://256.1.2.3/", []),
])
def test_url_detection(text, urls):
    assert [text[start:end] for start, end in url_spans(text)] == urls


def test_strip_urls_keeps_the_words():
    assert strip_urls("Berita: https://t.co/abc123 selengkapnya") == "Berita:  selengkapnya"
