"""Compressed answers (sync_server.middleware.CompressionMiddleware): Zstandard for clients that
accept it, gzip for the others, none for those that accept neither; RFC 9110's
Accept-Encoding with its q-values, and streamed answers that unpack to what was sent."""

from __future__ import annotations

import gzip
import warnings

import pytest
from hypothesis import given, strategies as st
from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from sync_server.middleware import CompressionMiddleware, accepted, zstd

BIG = b'{"records": [' + b",".join(b'"Olena Schewtschenko %d"' % i for i in range(5000)) + b"]}"


def _app(thread_minimum_size: int = 1 << 20):
    async def whole(_request):
        return Response(BIG, media_type="application/json")

    async def streamed(_request):
        async def parts():
            for start in range(0, len(BIG), 7000):
                yield BIG[start : start + 7000]

        return StreamingResponse(parts(), media_type="application/json")

    async def events(_request):
        return Response(BIG, media_type="text/event-stream")

    async def small(_request):
        return Response(b'{"ok": true}', media_type="application/json")

    app = Starlette(
        routes=[
            Route("/whole", whole),
            Route("/streamed", streamed),
            Route("/events", events),
            Route("/small", small),
        ]
    )
    app.add_middleware(
        CompressionMiddleware,
        minimum_size=1024,
        gzip_level=2,
        zstd_level=3,
        thread_minimum_size=thread_minimum_size,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)


def _raw(client, path: str, accept: str) -> tuple[str | None, bytes]:
    """The answer's coding and its bytes as sent (httpx must not unpack them here)."""
    with client.stream("GET", path, headers={"Accept-Encoding": accept}) as r:
        return r.headers.get("content-encoding"), b"".join(r.iter_raw())


@pytest.mark.parametrize("path", ["/whole", "/streamed"])
@pytest.mark.parametrize("thread_minimum_size", [1 << 20, 1])  # on the event loop, in a thread
def test_zstd_then_gzip_then_nothing_and_every_answer_unpacks_to_what_was_sent(
    path, thread_minimum_size
):
    client = _app(thread_minimum_size)
    coding, body = _raw(client, path, "gzip, deflate, zstd")
    assert coding == "zstd" and zstd.decompress(body) == BIG
    assert len(body) < len(BIG) / 5
    coding, body = _raw(client, path, "gzip, deflate")
    assert coding == "gzip" and gzip.decompress(body) == BIG
    coding, body = _raw(client, path, "br")
    assert coding is None and body == BIG


def test_event_streams_and_small_answers_go_as_they_are():
    client = _app()
    assert _raw(client, "/events", "zstd") == (None, BIG)
    assert _raw(client, "/small", "zstd") == (None, b'{"ok": true}')


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, zstd", {"gzip", "deflate", "zstd"}),
        ("zstd;q=0, gzip;q=0.8", {"gzip"}),
        ("ZStd ; Q=0.001", {"zstd"}),
        ("zstd;q=0.000", set()),
        ("zstd;q=abc", set()),  # a q-value that is none: not taken as acceptance
        ("*", {"*"}),
        (" , ,", set()),
        ("", set()),
    ],
)
def test_accept_encoding_is_read_as_rfc_9110_says(header, expected):
    assert accepted(header) == expected


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gzip", "zstd", "br", "deflate", "identity"]),
            st.one_of(st.none(), st.sampled_from(["0", "0.0", "0.5", "1", "1.000"])),
        ),
        max_size=6,
    )
)
def test_a_coding_is_accepted_exactly_when_listed_without_q_zero(items):
    header = ", ".join(c if q is None else f"{c};q={q}" for c, q in items)
    got = accepted(header)
    for coding in {c for c, _ in items}:
        qs = [q for c, q in items if c == coding]
        # RFC 9110 lists each coding once; a client that repeats one is read as any of its
        # entries accepting it.
        assert (coding in got) == any(q is None or float(q) > 0 for q in qs)
