"""Reading configuration from the environment.

Pure functions of a mapping, so that the rules (what a missing variable means)
can be tested without reloading Django settings.
"""

from collections.abc import Mapping
from pathlib import Path

import environ


def database_config(env: Mapping[str, str], *, base_dir: Path) -> dict:
    """DATABASE_URL, or an SQLite file in var/ when it is not set."""
    url = env.get("DATABASE_URL") or f"sqlite:///{base_dir / 'var' / 'db.sqlite3'}"
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


def broker_url(env: Mapping[str, str], *, base_dir: Path) -> str:
    """CELERY_BROKER_URL, else REDIS_URL, else a broker kept in files under var/.

    The file broker needs no server: the demo starts a local worker that shares
    the folder with the web process, so an upload still returns at once.
    """
    return env.get("CELERY_BROKER_URL") or env.get("REDIS_URL") or "filesystem://"


def broker_transport_options(url: str, *, base_dir: Path, visibility_timeout: int = 900) -> dict:
    """Redis: a task whose worker died unacknowledged goes to another worker after `visibility_timeout`
    seconds (longer than any task may run); unacknowledged tasks are looked for every few seconds."""
    if not url.startswith("filesystem://"):
        return {
            "visibility_timeout": visibility_timeout,
            "unacked_restore_interval": max(1, min(10, visibility_timeout // 4)),
            "unacked_restore_throttle": 1,
        }
    folder = base_dir / "var" / "broker"
    for name in ("in", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "in"),
        "data_folder_out": str(folder / "in"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def as_bool(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def as_list(value: str | None, *, default: list[str]) -> list[str]:
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
