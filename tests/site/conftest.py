"""The site tests make folders the way the server tests do."""

from tests.server.conftest import site_dir

__all__ = ["site_dir"]
