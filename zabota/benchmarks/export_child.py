"""An export run in a process of its own, so that its peak memory is its own: the process
that measures everything else has read reports and rendered acts before. Imports no model at
the top: a "spawn" process unpickles `run` before Django is set up (`init` does that)."""

from __future__ import annotations

import os
import resource
import time


def init() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zabota.settings")
    # A list longer than ZABOTA_EXPORT_INLINE_ROWS is a job (zabota.jobs.exports): run in
    # place here, so that its time and memory are measured in this process as a worker's.
    os.environ["ZABOTA_JOBS_INLINE"] = "1"
    import django

    django.setup()


def _rss_mb() -> float:
    # Linux gives kilobytes: the most this process ever held in memory.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(url: str, username: str, out: str) -> dict:
    """GET `url` as `username` through the whole Django stack and write the download to
    `out`; the seconds it took, the bytes, the peak memory before and after, and the way the
    file came: at once, or written by a job and downloaded from its page (a long list)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get("/")  # the first request's imports and caches are not the export's
    before = _rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    way = "сразу"
    if response.status_code == 302 and response.url.startswith("/jobs/"):
        response, way = _job_file(client, response.url), "через задание"
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    size = 0
    blocks = response.streaming_content if response.streaming else [response.content]
    with open(out, "wb") as file:
        for block in blocks:
            size += len(block)
            file.write(block)
    response.close()
    return {
        "seconds": time.perf_counter() - started,
        "bytes": size,
        "rss_before_mb": before,
        "rss_peak_mb": _rss_mb(),
        "way": way,
    }


def _job_file(client, job_url: str):
    from zabota.jobs.models import Job, JobStatus

    job = Job.objects.get(pk=int(job_url.strip("/").split("/")[-1]))
    if job.status != JobStatus.DONE:
        raise RuntimeError(f"{job_url}: {job.status} {job.message}")
    return client.get(f"/jobs/{job.pk}/files/{job.files.get().pk}/")
