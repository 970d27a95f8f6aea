"""Forms of the support pages; the rules themselves are in the actions."""

from __future__ import annotations

from django import forms

from workfair.support.models import HelpCategory
from workfair.support.states import TicketCategory


class HelpArticleForm(forms.Form):
    category = forms.ModelChoiceField(queryset=HelpCategory.objects.all(), empty_label=None)
    title = forms.CharField(max_length=150)
    summary = forms.CharField(max_length=300, help_text="One sentence shown in search results and suggestions.")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=30_000,
        help_text="Markdown: **bold**, lists, [links](https://…), ## headings. HTML is not allowed.",
    )
    published = forms.BooleanField(required=False, initial=True, help_text="Unpublished articles only staff see.")


class HelpCategoryForm(forms.Form):
    name = forms.CharField(max_length=80)
    description = forms.CharField(max_length=300, required=False)


class TicketForm(forms.Form):
    subject = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    category = forms.ChoiceField(choices=TicketCategory.choices, label="What is it about?")
    body = forms.CharField(label="Your question", widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    attachment = forms.FileField(
        required=False, help_text="Optional: a screenshot or document (PDF, PNG, JPEG, GIF, TXT; up to 10 MB)."
    )


class TicketReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    attachment = forms.FileField(required=False, help_text="Optional: PDF, PNG, JPEG, GIF or TXT, up to 10 MB.")
