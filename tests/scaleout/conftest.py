"""The scale-out tests share one installation (tests/scaleout/world.py)."""

from tests.scaleout.world import installation  # noqa: F401 - the session fixture
