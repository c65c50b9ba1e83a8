"""Reports of the analysis of an area: a document model, DOCX and PDF writers, static charts and maps."""
