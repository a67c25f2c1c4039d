"""``manage.py create_api_token USER``: print a REST API token for a user (made if needed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from policies.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Print the API token of USER, creating it if needed. Scripts send it as "
        "`Authorization: Token <key>`."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace an existing token with a new one."
        )
        parser.add_argument(
            "--create-user",
            action="store_true",
            help="Create the user (without a password: token access only) if missing.",
        )

    def handle(self, *args, username: str, rotate: bool, create_user: bool, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            if not create_user:
                raise CommandError(
                    f'No user "{username}". Create one (createsuperuser, or --create-user).'
                ) from None
            user = User.objects.create_user(**{User.USERNAME_FIELD: username})
            user.set_unusable_password()
            user.save(update_fields=["password"])
        existed = Token.objects.filter(user=user).exists()
        token = api_token_issue(user=user, rotate=rotate)
        if options.get("verbosity", 1) >= 2 or not existed or rotate:
            self.stderr.write(
                f"{'New' if (rotate or not existed) else 'Existing'} token for {username}:"
            )
        self.stdout.write(token.key)
