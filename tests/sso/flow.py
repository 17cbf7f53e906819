#!/usr/bin/env python3
"""The browser's part of an OpenID Connect sign-in, for tests/sso/test_oidc.sh.

  flow.py login SKJOLD USER [--nonce N] [--no-callback]
      GET SKJOLD/api/v1/auth/oidc/login, follow the provider's redirects, fill in its login form
      (USER, any password) and consent form, and deliver the provider's answer to skjold's
      callback with the cookie skjold set.  --nonce replaces the nonce skjold asked for (an ID
      token with another nonce); --no-callback stops before the callback.  Prints JSON: the
      callback URL, the binding cookie, and the callback's status, Location and session cookie.
      The provider's answer is caught at the redirect_uri skjold named, which may be another
      server's (tests/sso/test_oidc.sh: two servers on one database).
  flow.py callback SKJOLD_CALLBACK_URL COOKIE
      Deliver a callback again (a replayed state).
  flow.py token PROVIDER USER
      Sign in as the client "test-cli" and print its tokens (the access token is a JWT for
      the audience skjold-api).

Redirects are followed by hand, so every Set-Cookie and Location is seen; cookies are kept per
host and port (the provider and skjold both listen on 127.0.0.1).
"""
import base64
import hashlib
import html
import http.client
import json
import re
import secrets
import sys
import urllib.parse


class Browser:
    def __init__(self):
        self.jar = {}  # (host:port) -> {name: value}

    def request(self, method, url, body=None, headers=None):
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
        key = f"{u.hostname}:{u.port}"
        h = dict(headers or {})
        jar = self.jar.setdefault(key, {})
        if jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, u.path + (("?" + u.query) if u.query else ""), body=body, headers=h)
        r = conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        cookies = {}
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                cookies[name] = value
                if "max-age=0" in v.lower() or value == "":
                    jar.pop(name, None)
                else:
                    jar[name] = value
        loc = r.getheader("Location")
        if loc:
            loc = urllib.parse.urljoin(url, loc)
        conn.close()
        return r.status, loc, data, cookies

    def provider_steps(self, url, user, stop_prefix):
        """Follow the provider until it redirects to stop_prefix; that URL is returned."""
        method, body = "GET", None
        for _ in range(20):
            status, loc, data, _ = self.request(method, url, body)
            if loc and loc.startswith(stop_prefix):
                return loc
            if loc:
                url, method, body = loc, "GET", None
                continue
            m = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', data)
            if status != 200 or not m:
                raise SystemExit(f"provider: unexpected answer {status} at {url}: {data[:300]}")
            action = urllib.parse.urljoin(url, html.unescape(m.group(1)))
            fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', data))
            if 'name="login"' in data:
                fields.update(login=user, password="any password will do")
            url, method, body = action, "POST", urllib.parse.urlencode(fields)
        raise SystemExit("provider: too many steps")


def login(skjold, user, nonce=None, callback=True):
    b = Browser()
    status, loc, data, cookies = b.request("GET", skjold + "/api/v1/auth/oidc/login")
    if status != 302:
        print(json.dumps({"start_status": status, "body": data}))
        return
    binding = cookies.get("skjold_sso")
    if nonce is not None:
        u = urllib.parse.urlsplit(loc)
        q = dict(urllib.parse.parse_qsl(u.query))
        q["nonce"] = nonce
        loc = urllib.parse.urlunsplit(u._replace(query=urllib.parse.urlencode(q)))
    # the provider answers at the redirect_uri skjold gave it: with several servers, another one's
    redirect = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query)).get("redirect_uri")
    cb = b.provider_steps(loc, user, redirect or skjold + "/api/v1/auth/oidc/callback")
    out = {"start_status": status, "authorize": loc, "callback": cb, "binding": binding}
    if callback:
        status, loc2, data, cookies = b.request("GET", cb)
        out.update(status=status, location=loc2, body=data, session=cookies.get("skjold_session"))
    print(json.dumps(out))


def callback(url, binding):
    b = Browser()
    u = urllib.parse.urlsplit(url)
    b.jar[f"{u.hostname}:{u.port}"] = {"skjold_sso": binding} if binding else {}
    status, loc, data, cookies = b.request("GET", url)
    print(json.dumps({"status": status, "location": loc, "body": data, "session": cookies.get("skjold_session")}))


def token(provider, user):
    b = Browser()
    verifier = secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://127.0.0.1:9/cb"
    q = urllib.parse.urlencode({"response_type": "code", "client_id": "test-cli", "redirect_uri": redirect,
                                "scope": "openid profile", "state": "s", "nonce": "n",
                                "code_challenge": challenge, "code_challenge_method": "S256"})
    cb = b.provider_steps(f"{provider}/auth?{q}", user, redirect)
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(cb).query))["code"]
    form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                                   "code_verifier": verifier})
    basic = base64.b64encode(b"test-cli:test-cli-secret").decode()
    status, _, data, _ = b.request("POST", f"{provider}/token", form, {"Authorization": "Basic " + basic})
    print(data if status == 200 else json.dumps({"status": status, "body": data}))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "login":
        nonce = a[a.index("--nonce") + 1] if "--nonce" in a else None
        login(a[1], a[2], nonce, "--no-callback" not in a)
    elif a[0] == "callback":
        callback(a[1], a[2] if len(a) > 2 else "")
    elif a[0] == "token":
        token(a[1], a[2])
