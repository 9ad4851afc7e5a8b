"""The published data: jurisdictions, departments, reports and everything read from them."""
