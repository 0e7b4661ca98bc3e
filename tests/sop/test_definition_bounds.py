"""A hostile definition ends in a located message: size, nesting, aliases and tags are bounded.

Issue 11 ("every file parser bounded") and issue 12 point 9. The CLI (``tayang check``) and the
workspace upload share one size limit (tayang.sop.yamlbounds.MAX_DEFINITION_BYTES).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.cli import main
from tayang.sop.bundled import bundled_paths
from tayang.sop.errors import SopDefinitionError
from tayang.sop.loader import load_text
from tayang.sop.yamlbounds import MAX_ALIASES, MAX_DEFINITION_BYTES, MAX_DEPTH

BUNDLED = Path(bundled_paths()[0]).read_text(encoding="utf-8")
DEEP_FLOW = "tayang: 1\nkey: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_BLOCK = "tayang: 1\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(600))


def problems(text: str) -> list[str]:
    with pytest.raises(SopDefinitionError) as refused:
        load_text(text, source="sop.yaml")
    return [str(problem) for problem in refused.value.problems]


@pytest.mark.parametrize(("text", "line"), [(DEEP_FLOW, 2), (DEEP_BLOCK, MAX_DEPTH + 1)],
                         ids=["flow", "block"])
def test_nesting_thousands_deep_is_a_located_message(text, line):
    # Today: RecursionError, a traceback on the CLI and a 500 in the workspace.
    assert problems(text) == [
        f"sop.yaml:{line}: bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"
    ]


@pytest.mark.parametrize(("tag", "shown"), [
    ("!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system"),
    ("!!python/name:builtins.eval", "!!python/name:builtins.eval"),
    ("!FOO bar", "!FOO"),
    ("!!binary aGFsbw==", "!!binary"),
])
def test_a_tag_the_format_does_not_define_is_refused_by_name(tag, shown):
    text = BUNDLED.replace("tayang: 1", f"tayang: 1\ncatatan: {tag}", 1)
    line = BUNDLED.splitlines().index("tayang: 1") + 2
    assert problems(text) == [
        f"sop.yaml:{line}: tag YAML «{shown}» tidak dikenal dalam format definisi SOP; hapus tag "
        "itu (definisi hanya berisi teks, angka, daftar dan pemetaan)"
    ]


def test_the_core_tags_still_read_as_before():
    assert load_text(BUNDLED.replace("tayang: 1", "tayang: !!int 1", 1)).key


def test_aliases_are_bounded_and_anchors_still_work():
    assert load_text(BUNDLED).key  # seed A repeats its requirements with an anchor
    many = "a: &a [x]\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    assert problems(many) == [
        f"sop.yaml:2: terlalu banyak alias (*nama); paling banyak {MAX_ALIASES}"
    ]


def test_a_definition_over_the_limit_is_refused_as_text_and_as_a_file(tmp_path: Path, capsys):
    padding = "#" + "x" * 99 + "\n"
    large = BUNDLED + padding * (MAX_DEFINITION_BYTES // len(padding) + 1)
    size = len(large.encode()) // 1024
    assert problems(large) == [f"sop.yaml: berkas definisi terlalu besar ({size} KB); paling "
                               "besar 512 KB"]
    path = tmp_path / "besar.yaml"
    path.write_text(large, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert f"{path}: berkas definisi terlalu besar" in capsys.readouterr().out


def test_the_cli_reports_deep_nesting_without_a_traceback(tmp_path: Path, capsys):
    path = tmp_path / "dalam.yaml"
    path.write_text(DEEP_FLOW, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    output = capsys.readouterr().out
    assert f"{path}:2: bersarang terlalu dalam" in output
