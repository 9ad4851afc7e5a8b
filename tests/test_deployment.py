"""docker-compose.yml cannot run here (no Docker engine); these tests keep its structure right."""

import re
from pathlib import Path

import pytest
import yaml

from config.env import database_config

BASE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_and_redis(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "postgres", "redis"}


def test_every_service_has_a_health_check_with_a_command(compose):
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check and check["test"], name
        assert check["test"][0] in {"CMD", "CMD-SHELL"}, name


def test_application_services_wait_for_healthy_postgres_and_redis(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }, name


def test_data_lives_in_named_volumes(compose):
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
    assert "media:/data/media" in compose["services"]["web"]["volumes"]
    assert "media:/data/media" in compose["services"]["worker"]["volumes"]


def test_application_services_get_their_settings_from_the_environment(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["MEDIA_ROOT"] == "/data/media"
    url = re.sub(r"\$\{[^}]*\}", "pw", env["DATABASE_URL"])
    config = database_config({"DATABASE_URL": url}, base_dir=BASE)
    assert (config["ENGINE"], config["HOST"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "postgres",
        "disclosures",
    )
    assert compose["services"]["worker"]["environment"] == env


def test_the_commands_name_modules_that_exist(compose):
    web = compose["services"]["web"]["command"]
    assert "gunicorn config.wsgi" in web and "migrate" in web
    assert compose["services"]["worker"]["command"].startswith("celery -A config worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A config beat")
    assert (BASE / "config" / "wsgi.py").is_file()
    assert (BASE / "config" / "celery_app.py").is_file()


def test_the_image_installs_the_pinned_requirements():
    dockerfile = (BASE / "Dockerfile").read_text()
    assert dockerfile.startswith("FROM python:3.11")
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    requirements = (BASE / "requirements.txt").read_text().splitlines()
    pins = [line for line in requirements if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
