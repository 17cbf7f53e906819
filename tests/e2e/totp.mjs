// TOTP codes for the browser tests and scripts/screenshots.mjs, which enrol a user's
// authenticator and log in with it (the server side is src/access/totp.c, RFC 6238).
import crypto from 'node:crypto';

/* RFC 4648 base32 without padding → bytes. */
function base32Decode(s) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out = [];
	for (const c of s.toUpperCase().replace(/[^A-Z2-7]/g, '')) {
		value = (value << 5) | alphabet.indexOf(c);
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/* RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps. */
export function totp(secret, step) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(step));
	const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
	const off = mac[mac.length - 1] & 0x0f;
	return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/* The current 30-second step. */
export const stepNow = () => Math.floor(Date.now() / 30000);
