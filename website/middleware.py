from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


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


class PrivateCacheControlMiddleware:
    """Mark every response for a signed-in person ``Cache-Control: private``.

    Every page shows the person's name in the header, and many show their own records
    (Mijn opleiding, registrations, practice day, profile), so no shared cache (a school's
    proxy, a CDN) may keep a copy for the next visitor. ``private`` rather than
    ``no-store``: the browser's own cache and back button keep working; views that hand out
    secrets (the personal calendar feed) already send ``no-store`` themselves.

    The user is looked up only when the session was read already: a response that did not
    read the session cannot depend on the user, and reading it here would add
    ``Vary: Cookie`` to every anonymous page and keep it out of the page cache. Must sit
    after AuthenticationMiddleware in ``MIDDLEWARE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
