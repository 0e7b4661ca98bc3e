"""The WordPress connector against a real WordPress (Debian's package), when one can run here.

Needs, as root on Debian:
``apt-get install --no-install-recommends wordpress php-cli php-mysql mariadb-server`` and a
running MariaDB (``service mariadb start``). The test then builds a throw-away site by itself:
a database ``tayang_wp_test_<pid>`` (dropped afterwards), a document root of symlinks into
``/usr/share/wordpress`` with its own ``wp-config.php`` (Debian's looks up
``/etc/wordpress/config-<host>.php``, which a test should not write), uploads in a temporary
folder, the install and an Application Password made through WordPress's own PHP functions, and
PHP's built-in web server with a router like ``wp server``'s. ``WP_ENVIRONMENT_TYPE=local`` lets
Application Passwords work over plain HTTP.

The database is reached as the current OS user over MariaDB's socket (root's default
``unix_socket`` login), or as ``TAYANG_WP_DB_USER`` / ``TAYANG_WP_DB_PASSWORD`` (a user allowed to
create and drop databases). Without any of this every test here is skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tayang.channels.connectors.base import ChannelError, ErrorKind, MediaFile, MediaKind
from tayang.channels.connectors.wordpress import WordPress, post_slug
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post

WORDPRESS = Path("/usr/share/wordpress")
DB_USER = os.environ.get("TAYANG_WP_DB_USER", "")
DB_PASSWORD = os.environ.get("TAYANG_WP_DB_PASSWORD", "")


def _mariadb(sql: str) -> subprocess.CompletedProcess[str]:
    client = shutil.which("mariadb") or shutil.which("mysql") or "mariadb"
    command = [client, "--batch", "--skip-column-names", "-e", sql]
    if DB_USER:
        command[1:1] = ["-u", DB_USER]
    env = {**os.environ, "MYSQL_PWD": DB_PASSWORD} if DB_PASSWORD else None
    return subprocess.run(command, capture_output=True, text=True, timeout=20, env=env,
                          check=False)


def _why_not() -> str:
    if not (WORDPRESS / "wp-settings.php").is_file():
        return "Debian's wordpress package is not installed (/usr/share/wordpress)"
    if shutil.which("php") is None:
        return "php-cli is not installed"
    probe = subprocess.run(["php", "-r", "exit(extension_loaded('mysqli') ? 0 : 1);"],
                           capture_output=True, check=False)
    if probe.returncode:
        return "PHP's mysqli extension (php-mysql) is not installed"
    if not (shutil.which("mariadb") or shutil.which("mysql")):
        return "the MariaDB client is not installed"
    answer = _mariadb("SELECT 1")
    if answer.returncode:
        return ("MariaDB is not running or refuses this user (set TAYANG_WP_DB_USER and "
                f"TAYANG_WP_DB_PASSWORD): {answer.stderr.strip()[:200]}")
    return ""


REASON = _why_not()
if REASON and os.environ.get("TAYANG_REQUIRE_REAL_WORDPRESS") == "1":
    # CI installs it (scripts/setup.sh): there a missing WordPress is a failure, not a skip.
    raise RuntimeError(f"a real WordPress is required here but cannot run: {REASON}")
pytestmark = pytest.mark.skipif(bool(REASON), reason=f"no real WordPress: {REASON}")


@dataclass
class Site:
    url: str
    username: str
    password: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _php(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("wordpress")
    root, content = base / "root", base / "content"
    root.mkdir()
    (content / "uploads").mkdir(parents=True)
    for entry in WORDPRESS.iterdir():
        if entry.name != "wp-config.php":
            (root / entry.name).symlink_to(entry)
    for folder in ("plugins", "themes"):
        (content / folder).symlink_to(WORDPRESS / "wp-content" / folder)
    database = f"tayang_wp_test_{os.getpid()}"
    created = _mariadb(f"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}")
    if created.returncode:
        pytest.skip(f"cannot create a MariaDB database: {created.stderr.strip()[:200]}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    db_user = DB_USER or os.environ.get("USER") or "root"
    (root / "wp-config.php").write_text(f"""<?php
define('DB_NAME', {_php(database)});
define('DB_USER', {_php(db_user)});
define('DB_PASSWORD', {_php(DB_PASSWORD)});
define('DB_HOST', 'localhost');
define('WP_HOME', {_php(url)});
define('WP_SITEURL', {_php(url)});
define('WP_CONTENT_DIR', {_php(str(content))});
define('WP_ENVIRONMENT_TYPE', 'local');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
""")
    # wp-load.php takes ABSPATH from its own (symlink-resolved) folder unless it is defined.
    prelude = f"define('ABSPATH', {_php(str(root) + '/')});"
    (base / "router.php").write_text(f"""<?php
{prelude}
$path = '/' . ltrim(parse_url(urldecode($_SERVER['REQUEST_URI']), PHP_URL_PATH), '/');
$file = ABSPATH . ltrim($path, '/');
if (is_dir($file)) {{ $file = rtrim($file, '/') . '/index.php'; }}
if (is_file($file) && substr($file, -4) !== '.php') {{ return false; }}
if (!is_file($file)) {{ $file = ABSPATH . 'index.php'; }}
chdir(dirname($file));
require $file;
""")
    (base / "install.php").write_text(f"""<?php
{prelude}
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
add_filter('pre_wp_mail', '__return_false');
wp_install('Dinas Sosial Uji', 'redaksi', 'redaksi@example.test', false, '',
           wp_generate_password(24));
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
flush_rewrite_rules(true);
$editor = wp_insert_user(array('user_login' => 'editor', 'user_pass' => wp_generate_password(24),
                               'user_email' => 'editor@example.test', 'role' => 'editor',
                               'display_name' => 'Redaksi Dinsos'));
list($password, $item) = WP_Application_Passwords::create_new_application_password(
    $editor, array('name' => 'tayang'));
echo $password;
""")
    server = None
    log = (base / "server.log").open("w")
    try:
        install = subprocess.run(["php", str(base / "install.php")], capture_output=True,
                                 text=True, timeout=60, check=False)
        password = install.stdout.strip().splitlines()[-1] if install.stdout.strip() else ""
        if install.returncode or len(password) != 24:
            pytest.fail(f"WordPress install failed: {install.stdout[-500:]} "
                        f"{install.stderr[-500:]}")
        server = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", str(root),
                                   str(base / "router.php")], stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while True:
            try:
                if httpx.get(f"{url}/wp-json/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"WordPress did not answer: {(base / 'server.log').read_text()[-500:]}")
            time.sleep(0.1)
        yield Site(url, "editor", password)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        log.close()
        _mariadb(f"DROP DATABASE IF EXISTS {database}")


class LoseAnswer(httpx.HTTPTransport):
    """Carries a ``POST .../posts`` out and then drops its answer, like a timeout would."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/wp/v2/posts"):
            response.read()
            response.close()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=20) as client:
        yield client


def connector(site: Site, http: httpx.Client, password: str = "", **config: str) -> WordPress:
    return WordPress({"site_url": site.url, "username": site.username, **config},
                     {"application_password": password or site.password}, http)


def rest(site: Site, http: httpx.Client, path: str, **params: str) -> object:
    response = http.get(f"{site.url}/wp-json/wp/v2{path}", params=params,
                        auth=(site.username, site.password))
    response.raise_for_status()
    return response.json()


def test_check(site, http):
    assert connector(site, http).check() == (
        f"Masuk ke {site.url} sebagai Redaksi Dinsos (editor); pos dibuat dengan status publish.")


def test_publish_with_photos_and_alt_text(site, http, tmp_path):
    photos = (jpeg(tmp_path, "a.jpg", alt="Penyerahan bantuan"),
              jpeg(tmp_path, "b.jpg", alt="Warga antre"))
    item = post(*photos, key="tayang-real-photos")
    delivered = connector(site, http).publish(item, DictJournal())

    created = rest(site, http, f"/posts/{delivered.external_id}", context="edit")
    assert created["slug"] == post_slug(item.key)
    assert created["status"] == "publish"
    assert created["link"] == delivered.url
    media = [rest(site, http, f"/media/{created['featured_media']}")]
    assert media[0]["alt_text"] == "Penyerahan bantuan"
    assert "wp:gallery" in created["content"]["raw"]
    attached = rest(site, http, "/media", slug=f"{post_slug(item.key)}-media-2")
    assert [m["alt_text"] for m in attached] == ["Warga antre"]
    assert http.get(delivered.url).status_code == 200


def test_lost_answer_is_found_and_not_posted_twice(site, http, tmp_path):
    item = post(jpeg(tmp_path), key="tayang-real-lost")
    journal = DictJournal()
    with (httpx.Client(timeout=20, transport=LoseAnswer()) as lossy,
          pytest.raises(ChannelError) as caught):
        connector(site, lossy).publish(item, journal)
    assert caught.value.maybe_posted

    found = connector(site, http).find(item, DictJournal())
    assert found is not None
    again = connector(site, http).publish(item, journal)
    assert again == found
    slug = post_slug(item.key)
    assert [p["id"] for p in rest(site, http, "/posts", slug=slug, status="any")] == [
        int(found.external_id)]
    assert len(rest(site, http, "/media", slug=f"{slug}-media-1")) == 1


def test_withdraw_trashes(site, http):
    item = post(key="tayang-real-withdraw")
    journal = DictJournal()
    delivered = connector(site, http).publish(item, journal)
    connector(site, http).withdraw(delivered, journal)
    connector(site, http).withdraw(delivered, journal)  # already in the trash
    assert connector(site, http).find(item, DictJournal()) is None


def test_wrong_password(site, http):
    with pytest.raises(ChannelError) as caught:
        connector(site, http, password="abcd efgh ijkl mnop qrst uvwx").check()
    assert caught.value.kind == ErrorKind.AUTH


def test_refused_file_type_is_rejected_not_retried(site, http, tmp_path):
    path = tmp_path / "setup.exe"
    path.write_bytes(b"MZ" + b"\x00" * 100)
    exe = MediaFile(kind=MediaKind.PHOTO, path=str(path), url="http://situs.test/setup.exe",
                    filename="setup.exe", content_type="application/x-msdownload",
                    size=path.stat().st_size)
    with pytest.raises(ChannelError) as caught:
        connector(site, http).publish(post(exe, key="tayang-real-exe"), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED and not caught.value.retryable
    assert "setup.exe" in caught.value.message
