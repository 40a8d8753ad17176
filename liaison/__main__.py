"""``python -m liaison``: see `liaison.cli`."""

import sys

from liaison.cli import main

sys.exit(main())
