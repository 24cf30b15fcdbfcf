from django.db import models

from .models import AuditEvent


def record(*, organization, user, action: str, obj: models.Model | None = None, **details) -> AuditEvent:
    """Write one audit row; call it inside the transaction of the change it describes."""
    return AuditEvent.objects.create(
        organization=organization,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details,
    )
