"""Interface text for the sign-in page, the session cookie, the language and the page shell: Dutch and English."""

SESSION_TEXT: dict[str, dict[str, str]] = {}
