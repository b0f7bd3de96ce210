"""StreamField blocks for the course pages. Each renders through ``templates/blocks/``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock


class HeadingBlock(blocks.CharBlock):
    """A section heading; always an ``<h2>`` so headings stay in order under the page title."""

    class Meta:
        icon = "title"
        label = _("heading")
        form_classname = "title"
        template = "blocks/heading_block.html"
        preview_value = "Voor wie is de opleiding?"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("paragraph")
        template = "blocks/paragraph_block.html"
        preview_value = (
            "<p>Voor intern begeleiders en zorgcoördinatoren in het primair onderwijs.</p>"
        )


class FaqItemBlock(blocks.StructBlock):
    """A frequently asked question; it opens and closes without JavaScript (``<details>``)."""

    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("FAQ item")
        template = "blocks/faq_item_block.html"
        preview_value = {
            "question": "Krijg ik korting als lid van de LBBO?",
            "answer": "<p>Ja, 5% bij een individuele aanmelding.</p>",
        }


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one button, to a page on this site or an address elsewhere."""

    text = blocks.CharBlock(label=_("text"), required=False)
    button_label = blocks.CharBlock(label=_("button label"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)

    class Meta:
        icon = "pick"
        label = _("call to action")
        template = "blocks/call_to_action_block.html"
        preview_value = {"text": "Doe mee met de volgende groep.", "button_label": "Aanmelden"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose either a page or a web address, not both.")),
                }
            )
        return value


class ProgrammeItemBlock(blocks.StructBlock):
    """One part of a course day's programme: a time and what happens."""

    time = blocks.CharBlock(label=_("time"), max_length=20, help_text=_("Such as 09:30–10:15."))
    activity = blocks.CharBlock(label=_("activity"))

    class Meta:
        icon = "time"
        label = _("programme item")
        template = "blocks/programme_item_block.html"
        preview_value = {"time": "09:30", "activity": "Ontvangst en kennismaking"}


class MaterialDocumentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    document = DocumentChooserBlock(label=_("document"))

    class Meta:
        icon = "doc-full"
        label = _("document")
        template = "blocks/material_document_block.html"


class MaterialLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("web address"))

    class Meta:
        icon = "link"
        label = _("link")
        template = "blocks/material_link_block.html"


class ContentStreamBlock(blocks.StreamBlock):
    """General page content: headings, text, questions and answers, a call to action."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    faq = FaqItemBlock()
    call_to_action = CallToActionBlock()


class LearningGoalsBlock(blocks.StreamBlock):
    goal = blocks.CharBlock(label=_("learning goal"), template="blocks/learning_goal_block.html")


class ProgrammeStreamBlock(blocks.StreamBlock):
    item = ProgrammeItemBlock()


class MaterialsStreamBlock(blocks.StreamBlock):
    document = MaterialDocumentBlock()
    link = MaterialLinkBlock()
