"""The delivery tests use the shared `catalog` fixture of zabota.testing."""
