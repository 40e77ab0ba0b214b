"""The API examples written in the documentation run as written against a fresh demo.

The shell block that sets ``API`` in ``docs/api.md`` is read line by line: ``export``
lines that create a token become tokens of the same accounts, and each ``curl`` is sent
through the test client with its method, headers and body. Every call must succeed, and
the ids the text names must be the ones a fresh demo database gives.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.demo.seed import seed_demo
from app.models import Base, User
from app.services import tokens as token_services

ROOT = Path(__file__).resolve().parents[2]
EXPORT_TOKEN = re.compile(r"^export (\w+)=\$\(.*users token (\S+) ")
EXPORT_VALUE = re.compile(r"^export (\w+)=(\S+)$")


def _example_block() -> tuple[Path, list[str]]:
    """The shell block of API examples, as logical lines (continuations joined)."""
    path = ROOT / "docs" / "api.md"
    for block in re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        if "export API=" in block:
            joined = block.replace("\\\n", " ")
            return path, [line.strip() for line in joined.splitlines() if line.strip()]
    raise AssertionError(f"no shell block of API examples (export API=…) in {path}")


def _curl(words: list[str]) -> tuple[str, str, dict[str, str], str | None]:
    method, headers, body, url = "GET", {}, None, None
    rest = iter(words[1:])
    for word in rest:
        if word == "-X":
            method = next(rest)
        elif word == "-H":
            name, value = next(rest).split(":", 1)
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = next(rest)
            method = "POST" if method == "GET" else method
        elif not word.startswith("-"):
            url = word
    assert url is not None, words
    return method, url, headers, body


@pytest.fixture
def demo(db, is_postgres):
    if is_postgres:
        # Ids as on a fresh database: earlier tests of this worker advanced the sequences.
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    seed_demo()
    db.session.commit()
    return db


def test_the_documented_api_examples_run_as_written(demo, client):
    path, lines = _example_block()
    variables: dict[str, str] = {}
    calls = 0
    for line in lines:
        if line.startswith("#"):
            continue
        if match := EXPORT_TOKEN.match(line):
            name, email = match.groups()
            user = demo.session.execute(select(User).where(User.email == email)).scalar_one()
            _token, variables[name] = token_services.token_create(user=user, name="docs")
            demo.session.commit()
            continue
        if match := EXPORT_VALUE.match(line):
            variables[match.group(1)] = match.group(2)
            continue
        words = [
            re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], word) for word in shlex.split(line)
        ]
        assert words[0] == "curl", f"{path.name}: unexpected line {line!r}"
        method, url, headers, body = _curl(words)
        assert url.startswith(variables["API"]), url
        response = client.open(
            "/api/v1" + url[len(variables["API"]) :],
            method=method,
            headers=headers,
            data=body,
        )
        assert response.status_code < 400, (
            f"{path.name}: {line}\n→ {response.status_code} {response.get_data(as_text=True)}"
        )
        if method == "POST" and body:
            collection = url.rstrip("/").rsplit("/", 1)[-1]
            created = f"/{collection}/{response.get_json()['id']}"
            later = " ".join(lines[lines.index(line) + 1 :])
            if f"/{collection}/" in later:
                assert created in later, (
                    f"{path.name}: the examples name ids a fresh demo does not give; "
                    f"{line} creates {created}"
                )
        calls += 1
    assert calls >= 5
    assert json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))["paths"]
