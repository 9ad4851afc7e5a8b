"""CSV for the list endpoints: one row per item, nested objects flattened to dotted column names."""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from disclosures.csv_safety import csv_cell


def _flatten(item: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            flat[name] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            flat[name] = ";".join(str(v) for v in value)
        else:
            flat[name] = "" if value is None else value
    return {key: csv_cell(value) for key, value in flat.items()}


def _declared_columns(renderer_context: dict | None) -> list[str]:
    """The serializer's field names: the header of an empty list."""
    view = (renderer_context or {}).get("view")
    if view is None or not hasattr(view, "get_serializer_class"):
        return []
    try:
        return list(view.get_serializer_class()().fields)
    except (AssertionError, TypeError):
        return []


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
        if not rows:
            header = _declared_columns(renderer_context)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and response.status_code == 200 and not response.has_header("Content-Disposition"):
            name = getattr(view, "basename", None) or "data"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return out.getvalue().encode("utf-8")
