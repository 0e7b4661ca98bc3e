# The two commands of the README. Everything else is set up by scripts/.
.PHONY: run dev test lint bench

# The product: production server, DEBUG off, worker beside it (docs/deployment.md).
run:
	@scripts/setup.sh run
	@scripts/run.sh

# For developers: runserver with DEBUG and autoreload, worker beside it.
dev:
	@scripts/setup.sh run
	@TAYANG_DEV=1 scripts/run.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

lint:
	@scripts/setup.sh test
	@.venv/bin/ruff check tayang tests bench

bench:
	@scripts/setup.sh test
	@.venv/bin/python -m bench
