"""A folder the test processes of one run share, and values made once in it for the whole run."""

import fcntl
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path


def run_folder(tmp_path_factory, name: str) -> Path:
    """`name` in the temporary folder of this run, the same for every process of the run."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


def made_once(folder: Path, key: str, make: Callable[[], object]) -> bytes:
    """make(), pickled as `key` in the folder: the first process (or thread) to ask makes it, under a lock;
    the others wait for it and read it."""
    path = folder / f"{key}.pickle"
    with (folder / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}")
            partial.write_bytes(pickle.dumps(make()))
            partial.replace(path)
        return path.read_bytes()
