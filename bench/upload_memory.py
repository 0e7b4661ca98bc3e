"""Peak memory of a real web process while it receives the worst uploads of issue 11.

A Tayang web process (``runserver`` without the reloader, ``DEBUG`` off, demo data) is started
on its own SQLite database. Each case is posted to it the way a browser would (signed in, with
the CSRF token, multipart streamed from a generator, so a 450 MB or 2 GB body is never held by
this process either); before each, the server's peak resident size is reset
(``/proc/<pid>/clear_refs``) and after it read (``VmHWM``). Issue 11 asks that it stays under
300 MB whatever a single request uploads. The cases:

* the hand-in uploader: a 7745 × 7745 PNG (227 KB), four of them at once (four requests in
  parallel), a PNG whose text chunk inflates to 200 MB, 450 MB of zeros behind ``ftyp``, a
  2 GB body, and what is accepted at its largest: a 25-megapixel PNG and a real video;
* the DIP import: an XLSX claiming ``A1:XFD1048576``, two million rows as XLSX and as CSV;
* the definition upload: YAML nested 5,000 levels deep.

``python -m bench upload_memory`` prints the figures and writes bench/results/upload_memory.json.
"""

from __future__ import annotations

import select
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from bench import samples
from bench.results import write
from bench.webprocess import WebProcess

LIMIT_MB = 300
BOUNDARY = "----tayang-tolok-ukur"
HAND_IN = ("gunungkidul.tim_pelaksana", "dpmptsp-gunungkidul")
PPID = ("kalteng.ppid_pelaksana", "disperindag-kalteng")
ADMIN = ("gunungkidul.kelola", "dpmptsp-gunungkidul")
HEADER = ["Nomor", "Ringkasan isi informasi", "Pejabat/unit penguasa informasi",
          "Penanggung jawab", "Waktu pembuatan", "Tempat pembuatan", "Bentuk informasi",
          "Jangka waktu penyimpanan", "Klasifikasi"]

Body = Callable[[], Iterator[bytes]]


def multipart(fields: dict[str, str], name: str, filename: str, content: Body,
              size: int) -> tuple[Body, int]:
    """A multipart body made as it is sent, and its exact length."""
    head = "".join(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n"
                   f"{value}\r\n" for key, value in fields.items())
    head += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; "
             f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head.encode()
        yield from content()
        yield tail

    return body, len(head.encode()) + size + len(tail)


def post(web: WebProcess, client: httpx.Client, path: str, body: Body, length: int) -> int:
    """POST ``body`` over a raw socket; stop sending as soon as the server answers. Status."""
    cookies = "; ".join(f"{key}={value}" for key, value in client.cookies.items())
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{web.port}\r\n"
               f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
               f"Content-Length: {length}\r\nCookie: {cookies}\r\n"
               f"X-CSRFToken: {client.cookies.get('csrftoken', '')}\r\n"
               "Accept: application/json\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", web.port), timeout=600) as connection:
        connection.sendall(request)
        for chunk in body():
            if select.select([connection], [], [], 0)[0]:
                break  # the server answered before the body ended: it refused early
            try:
                connection.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        while b"\r\n" not in answer:
            try:
                part = connection.recv(65536)
            except ConnectionResetError:
                break
            if not part:
                break
            answer += part
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


def zeros(size: int, prefix: bytes = b"") -> Body:
    def chunks() -> Iterator[bytes]:
        yield prefix
        left = size - len(prefix)
        block = b"\x00" * (1 << 20)
        while left > 0:
            yield block[: min(left, len(block))]
            left -= min(left, len(block))
    return chunks


def data(content: bytes) -> tuple[Body, int]:
    return (lambda: iter([content])), len(content)


def run() -> None:
    print("upload_memory: puncak memori proses web (VmHWM) per unggahan terburuk issue 11")
    with (tempfile.TemporaryDirectory(prefix="tayang-bench-") as folder,
          WebProcess(Path(folder) / "web", demo=True) as web):
        figures = measure_all(web)
    worst = max(case["peak_mb"] for case in figures["cases"].values())  # type: ignore[index]
    figures["worst_peak_mb"] = worst
    figures["limit_mb"] = LIMIT_MB
    figures["within_limit"] = worst < LIMIT_MB
    print(f"  terburuk: {worst:.1f} MB (batas {LIMIT_MB} MB) → "
          f"{'DI BAWAH BATAS' if worst < LIMIT_MB else 'MELEBIHI BATAS'}")
    write("upload_memory", figures)


def measure_all(web: WebProcess) -> dict[str, object]:
    hand_in = web.session(HAND_IN[0])
    item = int(web.manage("shell", "-c", (
        "from tayang.items.models import Item; print(Item.objects.filter("
        f"organization__slug='{HAND_IN[1]}', status='draft', "
        f"created_by__username='{HAND_IN[0]}').values_list('pk', flat=True).first())"
    )).split()[-1])
    upload_path = f"/kerja/{HAND_IN[1]}/konten/{item}/berkas/"
    ppid = web.session(PPID[0])
    admin = web.session(ADMIN[0])
    web.csrf_token(hand_in, f"/kerja/{HAND_IN[1]}/konten/{item}/ubah/")  # sets the CSRF cookie
    web.csrf_token(ppid, f"/kerja/{PPID[1]}/dip/impor/")
    web.csrf_token(admin, f"/kerja/{ADMIN[1]}/kelola/sop/")

    def handin_file(filename: str, content: Body, size: int) -> tuple[Body, int]:
        return multipart({"field": "media"}, "files", filename, content, size)

    big_png = samples.huge_png(7745)
    cases: dict[str, tuple[httpx.Client, str, tuple[Body, int], int]] = {
        "png_7745x7745_227kb": (hand_in, upload_path, handin_file("spanduk.png",
                                                                  *data(big_png)), 422),
        "png_text_chunk_200mb": (hand_in, upload_path, handin_file(
            "grafik.png", *data(samples.text_bomb_png())), 422),
        "fake_video_450mb": (hand_in, upload_path, handin_file(
            "rekaman.mp4", zeros(450 << 20, samples.FTYP), 450 << 20), 422),
        "body_2gb": (hand_in, upload_path, handin_file("besar.mp4", zeros(2 << 30), 2 << 30),
                     413),
        "png_25mp_accepted": (hand_in, upload_path, handin_file(
            "peta.png", *data(samples.huge_png(5000))), 200),
        "video_accepted": (hand_in, upload_path, handin_file(
            "klip.mp4", *data(samples.mp4(seconds=5, size=(640, 360)))), 200),
        "xlsx_dimension_bomb": (ppid, f"/kerja/{PPID[1]}/dip/impor/", multipart(
            {}, "file", "dip.xlsx", *data(samples.dimension_bomb_xlsx([HEADER])), ), 422),
        "xlsx_2m_rows": (ppid, f"/kerja/{PPID[1]}/dip/impor/", multipart(
            {}, "file", "dip.xlsx", *data(samples.many_rows_xlsx(HEADER, ["1"], 2_000_000))),
            422),
        "csv_2m_rows": (ppid, f"/kerja/{PPID[1]}/dip/impor/", multipart(
            {}, "file", "dip.csv", *data(samples.many_rows_csv(HEADER, ["1"], 2_000_000))), 422),
        "yaml_nested_5000": (admin, f"/kerja/{ADMIN[1]}/kelola/sop/", multipart(
            {"upload": "1"}, "definition", "sop.yaml",
            *data(("a: " + "[" * 5000 + "]" * 5000).encode())), 422),
    }
    web.reset_peak()
    figures: dict[str, object] = {"baseline_rss_mb": round(web.resident_mb(), 1), "cases": {}}
    print(f"  proses web setelah mulai: {figures['baseline_rss_mb']} MB")
    results: dict[str, dict[str, object]] = {}
    for name, (client, path, (body, length), expected) in cases.items():
        web.reset_peak()
        started = time.perf_counter()
        status = post(web, client, path, body, length)
        results[name] = _figures(web, status, expected, length, started)
        _show(name, results[name])
    web.reset_peak()
    started = time.perf_counter()
    statuses: list[int] = []
    body, length = handin_file("spanduk.png", *data(big_png))
    threads = [threading.Thread(target=lambda: statuses.append(
        post(web, hand_in, upload_path, body, length))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["png_7745x7745_four_at_once"] = _figures(
        web, max(statuses), 422, 4 * length, started)
    _show("png_7745x7745_four_at_once", results["png_7745x7745_four_at_once"])
    figures["cases"] = results
    return figures


def _figures(web: WebProcess, status: int, expected: int, length: int,
             started: float) -> dict[str, object]:
    return {
        "status": status, "expected_status": expected, "request_mb": round(length / 2**20, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "peak_mb": round(web.peak_mb(), 1), "rss_after_mb": round(web.resident_mb(), 1),
    }


def _show(name: str, case: dict[str, object]) -> None:
    mark = "" if case["status"] == case["expected_status"] else (
        f"  (diharapkan {case['expected_status']})")
    print(f"  {name:30} {case['request_mb']:>9} MB kiriman → HTTP {case['status']}{mark}, "
          f"puncak {case['peak_mb']} MB, {case['seconds']} s")
