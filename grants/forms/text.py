"""Text as typed: browsers send a text box's line breaks as CR LF; Concerto stores LF, whatever sent it."""


def normalise_newlines(value):
    """LF for every CR LF or lone CR; anything that is not text is returned as is."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return [normalise_newlines(item) for item in value]
    return value


class NewlinesMixin:
    """For forms: every value read from the posted data has its line breaks normalised before it is
    cleaned, validated (a 1,000-character limit counts one character per line break) or compared."""

    def _widget_data_value(self, widget, html_name):
        return normalise_newlines(super()._widget_data_value(widget, html_name))
