"""People and access: accounts, roles, sign-in, personal API tokens, and the access rules.

roles.py          — the four roles, ordered (imported by the models; loads nothing else)
users.py          — accounts, roles, passwords, sessions, the starter accounts
sign_in.py        — the password check and sign-in throttling
two_factor.py     — authenticator-app codes (TOTP) and recovery codes; roles that must use them
oidc.py           — single sign-on: the authorization-code flow with PKCE (Authlib)
sso_accounts.py   — the account a provider's identity signs in to, its role, local passwords
sign_in_settings.py — the OIDC_*, LOCAL_PASSWORDS and (drafted) mail settings, read
password_reset.py — drafted: single-use, expiring reset links sent by mail
tokens.py         — personal API tokens
access.py         — deny by default: @public / @requires(Role.X), the guard, CSRF
database_init.py  — create or upgrade the database; a new one gets the starter accounts
auth_views.py     — sign in (password, then the two-factor code), sign out, change password
two_factor_views.py — enrolment, the admins' policy, turning it off for someone
sso_views.py      — single sign-on's start and callback
reset_views.py    — drafted, not registered: password reset by mail
admin_views.py    — the admin pages: people, roles, deactivation, one-time passwords
token_views.py    — create, list and revoke personal tokens
api_views.py      — `GET /api/me`

This package root imports nothing, so `portal.accounts.roles` stays light.
"""
