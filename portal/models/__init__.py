"""The portal's database models. Each feature adds a module here and imports it below,
so `Base.metadata` (and Alembic) sees every table."""

from portal.models import (  # noqa: F401  (their tables, for Alembic and the tests)
    analytics,
    audit,
    capture,
    identities,
    notifications,
    onboarding,
    reuse,
    sign_in,
    synonyms,
    two_factor,
)
from portal.models.accounts import ApiToken, LoginAttempt, SignInAddress, User
from portal.models.base import Base, UTCDateTime, utcnow

__all__ = [
    "ApiToken", "Base", "LoginAttempt", "SignInAddress", "UTCDateTime", "User", "utcnow",
]
