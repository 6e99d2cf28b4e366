"""The page where people make, name, list and revoke their own API tokens
(/accounts/tokens/). Thin: factcheck.api.tokens makes and revokes them."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from factcheck.api import tokens
from factcheck.errors import NotFound

EXPIRY_CHOICES = [
    ("", "Never"),
    ("7", "In 7 days"),
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What uses it, e.g. “graphics desk charts” or “CMS plugin”.",
    )
    expires_in = forms.TypedChoiceField(
        label="Expires",
        choices=EXPIRY_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", "Create token"))

    def expires_at(self):
        days = self.cleaned_data["expires_in"]
        return None if days is None else timezone.now() + datetime.timedelta(days=days)


class TokenListView(FormView):
    """Your tokens, newest first, and a form for a new one. A new token is shown on the page
    that answers the form, once: it is stored only as a digest."""

    template_name = "accounts/tokens.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = tokens.tokens_of(self.request.user)
        return context

    def form_valid(self, form):
        try:
            row, secret = tokens.create_token(
                user=self.request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        context = self.get_context_data(form=self.form_class(), new_token=secret, new_row=row)
        return self.render_to_response(context, status=201)


@require_POST
def revoke(request, pk):
    try:
        row = tokens.revoke_token(actor=request.user, token_id=pk)
    except NotFound as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Token “{row.name}” revoked: programs using it are refused.")
    return redirect("token-list")
