"""Turn expected refusals into JSON 4xx answers: `{"detail": "...", "code": "..."}`, and publish
them in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, ResolverMatch, URLPattern, URLResolver, re_path, resolve
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from pydantic import Field

from workfair.core.errors import InvalidInput, WorkfairError

_HTTP_ERROR_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "rate_limited"}
_OUT_OF_RANGE = {"detail": "A value is out of the range this API accepts.", "code": "out_of_range"}


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(WorkfairError)
    def workfair_error(request: HttpRequest, exc: WorkfairError) -> HttpResponse:
        body = {"detail": exc.message, "code": exc.code}
        # Refusals because of an account's standing also say why and where to appeal.
        for name in ("reason", "appeal_url"):
            if isinstance(getattr(exc, name, None), str):
                body[name] = getattr(exc, name)
        response = api.create_response(request, body, status=exc.status_code)
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(retry_after, int):  # a rate limit says how long to wait (core.ratelimits)
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        detail = "; ".join(exc.messages) if hasattr(exc, "messages") else str(exc)
        return api.create_response(request, {"detail": detail, "code": "invalid"}, status=400)

    @api.exception_handler(ValidationError)
    def request_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Invalid request.", "code": "invalid", "errors": exc.errors}, status=422
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Authentication required.", "code": "unauthenticated"}, status=401
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found.", "code": "not_found"}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals (a body that is not JSON, a throttle) in the same body as ours; a
        # refusal raised while parsing the body (a NUL character) keeps its own words.
        cause = exc.__cause__
        if isinstance(cause, WorkfairError):
            return api.create_response(request, {"detail": cause.message, "code": cause.code}, status=cause.status_code)
        code = _HTTP_ERROR_CODES.get(exc.status_code, "invalid")
        return api.create_response(request, {"detail": str(exc), "code": code}, status=exc.status_code)

    @api.exception_handler(OverflowError)
    def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An integer too large for the database (SQLite refuses to bind it): no row has such an id.
        return api.create_response(request, _OUT_OF_RANGE, status=400)

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # The database refused a value for its column (a number out of range, say): bad input, not
        # a server fault. Inputs are bounded where they are parsed; this is the net under them.
        return api.create_response(request, _OUT_OF_RANGE, status=400)

    @api.exception_handler(DjangoPermissionDenied)
    def forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Forbidden.", "code": "forbidden"}, status=403)


class ErrorOut(Schema):
    """The body of every 4xx answer of the API."""

    detail: str = Field(description="What went wrong, in words for a person")
    code: str = Field(description="A stable machine-readable code, e.g. invalid, not_found, rate_limited")
    errors: list[dict[str, Any]] | None = Field(None, description="422 only: each invalid field")
    reason: str | None = Field(None, description="A refusal because of the account's standing: why")
    appeal_url: str | None = Field(None, description="A refusal because of the account's standing: where to appeal")


ERROR_SCHEMA_NAME = "ErrorOut"
_ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
_ERROR_DESCRIPTIONS = {
    400: "Bad request: the input breaks a rule (code `invalid` or a more precise one)",
    401: "Authentication required, or the bearer token is not valid",
    403: "Forbidden: the caller may not do this",
    404: "Not found, or not visible to the caller",
    409: "Conflict: the object is not in a state that allows this",
    422: "Invalid request: a parameter or the body does not match the schema",
    429: "Too many requests: wait and try again",
}
_UNSAFE_METHODS = {"post", "put", "patch", "delete"}


class SchemaNameClash(ImproperlyConfigured):
    """Two different schemas of the API would be published under one name."""


class _CheckedOpenAPISchema(OpenAPISchema):
    """ninja's document, refusing two different models published under one component name (the
    later would silently replace the earlier, and answers would then break their documented schema)."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise SchemaNameClash(f"Two API schemas are named {name!r}; give each a unique class name.")
        super().add_schema_definitions(definitions)


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The 4xx answers an operation can give: every one may refuse input (400), a missing or hidden
    object (404), the caller (403) or a too-fast caller (429); 401 needs authentication, 409 a
    change of state, 422 input to validate."""
    statuses = [400, 403, 404, 429]
    if operation.get("security"):
        statuses.append(401)
    if method in _UNSAFE_METHODS:
        statuses.append(409)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    return sorted(statuses)


def document_error_answers(document: dict[str, Any]) -> None:
    """Add the 4xx answers, with the error body schema, to every operation that does not already
    document that status its own way."""
    document["components"]["schemas"][ERROR_SCHEMA_NAME] = ErrorOut.model_json_schema()
    for path_item in document["paths"].values():
        for method, operation in path_item.items():
            responses = operation["responses"]
            for status in error_statuses(method, operation):
                responses.setdefault(
                    status,
                    {
                        "description": _ERROR_DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": _ERROR_REF}},
                    },
                )


@csrf_exempt  # it changes nothing; a POST without a CSRF token gets the same JSON 404
def _no_such_operation(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under the API that names no operation (an id that is not a number, a typo): the
    API's JSON 404, not the site's HTML page. A path that exists with a slash is sent there."""
    if settings.APPEND_SLASH and request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        match = _resolve_or_none(request.path + "/")
        if match is not None and match.func is not _no_such_operation:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


def _resolve_or_none(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


class WorkfairNinjaAPI(NinjaAPI):
    """The API whose OpenAPI document has unique schema names and documents its 4xx answers, and
    whose unknown paths answer in JSON."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        return [*super()._get_urls(), re_path(r"^(?P<rest>[\s\S]*)$", _no_such_operation)]

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = _CheckedOpenAPISchema(api=self, path_prefix=path_prefix)
        document_error_answers(document)
        return document


NUL = "\x00"


class NulCharacter(InvalidInput):
    """Text with a NUL character: no database column holds one, and no person types one."""

    def __init__(self) -> None:
        super().__init__("Text may not contain NUL characters (U+0000).", code="nul_character")


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class NulRefusingParser(Parser):
    """ninja's JSON and form parser, refusing a NUL character anywhere in the query, the form or
    the JSON body with a 400 (once, for every text field of every operation)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if _has_nul(data):
            raise NulCharacter()
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
                raise NulCharacter()
        return super().parse_querydict(data, list_fields, request)
