import os
import subprocess
import sys
from pathlib import Path

from config.env import as_bool, as_list, broker_transport_options, broker_url, database_config

BASE = Path(__file__).resolve().parent.parent


def test_without_database_url_the_app_uses_sqlite_in_var(tmp_path):
    config = database_config({}, base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "db.sqlite3")


def test_database_url_selects_postgresql_with_health_checks(tmp_path):
    config = database_config({"DATABASE_URL": "postgres://u:p@db:5432/disclosures"}, base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"], config["PORT"]) == ("db", "disclosures", 5432)
    assert config["CONN_HEALTH_CHECKS"] is True


def test_without_a_broker_tasks_go_through_files_under_var(tmp_path):
    url = broker_url({}, base_dir=tmp_path)
    options = broker_transport_options(url, base_dir=tmp_path)
    assert url == "filesystem://"
    assert Path(options["data_folder_in"]).is_dir()
    assert options["data_folder_in"] == options["data_folder_out"]


def test_celery_broker_url_wins_over_redis_url(tmp_path):
    env = {"CELERY_BROKER_URL": "redis://broker:6379/1", "REDIS_URL": "redis://cache:6379/0"}
    assert broker_url(env, base_dir=tmp_path) == "redis://broker:6379/1"
    assert broker_url({"REDIS_URL": "redis://cache:6379/0"}, base_dir=tmp_path) == "redis://cache:6379/0"


def test_boolean_and_list_variables_are_read_leniently():
    assert as_bool("True", default=False) is True
    assert as_bool("0", default=True) is False
    assert as_bool(None, default=True) is True
    assert as_list("a.example, b.example", default=[]) == ["a.example", "b.example"]
    assert as_list("", default=["localhost"]) == ["localhost"]


def _settings_in_subprocess(env: dict, module: str, expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(repr(({expression})))"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_switch_to_postgresql_and_redis_from_the_environment():
    out = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@db/x", "REDIS_URL": "redis://r:6379/0", "DEBUG": "false"},
        "config.settings.local",
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, settings.DEBUG",
    )
    assert out == "('django.db.backends.postgresql', 'redis://r:6379/0', False)"


def test_local_settings_default_to_sqlite_and_the_file_broker():
    out = _settings_in_subprocess(
        {}, "config.settings.local", "settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL"
    )
    assert out == "('django.db.backends.sqlite3', 'filesystem://')"


def test_production_settings_refuse_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
