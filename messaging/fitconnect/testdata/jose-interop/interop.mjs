// Interop driver for the Go tests of package fitconnect: reads a JSON array
// of operations on stdin, performs each with the npm package jose, and
// writes a JSON array of results to stdout.
import {
  CompactEncrypt, CompactSign, compactDecrypt, compactVerify, importJWK,
} from 'jose';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => { s += d; });
  process.stdin.on('end', () => resolve(s));
}));

const out = [];
for (const op of input) {
  try {
    switch (op.op) {
      case 'decrypt': {
        const key = await importJWK(op.jwk, 'RSA-OAEP-256');
        const r = await compactDecrypt(op.jwe, key, {
          keyManagementAlgorithms: ['RSA-OAEP-256'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        out.push({ plaintext: Buffer.from(r.plaintext).toString('base64'), header: r.protectedHeader });
        break;
      }
      case 'verify': {
        const key = await importJWK(op.jwk, 'PS512');
        const r = await compactVerify(op.jws, key, { algorithms: ['PS512'] });
        out.push({ payload: Buffer.from(r.payload).toString('utf8'), header: r.protectedHeader });
        break;
      }
      case 'encrypt': {
        const key = await importJWK(op.jwk, 'RSA-OAEP-256');
        const jwe = await new CompactEncrypt(Buffer.from(op.plaintext, 'base64'))
          .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: op.kid, cty: op.cty })
          .encrypt(key);
        out.push({ jwe });
        break;
      }
      case 'sign': {
        const key = await importJWK(op.jwk, 'PS512');
        const jws = await new CompactSign(Buffer.from(op.payload, 'utf8'))
          .setProtectedHeader({ alg: 'PS512', typ: op.typ, kid: op.kid })
          .sign(key);
        out.push({ jws });
        break;
      }
      default:
        out.push({ error: `unknown op ${op.op}` });
    }
  } catch (e) {
    out.push({ error: String(e && e.code ? e.code : e) });
  }
}
process.stdout.write(JSON.stringify(out));
