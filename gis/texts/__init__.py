"""Interface text per page, merged into ``gis.i18n.TEXT`` (Dutch first, English beside it)."""
