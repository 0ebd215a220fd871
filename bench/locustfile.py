"""The page-latency part of `make bench` (zabota/benchmarks/pages.py runs it; docs/performance.md).

Every simulated person logs in through the real login form, then, once everyone has logged in
(the logins are not measured: a password check costs a third of a second of CPU by design),
the statistics are reset and for BENCH_SECONDS each person works at a human pace:
- office staff (heads, the specialist, the director) search the registry and open cards;
- field workers open their start page and fetch the day's visits from the tablet API with
  their device key.
At the end the figures are written as JSON to BENCH_OUT.

Environment: BENCH_PLAN (JSON file: people, searches, cards, keys), BENCH_OUT, BENCH_SECONDS.
Run standalone for a look: locust -f bench/locustfile.py --headless -u 50 -r 50 -t 2m
--host http://127.0.0.1:8000 with BENCH_PLAN made by `manage.py bench --plan-only`.
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

import gevent
from gevent.event import Event
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
OUT = os.environ.get("BENCH_OUT", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Only the login form has a password field: seeing it means the session was not accepted.
LOGIN_FORM = 'name="password"'

_people = itertools.cycle(PLAN["people"])
_everyone_in = Event()
_state = {"logged_in": 0, "login_failures": 0, "expected": None, "errors": []}


def _note_error(text: str) -> None:
    if len(_state["errors"]) < 20:
        _state["errors"].append(text[:300])


def _arrived(environment, ok: bool) -> None:
    _state["logged_in" if ok else "login_failures"] += 1
    expected = _state["expected"] or environment.parsed_options.num_users
    if _state["logged_in"] + _state["login_failures"] >= expected and not _everyone_in.is_set():
        # From here on only the pages count.
        environment.runner.stats.reset_all()
        _everyone_in.set()
        gevent.spawn_later(SECONDS, environment.runner.quit)


class LoopbackCookies(DefaultCookiePolicy):
    """Production settings mark the session and CSRF cookies Secure; the benchmark speaks plain
    HTTP to 127.0.0.1, where a browser would refuse them, so this client sends them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Person(FastHttpUser):
    # A person reads the page before the next click: 50 people, not 50 request loops.
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookiejar.set_policy(LoopbackCookies())
        self.person = next(_people)
        self.rng = random.Random(self.person["username"] + str(id(self)))
        self.working = False
        ok = self._log_in()
        _arrived(self.environment, ok)
        if not ok:
            self.stop(force=True)

    def _log_in(self) -> bool:
        with self.client.get(
            "/accounts/login/", name="login form", catch_response=True
        ) as response:
            match = CSRF.search(response.text or "")
            if response.status_code != 200 or not match:
                response.failure(f"login form: {response.status_code}")
                _note_error(f"login form {self.person['username']}: {response.status_code}")
                return False
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "username": self.person["username"],
                "password": PLAN["password"],
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            # A right password redirects to the start page; a wrong one shows the form again.
            if response.status_code != 200 or LOGIN_FORM in (response.text or ""):
                response.failure(f"login refused: {response.status_code}")
                _note_error(f"login {self.person['username']}: {response.status_code}")
                return False
        return True

    @task
    def work(self):
        _everyone_in.wait()
        if not self.working:
            # People do not all click in the same millisecond once the last of them has logged
            # in: each begins after a think time of their own, as between any two clicks.
            self.working = True
            gevent.sleep(self.rng.uniform(0, 3))
        if self.person["kind"] == "office":
            self._office()
        else:
            self._field()

    def _office(self):
        text = self.rng.choice(self.person["searches"])
        self._get(f"/recipients/?q={text}", "recipients search", must_contain="<table")
        self._get(f"/recipients/{self.rng.choice(self.person['cards'])}/", "recipient card")

    def _field(self):
        self._get("/", "worker start page")
        with self.client.get(
            "/api/v1/field/visits",
            headers={"Authorization": f"Bearer {self.person['token']}"},
            name="field visits",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "visits" not in (response.text or ""):
                response.failure(f"{response.status_code}")
                _note_error(f"field visits: {response.status_code} {response.text[:200]}")

    def _get(self, path: str, name: str, must_contain: str = ""):
        with self.client.get(path, name=name, catch_response=True) as response:
            body = response.text or ""
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                _note_error(f"{name} {path}: {response.status_code}")
            elif LOGIN_FORM in body:
                response.failure("session lost")
                _note_error(f"{name} {path}: redirected to the login page")
            elif must_contain and must_contain not in body:
                response.failure("unexpected page")
                _note_error(f"{name} {path}: no {must_contain!r} in the page")


@events.test_start.add_listener
def _expect(environment, **_kwargs):
    _state["expected"] = environment.parsed_options.num_users


@events.quitting.add_listener
def _write(environment, **_kwargs):
    if not OUT:
        return
    stats = environment.runner.stats

    def figures(entry):
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "max_ms": entry.max_response_time,
        }

    summary = {
        "measured": _everyone_in.is_set(),
        "logged_in": _state["logged_in"],
        "login_failures": _state["login_failures"],
        "total": figures(stats.total),
        "pages": {name: figures(entry) for (name, _method), entry in stats.entries.items()},
        "errors": _state["errors"],
    }
    with open(OUT, "w", encoding="utf-8") as file:
        json.dump(summary, file, ensure_ascii=False, indent=1)
