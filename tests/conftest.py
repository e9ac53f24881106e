"""Fixtures shared by several test packages."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests import postgres

# Speed is measured by the benchmarks, never asserted by tests: on a shared, loaded machine
# hypothesis's own timings (a 200 ms deadline, "input generation is slow") would fail
# correct code, so they are off for the whole suite.
settings.register_profile(
    "courtinfo", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("courtinfo")


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """The DSN of a PostgreSQL server: COURTINFO_TEST_POSTGRES_DSN, else a throwaway one.

    Skipped only where no server can be had and CI is not set; under CI a missing server fails.
    """
    given = os.environ.get(postgres.ENV)
    if given:
        yield given
        return
    if postgres.binaries() is None:
        reason = (
            f"no PostgreSQL: set {postgres.ENV} or install the server "
            "(apt-get install postgresql) for these tests"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    with postgres.server() as dsn:
        yield dsn
