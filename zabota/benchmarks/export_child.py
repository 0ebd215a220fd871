"""An export run in a process of its own, so that its peak memory is its own: the process
that measures everything else has read reports and rendered acts before. Imports no model at
the top: a "spawn" process unpickles `run` before Django is set up (`init` does that)."""

from __future__ import annotations

import os
import resource
import time


def init() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zabota.settings")
    import django

    django.setup()


def _rss_mb() -> float:
    # Linux gives kilobytes: the most this process ever held in memory.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(url: str, username: str, out: str) -> dict:
    """GET `url` as `username` through the whole Django stack and write the download to
    `out`; the seconds it took, the bytes, and the peak memory before and after."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get("/")  # the first request's imports and caches are not the export's
    before = _rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    size = 0
    with open(out, "wb") as file:
        for block in response.streaming_content:
            size += len(block)
            file.write(block)
    response.close()
    return {
        "seconds": time.perf_counter() - started,
        "bytes": size,
        "rss_before_mb": before,
        "rss_peak_mb": _rss_mb(),
    }
