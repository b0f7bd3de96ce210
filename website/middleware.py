from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose English with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
    many school laptops an English site. Here only the language cookie that
    ``set_language`` writes counts; everyone else gets ``LANGUAGE_CODE``.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
