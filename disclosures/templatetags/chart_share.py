"""{% chart_share chart as share %}: a chart's picture file name, source line and embed code on the page drawing it."""

from django import template

from disclosures import embed

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_share(context, chart):
    return embed.share_in(context, chart)
