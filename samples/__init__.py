"""Sample disclosure reports: data transcribed from published texts and the generator that prints them as PDFs."""
