"""Interface text for the phone form, drafts and the dumping register: Dutch and English."""

FIELD_TEXT: dict[str, dict[str, str]] = {}
