"""Staff roles: 上传人员 upload and review drafts; 发布人员 also publish and unpublish."""

UPLOADER = "上传人员"
PUBLISHER = "发布人员"

_REVIEW = [
    ("ingestion", "add_ingestionjob"),
    ("ingestion", "view_ingestionjob"),
    ("disclosures", "view_report"),
    ("disclosures", "review_report"),
    ("disclosures", "view_auditentry"),
]

ROLES = {
    UPLOADER: _REVIEW,
    PUBLISHER: [*_REVIEW, ("disclosures", "publish_report")],
}


def ensure_roles(group_model, permission_model) -> dict:
    """Create the role groups with their permissions; running it again changes nothing."""
    groups = {}
    for name, perms in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        groups[name] = group
    return groups
