"""The embedded PostgreSQL a new user gets when no DATABASE_URL is configured.

The server lives in ``var/pgdata`` under the repository and keeps running after the
process that started it exits, so the development server, the task worker and the tests
share one server and only the first of them pays for starting it.
"""

from pathlib import Path


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded server in ``data_dir`` and return its socket URI."""
    import logging
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); harmless here.
    warnings.filterwarnings("ignore", module="platformdirs")
    # pgserver reports every process exit at INFO level; only problems are worth a line.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver  # imported here: deployments with DATABASE_URL never need it

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: leave the server running for the next process instead of
    # stopping it when this one exits; pgserver finds the running postmaster again.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()


def database_settings(url: str) -> dict:
    """Django DATABASES["default"] for a URL, socket URIs included."""
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # A socket URI ("postgresql://postgres:@/postgres?host=/path") ends up as
    # OPTIONS["host"]; dbshell and pg_dump read HOST, so move it there.
    options = config.setdefault("OPTIONS", {})
    if not config.get("HOST") and "host" in options:
        config["HOST"] = options.pop("host")
    return config
