"""People and access: accounts, roles, sign-in, personal API tokens, and the access rules.

roles.py          — the four roles, ordered (imported by the models; loads nothing else)
users.py          — accounts, roles, passwords, sessions, the starter accounts
sign_in.py        — the password check and sign-in throttling
tokens.py         — personal API tokens
access.py         — deny by default: @public / @requires(Role.X), the guard, CSRF
database_init.py  — create or upgrade the database; a new one gets the starter accounts
auth_views.py     — sign in, sign out, change password
admin_views.py    — the admin pages: people, roles, deactivation, one-time passwords
token_views.py    — create, list and revoke personal tokens
api_views.py      — `GET /api/me`

This package root imports nothing, so `portal.accounts.roles` stays light.
"""
