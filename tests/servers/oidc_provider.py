"""A small OpenID Connect provider for the tests, built on Authlib's server side.

Run as `python -m tests.servers.oidc_provider CONFIG.json`: it listens on 127.0.0.1 at a free
port and prints `listening on http://127.0.0.1:PORT` once it serves. The configuration names
the clients (id, secret, redirect URIs) and the people who may sign in (username, password,
email, email_verified, name, groups). It serves discovery, its signing keys, an authorize page
with a plain sign-in form, and the token endpoint; the authorization-code flow with PKCE
(S256) is the only one, and an authorization request without a code challenge is refused.

`POST /control` (JSON) makes it misbehave the way a broken or hostile provider would, for the
tests of what the portal refuses: `{"nonce": "wrong"}` puts another nonce in ID tokens,
`{"id_token_lifetime": -600}` issues ID tokens that expired ten minutes ago, `{"people":
{"ana": {"groups": [...]}}}` changes a person's claims, `{}` restores the defaults.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, Response, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

ALGORITHM = "RS256"


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        allowed = {"openid", "email", "profile", "groups"}
        return " ".join(word for word in scope.split() if word in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


@dataclass
class Provider:
    issuer: str
    clients: dict[str, Client]
    people: dict[str, dict[str, Any]]
    keys: KeySet
    codes: dict[str, Code] = field(default_factory=dict)
    misbehaviour: dict[str, Any] = field(default_factory=dict)
    originals: dict[str, dict[str, Any]] = field(default_factory=dict)

    def person(self, username: str) -> dict[str, Any]:
        return {**self.people[username], **self.misbehaviour.get("people", {}).get(username, {})}


def create_app(provider: Provider) -> Flask:
    app = Flask(__name__)
    server = AuthorizationServer()

    class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic",
                                                         "client_secret_post"]

        def validate_authorization_request(self) -> Any:
            method = self.request.payload.data.get("code_challenge_method")
            if not self.request.payload.data.get("code_challenge") or method != "S256":
                raise InvalidRequestError("this provider needs PKCE with S256")
            return super().validate_authorization_request()

        def save_authorization_code(self, code: str, req: Any) -> None:
            provider.codes[code] = Code(
                code=code, client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri or "", scope=req.scope,
                username=req.user, nonce=req.payload.data.get("nonce"),
                code_challenge=req.payload.data.get("code_challenge"),
                code_challenge_method=req.payload.data.get("code_challenge_method"),
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            found = provider.codes.get(code)
            return found if found and found.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> str:
            return authorization_code.username

    class IdToken(OpenIDCode):  # type: ignore[misc]
        def exists_nonce(self, nonce: str, req: Any) -> bool:
            return any(code.nonce == nonce for code in provider.codes.values())

        def resolve_client_private_key(self, client: Client) -> KeySet:
            return provider.keys

        def get_client_algorithm(self, client: Client) -> str:
            return ALGORITHM

        def get_client_claims(self, client: Client) -> dict[str, Any]:
            lifetime = int(provider.misbehaviour.get("id_token_lifetime", 300))
            now = int(time.time())
            return {"iss": provider.issuer, "aud": [client.client_id],
                    "iat": min(now, now + lifetime - 60), "exp": now + lifetime}

        def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
            claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
            if provider.misbehaviour.get("nonce") == "wrong":
                claims["nonce"] = "not-the-nonce-" + secrets.token_hex(4)
            return claims

        def generate_user_info(self, user: str, scope: str) -> UserInfo:
            person = provider.person(user)
            return UserInfo(
                sub=person.get("sub", user), email=person["email"],
                email_verified=person.get("email_verified", True),
                name=person.get("name", user), groups=person.get("groups", []),
            )

    server.init_app(app, query_client=lambda client_id: provider.clients.get(client_id),
                    save_token=lambda token, req: None)
    server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge(required=True)])

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Response:
        return jsonify({
            "issuer": provider.issuer,
            "authorization_endpoint": f"{provider.issuer}/authorize",
            "token_endpoint": f"{provider.issuer}/token",
            "jwks_uri": f"{provider.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "scopes_supported": ["openid", "email", "profile", "groups"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        })

    @app.get("/jwks")
    def jwks() -> Response:
        return jsonify(provider.keys.as_dict(private=False))

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize() -> Any:
        if request.method == "GET":
            try:
                server.get_consent_grant(end_user=None)
            except Exception as error:  # shown to the person, as providers do
                return Response(f"<p id=error>{escape(str(error))}</p>", 400)
            return _sign_in_form(request.query_string.decode(), None)
        username = request.form.get("username", "")
        person = provider.people.get(username)
        if person is None or not secrets.compare_digest(
                person["password"], request.form.get("password", "")):
            return _sign_in_form(request.query_string.decode(), "Wrong username or password.")
        return server.create_authorization_response(grant_user=username)

    @app.post("/token")
    def token() -> Any:
        return server.create_token_response()

    @app.post("/control")
    def control() -> Response:
        provider.misbehaviour = dict(request.get_json(force=True) or {})
        return jsonify(provider.misbehaviour)

    return app


def _sign_in_form(query: str, error: str | None) -> Response:
    problem = f"<p id=error>{escape(error)}</p>" if error else ""
    return Response(
        "<!doctype html><title>Test identity provider</title><link rel=icon href=\"data:,\">"
        "<h1>Test identity provider</h1>" + problem +
        f"<form method=post action='/authorize?{escape(query)}'>"
        "<label>Username <input name=username autocomplete=username></label>"
        "<label>Password <input name=password type=password></label>"
        "<button type=submit>Sign in</button></form>",
        401 if error else 200, content_type="text/html; charset=utf-8",
    )


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    keys = KeySet([RSAKey.generate_key(2048, parameters={"kid": "test-1", "use": "sig"})])
    provider = Provider("", {}, {}, keys)
    http = make_server("127.0.0.1", 0, create_app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{http.server_port}"
    provider.clients = {c["client_id"]: Client(c["client_id"], c["client_secret"],
                                               c["redirect_uris"]) for c in config["clients"]}
    provider.people = {p["username"]: p for p in config["people"]}
    print(f"listening on {provider.issuer}", flush=True)
    http.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
