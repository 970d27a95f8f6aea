"""Request guards that answer before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def _too_large() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return JsonResponse(
        {"detail": f"The request body is too large: at most {limit // (1024 * 1024)} MB.", "code": "request_too_large"},
        status=413,
    )


class ApiBodyLimitMiddleware:
    """Under /api/, a body past Django's limits gets a JSON answer, not the HTML error page:
    413 `request_too_large` for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (the files of a multipart
    form are not counted: each endpoint checks its own file limits), 400 `too_many_fields` for a
    form with too many fields or files.

    A declared length over the limit is refused before anything is read; a multipart form is
    checked where the endpoint parses it (Django raises there, and `process_exception` answers).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and request.content_type != "multipart/form-data":
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if limit is not None and length > limit:
                return _too_large()
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return _too_large()
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return JsonResponse(
                {"detail": "The request has too many fields or files.", "code": "too_many_fields"}, status=400
            )
        return None


# The largest id any of our databases can hold (SQLite's INTEGER and PostgreSQL's bigint: 2**63 - 1).
MAX_PATH_INT = 2**63 - 1


class PathIdRangeMiddleware:
    """A whole number in a page's path (`<int:...>`) larger than any id can be is a page that does
    not exist: 404, the same on every database. Without this, SQLite cannot bind such a number and
    the view fails with a 500 (PostgreSQL already finds no row). Checked once here, for every URL
    pattern, rather than in each view or by replacing Django's `int` converter (which Django no
    longer allows to be overridden)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:  # fmt: skip
        if request.path.startswith(API_PREFIX):  # the API answers its own 400 `out_of_range`
            return None
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_PATH_INT:
                raise Http404("No such page.")
        return None
