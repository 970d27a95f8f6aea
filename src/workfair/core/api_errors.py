"""Turn expected refusals into JSON 4xx answers: `{"detail": "...", "code": "..."}`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from workfair.core.errors import WorkfairError


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(WorkfairError)
    def workfair_error(request: HttpRequest, exc: WorkfairError) -> HttpResponse:
        body = {"detail": exc.message, "code": exc.code}
        # Refusals because of an account's standing also say why and where to appeal.
        for name in ("reason", "appeal_url"):
            if isinstance(getattr(exc, name, None), str):
                body[name] = getattr(exc, name)
        return api.create_response(request, body, status=exc.status_code)

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

    @api.exception_handler(DjangoPermissionDenied)
    def forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Forbidden.", "code": "forbidden"}, status=403)
