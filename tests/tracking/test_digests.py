"""Email digests through Django's email backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tracking.models import DigestSubscription
from tracking.services.digests import digests_send_due

pytestmark = pytest.mark.django_db


def test_a_due_digest_mails_the_changes_once(changed_twice, user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    digest = DigestSubscription.objects.create(owner=user, email="analyst@example.org")
    DigestSubscription.objects.filter(pk=digest.pk).update(
        created_at=timezone.now() - timedelta(days=2))
    assert digests_send_due() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["analyst@example.org"] and "2 policy changes" in message.subject
    assert "Acme" in message.body and "Retention changed" in message.body
    assert "/diff/?from=" in message.body
    assert digests_send_due() == 0  # not due again for a day
    assert len(mail.outbox) == 1


def test_a_digest_is_not_sent_early_or_empty(changed_twice, user, settings, company):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DigestSubscription.objects.create(owner=user, email="a@example.org")  # created just now
    late = DigestSubscription.objects.create(owner=user, email="b@example.org",
                                             min_materiality=100)
    DigestSubscription.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(days=2))
    assert digests_send_due() == 0 and mail.outbox == []
