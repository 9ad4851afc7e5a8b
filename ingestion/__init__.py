"""Reading disclosure PDFs: the parser library, ingestion jobs and the worker tasks."""
