import sys

from tayang.cli import main

sys.exit(main())
