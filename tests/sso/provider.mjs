// A real OpenID Connect provider for skjold's single sign-on tests (tests/sso/test_oidc.sh):
// npm's oidc-provider on a loopback port, with
//  - skjold's confidential client "skjold-web" (client_secret_basic, PKCE S256, the given redirect URI),
//  - a second client "test-cli" whose access tokens are JWTs for the audience "skjold-api" (the API's
//    bearer tokens; resource indicators with a default resource),
//  - users read from DIR/users.json at every sign-in ({"anne": {"groups": [...], "name": "..."}}), so
//    the test changes a user's groups between two sign-ins,
//  - the signing key in DIR/jwks.json, made anew (a new kid) when the file is missing: the test
//    deletes it and restarts the provider to rotate the key,
//  - devInteractions: the provider's own login form (any password) and consent form, which
//    tests/sso/flow.py fills in.
// Usage: node provider.mjs PORT DIR REDIRECT_URI; prints "ready ISSUER" when it listens.
import fs from 'node:fs';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const [port, dir, redirect] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const keyFile = `${dir}/jwks.json`;
if (!fs.existsSync(keyFile)) {
	const {privateKey} = crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
	const jwk = privateKey.export({format: 'jwk'});
	jwk.kid = 'k-' + crypto.randomBytes(6).toString('hex');
	jwk.alg = 'RS256';
	jwk.use = 'sig';
	fs.writeFileSync(keyFile, JSON.stringify({keys: [jwk]}));
}
const jwks = JSON.parse(fs.readFileSync(keyFile, 'utf8'));

function users() {
	return JSON.parse(fs.readFileSync(`${dir}/users.json`, 'utf8'));
}

const API = 'urn:skjold:api';
const provider = new Provider(issuer, {
	clients: [
		{
			client_id: 'skjold-web',
			client_secret: 'skjold-web-secret-for-the-test',
			redirect_uris: [redirect],
			post_logout_redirect_uris: [redirect.replace(/\/api\/.*$/, '/')],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'client_secret_basic',
		},
		{
			client_id: 'test-cli',
			client_secret: 'test-cli-secret',
			redirect_uris: ['http://127.0.0.1:9/cb'],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'client_secret_basic',
		},
	],
	jwks,
	async findAccount(ctx, id) {
		const u = users()[id];
		if (!u) return undefined;
		return {
			accountId: id,
			async claims() {
				return {sub: u.sub || id, preferred_username: u.username || id, name: u.name || id, groups: u.groups || []};
			},
		};
	},
	claims: {openid: ['sub'], profile: ['preferred_username', 'name', 'groups'], email: []},
	conformIdTokenClaims: false,
	pkce: {required: () => true},
	ttl: {AccessToken: 600, IdToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600},
	features: {
		devInteractions: {enabled: true},
		rpInitiatedLogout: {enabled: true},
		resourceIndicators: {
			enabled: true,
			defaultResource: (ctx, client) => (client.clientId === 'test-cli' ? API : undefined),
			useGrantedResource: () => true,
			getResourceServerInfo: (ctx, resource) => {
				if (resource !== API) throw new Error('unknown resource');
				return {scope: 'openid profile', audience: 'skjold-api', accessTokenFormat: 'jwt', jwt: {sign: {alg: 'RS256'}}};
			},
		},
	},
});
provider.on('server_error', (ctx, err) => console.error('provider server_error', err));
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
