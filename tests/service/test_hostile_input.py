"""Bad input never gets a 5xx and never drops the connection: every case of a
hostile corpus (hand-written and generated) gets the 4xx it deserves, with a
message naming the field — in process and over a real uvicorn server."""

from __future__ import annotations

import http.client
import json
from collections import Counter

from fastapi.testclient import TestClient

from tests.service.conftest import EXAMPLE, RunningServer
from tests.service.hostile import Case, corpus, generated, hand_written

CORPUS = corpus()


def verdict(case: Case, status: int, text: str) -> str | None:
    """What is wrong with an answer to ``case`` (None: it is right)."""
    if status >= 500:
        return f"{case.name}: {status} (a server error for a client's mistake)"
    try:
        answer = json.loads(text)
    except json.JSONDecodeError:
        return f"{case.name}: the answer is not JSON: {text[:80]!r}"
    messages = [answer.get("message", "")] + [p["message"] for p in answer.get("problems", [])]
    if status != case.status or not any(case.fragment in m for m in messages):
        return (
            f"{case.name}: {status} {messages[0][:120]!r}, wanted {case.status} {case.fragment!r}"
        )
    if answer.get("model_version") is None:
        return f"{case.name}: the error does not carry the model version"
    return None


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 200 and len(hand_written()) >= 40
    keys = {(c.method, c.path, tuple(c.headers.items()), c.body, c.chunked) for c in CORPUS}
    assert len(keys) == len(CORPUS)  # no case twice
    kinds = Counter(case.fragment.split(" ", 1)[1] for case in generated())
    assert len(kinds) == 8 and min(kinds.values()) >= 10, (
        kinds
    )  # missing, wrong type, range, NaN, category… all drawn


def test_every_hostile_case_in_process(client: TestClient) -> None:
    wrong = []
    for case in CORPUS:
        body = (case.body[i : i + 65_536] for i in range(0, len(case.body), 65_536))
        response = client.request(
            case.method,
            case.path,
            content=body if case.chunked else case.body,
            headers=case.headers,
        )
        wrong.append(verdict(case, response.status_code, response.text))
    assert [w for w in wrong if w] == []


def send(server: RunningServer, case: Case) -> tuple[int, str]:
    """One case as raw HTTP on a fresh connection; a dropped connection raises."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        if case.chunked:
            chunks = (case.body[i : i + 65_536] for i in range(0, len(case.body), 65_536))
            connection.request(case.method, case.path, body=chunks, headers=case.headers)
        else:
            connection.request(case.method, case.path, body=case.body, headers=case.headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_every_hostile_case_over_a_real_server(real_server: RunningServer) -> None:
    wrong = []
    for case in CORPUS:
        try:
            status, text = send(real_server, case)
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            wrong.append(f"{case.name}: the connection failed ({type(error).__name__}: {error})")
            continue
        wrong.append(verdict(case, status, text))
    assert [w for w in wrong if w] == []
    # …and the server still answers a good request afterwards.
    status, text = send(
        real_server, Case("valid", "/predict", json.dumps(EXAMPLE).encode(), 200, "")
    )
    assert status == 200, text
