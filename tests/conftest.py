"""Test-wide settings."""

from __future__ import annotations

import os

from hypothesis import settings

# Under CI the property tests are derandomized: a submission's result must not depend on luck.
# On a developer's machine they explore new examples every run (and remember failures).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
