"""``python -m commands``: the same command line as ``python -m oversight``."""

import sys

from commands.cli import main

sys.exit(main())
