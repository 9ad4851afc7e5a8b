"""The back office: upload, follow the parse, review beside the source page, correct, publish."""
