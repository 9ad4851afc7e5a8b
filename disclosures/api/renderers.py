"""CSV for the list endpoints: one row per item, nested objects flattened to dotted column names."""

import csv
import io

from rest_framework.renderers import BaseRenderer


def _flatten(item: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value)
        else:
            flat[name] = "" if value is None else value
    return flat


class CSVRenderer(BaseRenderer):
    """UTF-8 with a byte order mark so that spreadsheet programs read the Chinese text; amounts stay exact strings."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        rows = [_flatten(item) for item in data or []]
        header: list[str] = []
        for row in rows:
            header.extend(key for key in row if key not in header)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
