"""Response headers every page of ours carries."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every page the app renders (static files are
    served before this by WhiteNoise, with their own long-lived headers): pages show claims
    and people's work to logged-in users, and a shared newsroom computer or a proxy must not
    keep a copy. A response that sets its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
