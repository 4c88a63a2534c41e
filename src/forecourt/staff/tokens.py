"""API token issue and authentication (`Authorization: Token <token>`)."""

import secrets

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from forecourt.core import clock
from forecourt.staff.models import ApiToken, User


def api_token_issue(*, user: User) -> str:
    """Create an API token for `user` and return the raw token (stored only as a digest)."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Token <token>` against stored digests."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header.")
        raw = header[1].decode(errors="replace")
        token = (
            ApiToken.objects.select_related("user", "user__dealer")
            .filter(digest=ApiToken.digest_of(raw))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
