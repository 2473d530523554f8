"""The one error envelope of the API and the German messages behind each code.

Every 4xx/5xx answer has the shape ``{"error": {"code", "message", "detail"}}``: ``code`` is
stable and machine-readable (the desktop decides by it), ``message`` is German text a
caseworker can read, ``detail`` is optional structured context. The service raises
:class:`ApiError`; the handlers installed by :func:`install_handlers` turn every other
exception (validation, unknown route, crash) into the same shape.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger(__name__)

MESSAGES: dict[str, str] = {
    "unauthorized": "Anmeldung erforderlich: das Gerätetoken fehlt oder ist ungültig.",
    "invalid_credentials": "Benutzername oder Passwort ist falsch.",
    "too_many_attempts": "Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {minutes} Minuten "
    "erneut versuchen.",
    "device_revoked": "Dieses Gerät wurde gesperrt. Bitte wenden Sie sich an die IT.",
    "device_mismatch": "Die Geräte-ID passt nicht zum Gerätetoken.",
    "payload_too_large": "Die Anfrage ist zu groß (höchstens {limit} Bytes).",
    "too_many_ops": "Zu viele Änderungen in einer Anfrage (höchstens {limit}).",
    "client_too_old": "Bitte MiA Desk aktualisieren: diese Version wird vom Server nicht mehr "
    "unterstützt.",
    "client_too_new": "Diese Version von MiA Desk ist neuer als der Server. Bitte die IT "
    "bitten, den Server zu aktualisieren.",
    "epoch_mismatch": "Der Server wurde aus einer Sicherung wiederhergestellt. Die Daten "
    "werden neu abgeglichen.",
    "cursor_ahead": "Der Server kennt diesen Stand nicht (wiederhergestellte Sicherung?). "
    "Die Daten werden neu abgeglichen.",
    "malformed_json": "Die Anfrage ist kein gültiges JSON.",
    "invalid_request": "Die Anfrage ist ungültig.",
    "invalid_value": "Der gewählte Wert ist ungültig.",
    "not_found": "Nicht gefunden.",
    "method_not_allowed": "Diese Methode ist hier nicht erlaubt.",
    "conflict_resolved": "Dieser Konflikt wurde bereits gelöst.",
    "record_deleted": "Der Datensatz wurde gelöscht; der Konflikt kann nicht mehr gelöst werden.",
    "unsupported_encoding": "Nicht unterstützte Kodierung der Anfrage.",
    "forbidden_role": "Dafür fehlt Ihnen die Berechtigung; die Zugriffsregeln erlauben es "
    "anderen Rollen.",
    "forbidden": "Keine Berechtigung: Dieser Bereich der Akte gehört einer anderen Einheit oder "
    "Ihrer Rolle ist das Schreiben nicht erlaubt.",
    "merge_same_client": "Eine Klientenakte kann nicht mit sich selbst zusammengeführt werden.",
    "merge_not_in_pair": "Die verbleibende Akte muss eine der beiden vorgeschlagenen sein.",
    "merge_erased": "Diese Zusammenführung kann nicht rückgängig gemacht werden: die Akte "
    "wurde inzwischen gelöscht.",
    "merge_undone": "Diese Zusammenführung wurde bereits rückgängig gemacht.",
    "unknown_assignee": "Die zuständige Person ist nicht im Verzeichnis der MiA.",
    "assignee_unit_mismatch": "Die zuständige Person gehört nicht zum angegebenen Sachgebiet.",
    "unknown_mediator": "Die Sprachmittlerin oder der Sprachmittler ist nicht im Verzeichnis.",
    "referral_consent": "Die Verweisung gibt Daten der Person außer Haus; dafür fehlt die "
    "passende Einwilligung.",
    "referral_offer": "Das Angebot der Verweisung ist im Angebotsverzeichnis nicht bekannt.",
    "client_deleted": "Die Klientenakte wurde gelöscht oder bereits zusammengeführt.",
    "database_unavailable": "Die Datenbank des Servers ist nicht erreichbar. Bitte später "
    "erneut versuchen.",
    "busy": "Der Server ist gerade ausgelastet. Bitte gleich erneut versuchen.",
    "user_locked": "Ihr Benutzerkonto ist gesperrt. Bitte wenden Sie sich an die IT oder Ihre "
    "Leitung.",
    "token_expired": "Die Anmeldung dieses Geräts ist abgelaufen (lange nicht benutzt). Bitte "
    "erneut mit Ihrem Passwort anmelden.",
    "password_change_required": "Bitte zuerst ein neues Passwort festlegen: das bisherige war "
    "ein Einmalpasswort.",
    "weak_password": "{text}",
    "forbidden_metrics": "Die Messwerte sind nur lokal oder mit dem Monitoring-Token abrufbar.",
    "login_busy": "Gerade prüft der Server viele Anmeldungen. Bitte in einigen Sekunden erneut "
    "versuchen.",
    "ticket_taken": "Diese Wartemarke wurde gerade von jemand anderem aufgerufen oder wartet "
    "nicht mehr.",
    "not_your_queue": "Diese Warteschlange gehört nicht zu Ihren Sachgebieten an diesem Ort.",
    "display_forbidden": "Diese Anzeige ist nicht freigeschaltet: das Anzeige-Token fehlt, ist "
    "falsch oder wurde widerrufen. Bitte wenden Sie sich an die IT.",
    # --- issue 21: funder lists ---
    "funder_project": "Unbekanntes Projekt „{project}“: es steht nicht im Katalog der Projekte.",
    "funder_template": "{text}",
    "funder_period": "Der Zeitraum ist ungültig: „von“ muss vor „bis“ liegen, höchstens fünf "
    "Jahre.",
    # --- issue 21: reports --- (the text names the unit, the indicator or the dimension)
    "report_scope": "{text}",
    "report_invalid": "{text}",
    "internal": "Interner Fehler des Servers. Bitte später erneut versuchen; Ihre Änderungen "
    "bleiben auf dem Gerät gespeichert.",
}


# The German message of a 422 for a NUL character or a lone surrogate; it names the field.
INVALID_CHARACTER = (
    "Die Anfrage ist ungültig: „{field}“ enthält ein unzulässiges Zeichen "
    "(ein Nullzeichen oder ein einzelnes Surrogat)."
)


class ApiError(Exception):
    """An answer other than success: HTTP status, stable code, German message."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
        **params,
    ):
        self.status = status
        self.code = code
        self.message = MESSAGES.get(code, MESSAGES["invalid_request"]).format(**params)
        self.detail = detail
        self.headers = headers or {}
        super().__init__(f"{status} {code}")


def _fragment(value: Any) -> Any:
    if isinstance(value, orjson.Fragment):
        return orjson.loads(orjson.dumps(value))
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_bytes(content: Any) -> bytes:
    """JSON of an answer: orjson, or -- for what orjson refuses (a lone surrogate, an integer
    past 64 bits, nesting deeper than 254) -- the standard library, with such strings escaped;
    an answer that echoes bad input must not become a server error."""
    try:
        return orjson.dumps(content)
    except TypeError:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=_fragment
        ).encode("ascii")


# Validation errors of a NUL or a lone surrogate: ours (models.check_text) and pydantic's own
# (a JSON string it cannot read as Unicode).
_CHARACTER_ERRORS = ("invalid_character", "string_unicode")


def _field(loc: list | tuple) -> str:
    """The field of a validation error's location, without ``body``/``query``/``path``, and
    without a dictionary key that is itself the bad text (``[key]`` errors)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    if "[key]" in parts:
        parts = parts[: max(0, parts.index("[key]") - 1)]
    return ".".join(p for p in parts if p.isprintable()) or "body"


def invalid_request(errors: list[dict]) -> ApiError:
    """422 ``invalid_request`` for validation errors (``loc``, ``msg``, ``type``); a NUL or a
    lone surrogate gets a German message naming the field."""
    error = ApiError(422, "invalid_request", errors)
    bad = next((e for e in errors if e.get("type") in _CHARACTER_ERRORS), None)
    if bad is not None:
        error.message = INVALID_CHARACTER.format(field=_field(bad.get("loc", ())))
    return error


def invalid_character(location: str, name: str) -> ApiError:
    return invalid_request(
        [
            {
                "loc": [location, name],
                "type": "invalid_character",
                "msg": "contains a NUL character or a lone surrogate",
            }
        ]
    )


def envelope(
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = json_bytes(
        {"error": {"code": code, "message": message, "detail": jsonable_encoder(detail)}}
    )
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _status_code(status: int) -> str:
    return {
        401: "unauthorized",
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
    }.get(status, "invalid_request")


def install_handlers(app: FastAPI) -> None:
    """Route every error through the envelope (a test enforces the shape on each kind)."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return envelope(exc.status, exc.code, exc.message, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type")}
            for e in exc.errors()
        ]
        if any(e["type"] == "json_invalid" for e in errors):
            return envelope(400, "malformed_json", MESSAGES["malformed_json"], errors)
        error = invalid_request(errors)
        return envelope(422, error.code, error.message, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        code = _status_code(exc.status_code)
        return envelope(exc.status_code, code, MESSAGES[code], None, exc.headers)

    @app.exception_handler(OperationalError)
    async def _database(request: Request, exc: OperationalError) -> Response:
        # Database down, or SQLite busy beyond its timeout: nothing was applied, retry later.
        log.warning("database error on %s %s: %s", request.method, request.url.path, exc)
        return envelope(
            503,
            "database_unavailable",
            MESSAGES["database_unavailable"],
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # Logged with the traceback; the client only learns that it may retry.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return envelope(500, "internal", MESSAGES["internal"])
