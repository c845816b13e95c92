"""``python -m oversight``: the command line, which lives in :mod:`commands.cli`.

Imported only when run as a program, so importing ``oversight`` stays free of database code.
"""

import sys

from commands.cli import main

sys.exit(main())
