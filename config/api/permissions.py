"""Who may read and who may write."""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadPublicWriteAuthenticated(BasePermission):
    """Reads are anonymous when ``POLICY_PUBLIC_BROWSING`` is on; every write needs a user."""

    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return request.method in SAFE_METHODS and settings.POLICY_PUBLIC_BROWSING


class IsUploaderOrStaff(BasePermission):
    """Changing or deleting a version is for the user who uploaded it, or staff."""

    message = "Only the user who uploaded this version (or staff) may change it."
    owner_attr = "uploaded_by_id"  # subclasses name their model's owner column

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False
        owner_id = getattr(obj, self.owner_attr, None)
        return bool(user.is_staff or (owner_id is not None and owner_id == user.pk))
