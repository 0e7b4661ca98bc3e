"""Run every benchmark: ``python -m bench [name ...]``; ``python -m bench scale [options]``
passes the options to that one benchmark (see :mod:`bench.scale`), as does
``python -m bench evaluation [options]`` (:mod:`bench.evaluation`),
``python -m bench flowprofile [options]`` (:mod:`bench.flowprofile`) and
``python -m bench prefix [options]`` (:mod:`bench.prefix`)."""

from __future__ import annotations

import sys

from bench import (
    accessible,
    compression,
    derivatives,
    engine,
    evaluation,
    flowprofile,
    poster,
    prefix,
    public,
    reminders,
    scale,
    servers,
    sop_document,
    spelling,
    startup,
    upload_memory,
)

BENCHMARKS = {
    "engine": engine.run,
    "derivatives": derivatives.run,
    "public": public.run,
    "reminders": reminders.run,
    "sop_document": sop_document.run,
    "poster": poster.run,
    "accessible": accessible.run,
    "spelling": spelling.run,
    "compression": compression.run,
    "upload_memory": upload_memory.run,
    "servers": servers.run,
    "startup": startup.run,
    "scale": scale.run,
    "evaluation": evaluation.run,
}


def main(names: list[str]) -> int:
    if names[:1] == ["scale"]:
        scale.run(names[1:])
        return 0
    if names[:1] == ["flowprofile"]:
        flowprofile.run(names[1:])
        return 0
    if names[:1] == ["prefix"]:
        prefix.run(names[1:])
        return 0
    if names[:1] == ["evaluation"]:
        evaluation.run(names[1:])
        return 0
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"Tolok ukur tidak dikenal: {', '.join(unknown)}; ada: {', '.join(BENCHMARKS)}")
        return 2
    for name in names or list(BENCHMARKS):
        BENCHMARKS[name]()
    return 0


# Guarded: a benchmark that measures in a fresh process (spawn) imports this module again.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
