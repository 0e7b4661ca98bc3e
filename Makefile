# The two commands of the README. Everything else is set up by scripts/.
.PHONY: run test lint bench

run:
	@scripts/setup.sh run
	@scripts/run.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

lint:
	@scripts/setup.sh test
	@.venv/bin/ruff check tayang tests bench

bench:
	@scripts/setup.sh test
	@.venv/bin/python -m bench
