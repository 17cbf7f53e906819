#!/usr/bin/env python3
"""The browser's part of a SAML sign-in, for tests/sso/test_saml.sh.

  saml_flow.py login SKJOLD USER PASSWORD [--tamper strip-signature|change-group] [--other-sp ENTITY]
                     [--no-post]
      GET SKJOLD/api/v1/auth/saml/login, follow the redirect to the IdP (SimpleSAMLphp), fill in
      its login form, take its auto-POST form and deliver the SAMLResponse to skjold's ACS with
      the cookie skjold set.  --tamper changes the answer first: strip-signature takes every
      ds:Signature out (an unsigned answer), change-group renames a group value (a signed answer
      changed after signing).  --other-sp asks the IdP for an unsolicited answer to another SP
      (another audience) and delivers that instead.  --no-post stops before the ACS.  Prints
      JSON: the redirect, the form's SAMLResponse and RelayState, the binding cookie, and the
      ACS's status, Location, session cookie and body.
  saml_flow.py post SKJOLD SAMLRESPONSE RELAYSTATE COOKIE
      Deliver an answer again (a replay).

Redirects are followed by hand, so every Set-Cookie and Location is seen; cookies are kept per
host and port (the IdP and skjold both listen on 127.0.0.1).
"""
import base64
import html
import json
import re
import sys
import urllib.parse

from flow import Browser  # tests/sso/flow.py: cookies per host and port, redirects by hand


def follow(b, url, limit=10):
    """GET url and its redirects; the last answer."""
    for _ in range(limit):
        status, loc, data, _ = b.request("GET", url)
        if status in (301, 302, 303, 307) and loc:
            url = loc
            continue
        return status, url, data
    raise SystemExit("too many redirects")


def form(page):
    """The first form of an HTML page: its action and its named inputs."""
    m = re.search(r'<form[^>]*action="([^"]*)"', page, re.S | re.I)
    if not m:
        raise SystemExit("no form in the page:\n" + page[:2000])
    fields = {}
    for inp in re.finditer(r"<input[^>]*>", page, re.I):
        tag = inp.group(0)
        n = re.search(r'name="([^"]*)"', tag)
        v = re.search(r'value="([^"]*)"', tag)
        if n:
            fields[html.unescape(n.group(1))] = html.unescape(v.group(1)) if v else ""
    return html.unescape(m.group(1)), fields


def tamper(b64, how):
    xml = base64.b64decode(b64).decode()
    if how == "strip-signature":
        xml2 = re.sub(r"<ds:Signature\b.*?</ds:Signature>", "", xml, flags=re.S)
    elif how == "change-group":
        xml2 = xml.replace(">skjold-isk<", ">skjold-bank<", 1)
    else:
        raise SystemExit("unknown tamper " + how)
    if xml2 == xml:
        raise SystemExit("tamper " + how + " changed nothing")
    return base64.b64encode(xml2.encode()).decode()


def post(b, sk, saml_response, relay):
    body = urllib.parse.urlencode({"SAMLResponse": saml_response, "RelayState": relay})
    status, loc, data, cookies = b.request("POST", sk + "/api/v1/auth/saml/acs", body,
                                           {"Accept": "application/json", "Accept-Language": "en"})
    return {"status": status, "location": loc, "session": cookies.get("skjold_session"), "body": data}


def login(sk, user, password, opts):
    b = Browser()
    status, loc, _, cookies = b.request("GET", sk + "/api/v1/auth/saml/login")
    out = {"start_status": status, "redirect": loc, "binding": cookies.get("skjold_saml")}
    if status != 302:
        print(json.dumps(out))
        return
    relay = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query).get("RelayState", [""])[0]
    target = loc
    if opts.get("other_sp"):
        idp = urllib.parse.urlsplit(loc)
        target = f"{idp.scheme}://{idp.netloc}/saml2/idp/SSOService.php?" + urllib.parse.urlencode(
            {"spentityid": opts["other_sp"], "RelayState": relay})
    status, url, page = follow(b, target)
    action, fields = form(page)
    if "password" in fields:  # the IdP's login form
        fields["username"] = user
        fields["password"] = password
        status, loc2, page, _ = b.request("POST", urllib.parse.urljoin(url, action), urllib.parse.urlencode(fields))
        while status in (302, 303) and loc2:
            status, url, page = follow(b, loc2)
            loc2 = None
        action, fields = form(page)
    if "SAMLResponse" not in fields:
        raise SystemExit("the IdP sent no SAMLResponse:\n" + page[:3000])
    out.update({"acs": action, "saml_response": fields["SAMLResponse"], "relay": fields.get("RelayState", ""),
                "xml": base64.b64decode(fields["SAMLResponse"]).decode()})
    if opts.get("tamper"):
        out["saml_response"] = tamper(out["saml_response"], opts["tamper"])
    if not opts.get("no_post"):
        out.update(post(b, sk, out["saml_response"], out["relay"]))
    print(json.dumps(out))


def main(argv):
    if len(argv) >= 4 and argv[0] == "login":
        opts = {}
        rest = argv[4:]
        while rest:
            a = rest.pop(0)
            if a == "--tamper":
                opts["tamper"] = rest.pop(0)
            elif a == "--other-sp":
                opts["other_sp"] = rest.pop(0)
            elif a == "--no-post":
                opts["no_post"] = True
            else:
                raise SystemExit("unknown option " + a)
        login(argv[1], argv[2], argv[3], opts)
    elif len(argv) == 5 and argv[0] == "post":
        b = Browser()
        u = urllib.parse.urlsplit(argv[1])
        if argv[4]:
            b.jar[f"{u.hostname}:{u.port}"] = {"skjold_saml": argv[4]}
        print(json.dumps(post(b, argv[1], argv[2], argv[3])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
