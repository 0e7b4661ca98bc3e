#!/usr/bin/env bash
# Creates .venv with a Python new enough for Django 6.x and installs the project into it.
# Idempotent: re-running only installs what changed. Used by `make run` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    for candidate in python3.13 python3.12 \
        "$HOME"/.pyenv/versions/3.13*/bin/python3.13 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 \
        /usr/bin/python3.13 /usr/bin/python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "Tayang membutuhkan Python 3.12 atau lebih baru; tidak ditemukan." >&2
    return 1
}

# End-to-end tests drive Debian's Chromium through Playwright (never a downloaded browser).
if [ "${1:-run}" = test ] && ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Memasang Chromium dari paket Debian untuk uji end-to-end"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    else
        echo "Chromium tidak ada dan tidak dapat dipasang (butuh root dan apt-get); uji end-to-end akan gagal." >&2
    fi
fi

# The WordPress connector is also tested against a real WordPress (Debian's package, PHP's
# built-in server, the machine's MariaDB); tests/channels/test_wordpress_real.py.
if [ "${1:-run}" = test ] && [ ! -f /usr/share/wordpress/wp-settings.php ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Memasang WordPress dan PHP dari paket Debian untuk uji konektor WordPress"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            wordpress php-cli php-mysql >/dev/null
    else
        echo "WordPress tidak terpasang; uji terhadap WordPress sungguhan dilewati." >&2
    fi
fi

# HTTP checks (tests/app/test_http_validators.py): zbarimg reads the poster's QR code, and the
# Nu Html Checker (npm's vnu-jar, run with the machine's Java) checks the pages' markup.
if [ "${1:-run}" = test ] && ! command -v zbarimg >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Memasang zbar-tools dari paket Debian untuk uji kode QR"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            zbar-tools >/dev/null
    else
        echo "zbarimg tidak ada; uji kode QR poster dilewati." >&2
    fi
fi
if [ "${1:-run}" = test ] && command -v npm >/dev/null 2>&1 &&
    [ ! -f tests/validators/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    echo "Memasang Nu Html Checker (vnu-jar) dari npm untuk uji validitas HTML"
    npm ci --prefix tests/validators --no-audit --no-fund --ignore-scripts --silent
fi
# The deployment tests (tests/deploy/) check the shipped nginx and Caddy configurations with
# the servers' own checkers, the systemd units with systemd-analyze, and back up PostgreSQL
# with pg_dump; a benchmark loads the server with wrk. Debian packages; their services are
# never started here (policy-rc.d), only their programs are used.
if [ "${1:-run}" = test ]; then
    wanted=()
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || wanted+=(nginx)
    command -v caddy >/dev/null 2>&1 || wanted+=(caddy)
    command -v systemd-analyze >/dev/null 2>&1 || wanted+=(systemd)
    command -v pg_dump >/dev/null 2>&1 || wanted+=(postgresql-client)
    command -v wrk >/dev/null 2>&1 || wanted+=(wrk)
    if [ ${#wanted[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "Memasang ${wanted[*]} dari paket Debian untuk uji penerapan"
            placed_policy=
            if [ ! -e /usr/sbin/policy-rc.d ]; then
                printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
                chmod +x /usr/sbin/policy-rc.d
                placed_policy=1
            fi
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                "${wanted[@]}" >/dev/null || echo "Sebagian paket tidak terpasang: ${wanted[*]}" >&2
            if [ -n "$placed_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
        else
            echo "Tidak ada ${wanted[*]} (butuh root dan apt-get); uji penerapan terkait dilewati." >&2
        fi
    fi
fi

# Accessible formats of announcements (docs/accessible-formats.md): espeak-ng speaks the
# Indonesian text, liblouis writes the Braille file; hunspell-id is the Indonesian dictionary
# the worker checks spelling against. Needed at run time too, so installed for every mode;
# without them the product says the format (or the spelling check) is unavailable and
# publishes anyway.
accessible=()
command -v espeak-ng >/dev/null 2>&1 || accessible+=(espeak-ng)
command -v lou_translate >/dev/null 2>&1 || accessible+=(liblouis-bin liblouis-data)
[ -f /usr/share/hunspell/id_ID.dic ] || accessible+=(hunspell-id)
if [ ${#accessible[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Memasang ${accessible[*]} dari paket Debian untuk format aksesibel pengumuman"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${accessible[@]}" >/dev/null || echo "Sebagian paket tidak terpasang: ${accessible[*]}" >&2
    else
        echo "Tidak ada ${accessible[*]} (butuh root dan apt-get); audio/Braille pengumuman atau pemeriksaan ejaan tidak tersedia." >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    echo "Membuat .venv dengan $python"
    "$python" -m venv .venv
fi

stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-${1:-run}
if [ ! -f "$stamp" ]; then
    log=$(mktemp)
    extra=$([ "${1:-run}" = test ] && echo '.[test]' || echo '.')
    echo "Memasang dependensi Tayang ke .venv"
    if ! { .venv/bin/python -m pip install --quiet --upgrade pip &&
           .venv/bin/python -m pip install --quiet -e "$extra"; } >"$log" 2>&1; then
        grep -v "is ignored" "$log" >&2
        echo "Pemasangan dependensi gagal." >&2
        exit 1
    fi
    rm -f "$log" .venv/.installed-*
    touch "$stamp"
fi

# The product's bytecode written once here: where PYTHONDONTWRITEBYTECODE is set (containers,
# some shells) every process would otherwise compile every module again at each start:
# importing the web application took 0.79 s of CPU instead of 0.50 (docs/performance.md,
# "The bytecode compiled at setup"). Only changed files are compiled. The web server runs
# without docstrings (-OO, PYTHONOPTIMIZE=2 in scripts/run.sh and the unit): its bytecode is
# compiled too, for Tayang and the packages (once ~40 s on two cores, then ~2 s; a package's
# file written for another Python version is left uncompiled, as pip leaves it).
PYTHONDONTWRITEBYTECODE= .venv/bin/python -m compileall -q -j 0 -o 0 -o 2 tayang >/dev/null
packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
PYTHONDONTWRITEBYTECODE= .venv/bin/python -m compileall -q -j 0 -o 2 "$packages" >/dev/null || true
