"""Static files for production: hashed names and compression, without following source-map comments.

Vendored minified scripts name source maps that are not shipped; the manifest storage would stop the
build on them.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(rule for rule in rules if "sourceMappingURL" not in str(rule)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
