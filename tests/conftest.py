import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
