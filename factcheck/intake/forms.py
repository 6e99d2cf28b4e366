"""Forms of the article intake: the article (pasted or uploaded) and a draft to file.

The draft form only carries text: the values are judged by the intake service with the claim
form's own rules (`factcheck.claims.validation`), and its problems are put back on these
fields by the view, so a draft is judged the same way as a claim typed in.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms

from factcheck.claims.validation import https_by_default
from factcheck.intake.article_text import HTML_SUFFIXES, TEXT_SUFFIXES
from factcheck.intake.services import FILED_FIELDS
from factcheck.models import Article, ClaimantKind, Qualifier

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArticleForm(forms.Form):
    """An article: its text pasted, or a .txt/.html file, with where and when it appeared."""

    title = forms.CharField(
        max_length=300, required=False, help_text="Taken from an HTML file's title if left empty."
    )
    # As the New claim form's address fields: "news.example.org/a" is taken, with https://.
    url = https_by_default(
        Article._meta.get_field("url"),
        label="Address",
        help_text="Where the article is published (http or https), if online.",
    )
    publisher = forms.CharField(
        max_length=200,
        required=False,
        help_text="The newspaper or site. Figures the article attributes to nobody are its own.",
    )
    published = forms.DateField(
        label="Publication date",
        widget=DATE_INPUT,
        help_text='"On Tuesday", "last week" are read from this date.',
    )
    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste the article, headline and paragraphs as they appear.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text="A .txt or .html file, UTF-8. Only the words of an HTML page are kept.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(TEXT_SUFFIXES + HTML_SUFFIXES) + ",text/plain,text/html"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "title",
            Row(Column("url", css_class="col-md-7"), Column("publisher", css_class="col-md-5")),
            Row(Column("published", css_class="col-md-5")),
            "text",
            "file",
            Submit("draft", "Draft the claims"),
        )

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        if has_text and data.get("file"):
            self.add_error("file", "Paste the text or upload a file, not both.")
        elif not has_text and not data.get("file") and "file" not in self.errors:
            self.add_error("text", "Paste the article's text or upload its file.")
        return data


class DraftForm(forms.Form):
    """A draft claim as the editor corrects it, before the service files it."""

    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    claimant = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"list": "claimant-names", "autocomplete": "off"}),
    )
    claimant_kind = forms.ChoiceField(
        label="Kind, if new", choices=ClaimantKind.choices, required=False
    )
    qualifier = forms.ChoiceField(choices=[("", "—")] + Qualifier.choices, required=False)
    value = forms.CharField(required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    value_high = forms.CharField(
        label="Upper value",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "ranges only"}),
    )
    unit = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "%, EUR…"}))
    counted = forms.CharField(label="What is counted", required=False)
    place = forms.CharField(required=False)
    as_of = forms.CharField(label="As of", required=False, widget=DATE_INPUT)
    vague = forms.BooleanField(
        label="Vague figure (“hundreds of”): filed as “at least” with a note",
        required=False,
    )
    methodology_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "statement",
            Row(Column("claimant", css_class="col-sm-7"), Column("claimant_kind")),
            # Wide enough for the longest qualifier, "approximately", in a half-width card.
            Row(
                Column("qualifier", css_class="col-sm-5"),
                Column("value", css_class="col-6 col-sm-3"),
                # Wide enough for its placeholder: a figure is short, "ranges only" is not.
                Column("value_high", css_class="col-6 col-sm-4"),
            ),
            Row(Column("counted", css_class="col-sm-8"), Column("unit")),
            Row(Column("place", css_class="col-sm-7"), Column("as_of")),
            "vague",
            # methodology_notes: folded under the form by the draft card (rarely written here).
        )

    def service_values(self):
        """What `accept_draft` takes, from the cleaned (stripped) text."""
        data = self.cleaned_data
        return {
            "values": {name: data.get(name, "") for name in FILED_FIELDS},
            "claimant": data.get("claimant", ""),
            "claimant_kind": data.get("claimant_kind") or ClaimantKind.OTHER,
            "vague": bool(data.get("vague")),
        }


def draft_initial(draft, *, claimant_name: str, claimant_kind: str) -> dict:
    """The draft form's first values: what the engine drafted, the claimant as matched."""
    return {
        "statement": draft.statement,
        "claimant": claimant_name,
        "claimant_kind": claimant_kind,
        "qualifier": draft.qualifier,
        "value": _plain(draft.value),
        "value_high": _plain(draft.value_high),
        "unit": draft.unit,
        "counted": draft.counted,
        "place": draft.place,
        "as_of": draft.as_of.isoformat() if draft.as_of else "",
        "vague": draft.vague,
    }


def _plain(number):
    """Decimal('1500.0000') -> '1500'; None -> ''."""
    if number is None:
        return ""
    return format(number.normalize(), "f")
