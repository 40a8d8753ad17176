"""`python -m review …`: the operations command line."""

import sys

from review.cli import main

sys.exit(main())
