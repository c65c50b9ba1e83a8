"""Signing in from a direct link: a signed-out browser that opens ``/kaart`` or ``/gebieden`` gets the sign-in
page (not Streamlit's "Page not found"), the address stays, and once signed in it gets the page it asked for."""

from __future__ import annotations

import re

import pytest

from tests.e2e.common import FIRST_LOAD_MS, RERUN_MS, Page, expect, goto_signed_in


@pytest.mark.parametrize(("path", "heading"), [("kaart", "Veilig Buitengebied"), ("gebieden", "Gebieden afbakenen")])
def test_a_direct_link_signed_out_opens_sign_in_and_then_that_page(page: Page, app_url: str, path: str,
                                                                   heading: str) -> None:  # fmt: skip
    page.goto(f"{app_url}/{path}", timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("button", name="Beheerder", exact=True)).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert page.url.endswith(f"/{path}")  # the link is kept (it was rewritten to / for the first page)
    goto_signed_in(page, page.url)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_text("Page not found")).to_have_count(0)


@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        ("nl", "Inloggen", "De gedeelde kaart van de publiek-private samenwerking KIEK UUT Veilig Buitengebied"),
        ("en", "Sign in", "The shared map of the KIEK UUT Veilig Buitengebied public-private partnership"),
    ],
)
def test_the_sign_in_page_says_what_the_product_is(page: Page, app_url: str, lang: str, heading: str,
                                                   line: str) -> None:  # fmt: skip
    page.goto(f"{app_url}/?lang={lang}", timeout=FIRST_LOAD_MS)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST_LOAD_MS)
    product = page.get_by_role("heading", name=re.compile(r"Veilig Buitengebied.*KIEK UUT"))
    expect(product).to_be_visible()
    expect(page.get_by_text(line)).to_be_visible()
    top = product.bounding_box()
    assert top is not None and top["y"] < page.get_by_role("heading", name=heading, exact=True).bounding_box()["y"]
