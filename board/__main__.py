"""``python -m board``: the call board (see `board.app`)."""

import sys

from board.app import main

sys.exit(main())
