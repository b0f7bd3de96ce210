from django import forms
from django.utils.translation import gettext_lazy


class RevokeCertificateForm(forms.Form):
    """The coordinator's reason for revoking a certificate (NUL characters refused by
    Django's CharField; the service refuses an empty reason)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"), max_length=500, required=False
    )
