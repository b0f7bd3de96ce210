from django import forms
from django.utils.translation import gettext_lazy


class VerifyCodeForm(forms.Form):
    """The public check of a certificate: the code as typed. ``VerifyView`` normalises it
    and looks it up (a malformed code is added as this field's error), so a failed check
    gets the site's error summary and "Fout:" title."""

    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class RevokeCertificateForm(forms.Form):
    """The coordinator's reason for revoking a certificate (NUL characters refused by
    Django's CharField; the service refuses an empty reason)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"), max_length=500, required=False
    )
