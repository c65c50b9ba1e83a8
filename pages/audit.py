"""Auditlog: every change, import, export and sign-in (administrator and auditor)."""

from gis.ui.admin_page import audit_page
from gis.ui.state import page_start

store, L = page_start("au_title", page="audit")
audit_page(store, L)
