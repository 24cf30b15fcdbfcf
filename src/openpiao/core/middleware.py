"""Pages of a logged-in user are never stored by a browser's or a proxy's cache.

Every page past the login shows an ente's data to one member: `Cache-Control: private,
no-store` (Django's add_never_cache_headers) unless the view chose its own caching.
"""

from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
