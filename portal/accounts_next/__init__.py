"""Sign-in beyond a local password, drafted beside the portal's accounts: single sign-on with
an OpenID Connect provider, two-factor sign-in, and password resets by mail.

- `oidc.py`: the authorization-code flow with PKCE against the provider (Authlib)
- `sso_accounts.py`: which Deskbook account a provider's identity signs in to, and its role
- `two_factor.py`: authenticator-app codes (TOTP, pyotp) and recovery codes
- `password_reset.py`: single-use, expiring reset links
"""
