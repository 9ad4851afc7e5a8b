"""Local development and the demo: SQLite and a file broker unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import ENV, as_bool

DEBUG = as_bool(ENV.get("DEBUG"), default=True)

# Static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
