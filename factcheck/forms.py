"""Forms: validation a person can read, next to the field it is about."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.db import models
from django.utils import timezone

from factcheck.claims import EDITABLE_FIELDS
from factcheck.models import WEB_ADDRESS_ONLY, Claim, Claimant, ClaimantKind, Evidence

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Dates on a figure or its source: a newsroom's, so a year like 9999 is a typo. The model stays
# permissive (imports, the admin); the form asks people to check.
EARLIEST_DATE = datetime.date(1900, 1, 1)


def latest_date():
    """One year from today, in the site's time zone."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_plausible_date(day):
    latest = latest_date()
    if day is not None and not EARLIEST_DATE <= day <= latest:
        raise forms.ValidationError(
            f"Enter a date between {EARLIEST_DATE:%-d %B %Y} and {latest:%-d %B %Y}; "
            f"{day.isoformat()} looks like a typo."
        )


def https_by_default(model_field, **kwargs):
    """Typed addresses without a scheme get https://, as Django 6 will do."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
        kwargs["error_messages"] = {"invalid": WEB_ADDRESS_ONLY}
    return model_field.formfield(**kwargs)


class ClaimForm(forms.ModelForm):
    """Create or edit a claim. The claimant is picked from the list or typed in as new."""

    new_claimant_name = forms.CharField(
        label="Or a new claimant",
        max_length=200,
        required=False,
        help_text="Type a name if the claimant is not in the list.",
    )
    new_claimant_kind = forms.ChoiceField(
        label="Kind of new claimant", choices=ClaimantKind.choices, initial=ClaimantKind.OTHER
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = list(EDITABLE_FIELDS)
        formfield_callback = https_by_default
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "methodology_notes": forms.Textarea(attrs={"rows": 4}),
            "as_of": DATE_INPUT,
            "source_date": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].required = False
        self.fields["claimant"].queryset = Claimant.objects.order_by("name")
        self.fields["qualifier"].help_text = "Required when there is a value."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Claim",
                "statement",
                "claimant",
                Row(Column("new_claimant_name", css_class="col-md-8"), Column("new_claimant_kind")),
            ),
            Fieldset(
                "Figure (leave empty if the claim has no number)",
                Row(
                    Column("qualifier", css_class="col-md-4"),
                    Column("value", css_class="col-md-4"),
                    Column("value_high", css_class="col-md-4"),
                ),
                Row(Column("counted", css_class="col-md-8"), Column("unit")),
                Row(Column("place", css_class="col-md-8"), Column("as_of")),
            ),
            Fieldset("Verification", "methodology_notes"),
            Fieldset(
                "Where it appeared",
                "source_url",
                Row(Column("source_title", css_class="col-md-8"), Column("source_date")),
            ),
            "version",
            Submit("save", "Save claim"),
        )

    def clean_as_of(self):
        return self._plausible_date("as_of")

    def clean_source_date(self):
        return self._plausible_date("source_date")

    def _plausible_date(self, field):
        day = self.cleaned_data[field]
        # A date already stored (an import, the admin) may be kept as it is.
        if not (self.instance.pk and day == getattr(self.instance, field)):
            check_plausible_date(day)
        return day

    def clean(self):
        data = super().clean()
        self._clean_claimant(data)
        self._clean_figure(data)
        return data

    def _clean_claimant(self, data):
        claimant = data.get("claimant")
        new_name = (data.get("new_claimant_name") or "").strip()
        if claimant and new_name:
            self.add_error(
                "new_claimant_name", "Pick a claimant from the list or type a new one, not both."
            )
        elif not claimant and not new_name and "claimant" not in self.errors:
            self.add_error("claimant", "Say who made the claim: pick a claimant or type a new one.")

    def _clean_figure(self, data):
        value, high = data.get("value"), data.get("value_high")
        if value is None:
            for field in ("value_high", "qualifier", "unit", "counted"):
                if data.get(field) not in (None, "") and field not in self.errors:
                    self.add_error(field, "Enter a value first, or clear this field.")
            return
        if not data.get("qualifier"):
            self.add_error("qualifier", 'Say how the figure was put: "exactly", "at least", ….')
        if not data.get("counted"):
            self.add_error("counted", 'Say what the figure counts, e.g. "civilians killed".')
        if high is not None and high < value:
            self.add_error("value_high", "The upper value cannot be below the value.")

    def claim_data(self):
        """The cleaned fields the claim services take (claimant resolved by the caller)."""
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["url", "title", "stance", "note"]
        formfield_callback = https_by_default
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
