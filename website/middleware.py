from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its relaxed ``WAGTAILADMIN_CSP`` policy and same-origin framing.

    Wagtail's admin still needs inline scripts and styles; the public site keeps the strict
    ``SECURE_CSP``. Must sit after Django's CSP middleware in ``MIDDLEWARE`` so it sees the
    response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.WAGTAILADMIN_CSP
            # The page editor shows its live preview in a same-origin frame.
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
