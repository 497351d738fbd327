"""``python -m kiosk``: the self-service kiosk, offline, on the shipped catalog."""

import sys

from kiosk.app import main

sys.exit(main())
