import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in the URL of a person's private calendar feed.

    Whoever knows the URL can read the feed, so the person can replace the token at any
    moment (``regenerate``); the old URL then stops working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    issued_at = models.DateTimeField(_("issued at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The user's token, created on first use."""
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        """Replace the token so that the previous feed URL returns 404 from now on."""
        self.token = new_feed_token()
        self.save(update_fields=["token", "issued_at"])
        return self
