"""``python -m oversight``: see :mod:`oversight.cli`."""

import sys

from oversight.cli import main

sys.exit(main())
