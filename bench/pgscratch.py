"""Throw-away PostgreSQL databases for the benchmarks (created beside the one a URL names)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def scratch_database(base_url: str, suffix: str) -> tuple[str, str]:
    """Create ``<db>_<suffix>`` on the same server, replacing any old one; (its URL, its name)."""

    parts = urlsplit(base_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit("this benchmark needs a PostgreSQL URL (postgres://...)")
    name = f"{parts.path.lstrip('/') or 'postgres'}_{suffix}"
    _execute(base_url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(base_url: str, name: str) -> None:
    _execute(base_url, f'DROP DATABASE IF EXISTS "{name}"')


def _execute(base_url: str, *statements: str) -> None:
    import psycopg2

    conn = psycopg2.connect(base_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()
