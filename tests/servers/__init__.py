"""Real servers the tests start on 127.0.0.1, each in its own process: an OpenID Connect
provider (Authlib's server side) and an SMTP server (aiosmtpd)."""
