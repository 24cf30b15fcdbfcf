"""Settings of the test suite: the product's own, run as in production (DEBUG off).

Production refuses to start without a SECRET_KEY; the suite brings one when the environment has
none (a clean `make test`). pytest-django imports this module before any conftest runs.
"""

import os

os.environ.setdefault("SECRET_KEY", "solo-per-i-test-" + "x" * 40)

from openpiao.settings import *  # noqa: F403
