"""Forms: validation a person can read, next to the field it is about."""

from decimal import Decimal

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from factcheck.claims.figures import plain_number
from factcheck.claims.merge import opened_state
from factcheck.claims.validation import (
    EDITABLE_FIELDS,
    check_plausible_date,
    claimant_problems,
    figure_problems,
    https_by_default,
)
from factcheck.models import Claim, Claimant, ClaimantKind, Evidence

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
    # The version and values the editor opened, signed (factcheck.claims.merge.opened_state):
    # what a save made on an older version is merged against.
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

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
            self.fields["opened"].initial = opened_state(self.instance)
        for name in ("value", "value_high"):
            # 12000, not the column's 12000.0000.
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = plain_number(self.initial[name])
        self.helper = FormHelper()
        # The page writes the <form> tag: the conflict choices and the duplicate confirmation
        # sit inside it, above the fields.
        self.helper.form_tag = False
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
            Fieldset("Publishing", "published_url"),
            "version",
            "opened",
            Submit("save", "Save claim"),
        )
        if not self.instance.pk:
            # factcheck.matching.views.CHECK: show the matches without filing.
            self.helper.layout.append(
                StrictButton(
                    "Check for matches",
                    type="submit",
                    name="check_matches",
                    value="1",
                    css_class="btn-outline-secondary ms-2",
                )
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
        if "claimant" in self.errors:
            return
        new_name = data.get("new_claimant_name") or ""
        for problem in claimant_problems(data.get("claimant"), new_name):
            self.add_error(problem.field, problem)

    def _clean_figure(self, data):
        for problem in figure_problems(data, failed=set(self.errors)):
            # One mistake, one message: no "enter a value first" on a field already wrong.
            if problem.field not in self.errors:
                self.add_error(problem.field, problem)

    def claim_data(self):
        """The cleaned fields the claim services take (claimant resolved by the caller)."""
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["url", "title", "stance", "note"]
        formfield_callback = https_by_default
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        # Apart from the workflow's "Note for the history" on the same page.
        labels = {"note": "Note on this evidence"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
