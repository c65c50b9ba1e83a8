"""Browser tests of the running app (headless Chromium); see conftest.py."""
