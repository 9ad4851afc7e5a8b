"""Settings by environment: base (shared), local, test, production."""
