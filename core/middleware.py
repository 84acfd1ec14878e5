"""A refusal that reaches the top of a page view becomes the answer its status says."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from .errors import Refusal


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refusal):
            return None
        if exception.http_status == 404:
            raise Http404(str(exception.message))
        if exception.http_status == 403:
            raise PermissionDenied(str(exception.message))
        return render(request, "refusal.html", {"message": exception.message}, status=exception.http_status)
