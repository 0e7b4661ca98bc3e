"""*Periksa bahasa* while writing, measured in a real web process (issue 14, point 6: the check
of a 1,000-word narrative answers in under 100 ms): ``manage.py runserver`` on the demo data,
the form's endpoint posted to over HTTP by the hand-in officer, as the page's script does.

Measured: the process's resident memory before and after its first check (the dictionary
loaded there), the first answer, the answers while the same text is being written (proposals
remembered), and the answers for a text with ten misspellings never seen before in every
request (proposals made within the request's budget, the rest marked pending and fetched by the
page's next ask: how many asks until every word has its proposals).
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import httpx

from bench.results import summary
from bench.webprocess import WebProcess

RUNS = 40
OFFICER = "gunungkidul.tim_pelaksana"
FORM = "/kerja/dpmptsp-gunungkidul/konten/baru/gunungkidul-dpmptsp-upload-konten/"
EYD_SLIPS = " Panitia merubah jadwal praktek lapangan dikantor desa pada bulan nopember."


def _post(client: httpx.Client, token: str, text: str) -> tuple[float, str]:
    started = time.perf_counter()
    answer = client.post(f"{FORM}periksa-bahasa/", data={
        "title": "Sosialisasi layanan perizinan" if text else "", "narrative": text,
        "caption": "Sosialisasi perizinan di Wonosari" if text else "",
    }, headers={"X-CSRFToken": token, "Referer": f"{client.base_url}{FORM}"})
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise RuntimeError(f"periksa-bahasa menjawab {answer.status_code}: {answer.text[:300]}")
    return elapsed, answer.text


def _fresh(text: str, run: int) -> str:
    """``text`` with ten of its longer words each missing a letter, different every run."""
    words = text.split(" ")
    long = [n for n, word in enumerate(words) if len(word) >= 7 and word.isalpha()]
    for k in range(10):
        n = long[(run * 10 + k) * 7 % len(long)]
        word = words[n]
        cut = 2 + (run + k) % (len(word) - 3)
        words[n] = word[:cut] + word[cut + 1:]
    return " ".join(words)


def measure(narrative: str) -> dict[str, object]:
    text = narrative + EYD_SLIPS
    with tempfile.TemporaryDirectory(prefix="tayang-bahasa-") as folder:
        # Without debug the pages name their static files from the collected manifest.
        web = WebProcess(Path(folder) / "web", demo=True,
                         environment={"TAYANG_STATIC_ROOT": str(Path(folder) / "static")})
        web.folder.mkdir(parents=True)
        web.manage("collectstatic", "--noinput", "-v0")
        with web:
            return _measure(web, text)


def _measure(web: WebProcess, text: str) -> dict[str, object]:
    client = web.session(OFFICER)
    token = web.csrf_token(client, FORM)
    # The process has served the form (templates, queries) but never checked a text: the
    # dictionary is not loaded yet; the first check loads it.
    before = web.resident_mb()
    first_ms, first = _post(client, token, text)
    after = web.resident_mb()
    # What the server and the HTTP round trip cost without any text to check.
    empty = [_post(client, token, "")[0] for _ in range(RUNS)]
    same = [_post(client, token, text)[0] for _ in range(RUNS)]
    fresh, pending_answers, asks_needed = [], 0, []
    for run in range(RUNS // 2):
        new_text = _fresh(text, run + 1)
        elapsed, html = _post(client, token, new_text)
        fresh.append(elapsed)
        asks = 1
        while "sedang dicari" in html and asks < 10:
            pending_answers += 1
            elapsed, html = _post(client, token, new_text)  # the page asks again
            fresh.append(elapsed)
            asks += 1
        asks_needed.append(asks)
    count = re.search(r'data-count="(\d+)"', first)
    return {
        "words": len(text.split()),
        "findings_first_answer": int(count.group(1)) if count else None,
        "rss_before_first_check_mb": round(before, 1),
        "rss_after_first_check_mb": round(after, 1),
        "rss_dictionary_mb": round(after - before, 1),
        "first_check_ms": round(first_ms, 1),
        "no_text_round_trip": summary(empty),
        "same_text": summary(same),
        "new_misspellings_every_time": summary(fresh),
        "answers_with_pending_proposals": pending_answers,
        "asks_until_all_proposals_max": max(asks_needed),
        "asks_until_all_proposals_mean": round(sum(asks_needed) / len(asks_needed), 2),
        "target_p95_ms": 100,
    }


def report(figures: dict[str, object]) -> None:
    same, fresh = figures["same_text"], figures["new_misspellings_every_time"]
    assert isinstance(same, dict) and isinstance(fresh, dict)
    print(f"  periksa-bahasa (proses web, HTTP): {figures['words']} kata, "
          f"RSS {figures['rss_before_first_check_mb']} → {figures['rss_after_first_check_mb']} MB "
          f"(+{figures['rss_dictionary_mb']} MB kamus), pertama {figures['first_check_ms']} ms")
    print(f"    tanpa teks (perjalanan HTTP saja): p50 {figures['no_text_round_trip']['p50_ms']}"  # type: ignore[index]
          " ms")
    print(f"    teks sama: p50 {same['p50_ms']} ms, p95 {same['p95_ms']} ms; "
          f"10 salah eja baru tiap kali: p50 {fresh['p50_ms']} ms, p95 {fresh['p95_ms']} ms "
          f"(sasaran p95 < 100); usulan lengkap sesudah paling banyak "
          f"{figures['asks_until_all_proposals_max']} kali tanya")
