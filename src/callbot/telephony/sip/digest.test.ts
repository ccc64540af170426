import { describe, expect, it } from 'vitest';
import { answerChallenge, buildDigestAuthorization, computeDigestResponse, parseDigestChallenge } from './digest.ts';
import { SipHeaders } from './message.ts';

// RFC 2617 §3.5 example.
const RFC_CHALLENGE = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
const MUFASA = { username: 'Mufasa', password: 'Circle Of Life' };

describe('digest', () => {
  it('computes RFC 2617 §3.5 response with qop=auth', () => {
    const challenge = parseDigestChallenge(RFC_CHALLENGE)!;
    expect(challenge).toMatchObject({ realm: 'testrealm@host.com', qop: ['auth', 'auth-int'], algorithm: 'MD5' });
    const answer = computeDigestResponse({ challenge, credentials: MUFASA, method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nonceCount: 1 });
    expect(answer).toEqual({ response: '6629fae49393a05397450978507c4ef1', qop: 'auth', cnonce: '0a4f113b', nc: '00000001' });
  });

  it('computes the RFC 2069 form without qop: MD5(HA1:nonce:HA2)', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')!;
    const answer = computeDigestResponse({ challenge, credentials: MUFASA, method: 'GET', uri: '/dir/index.html' })!;
    // HA1 = 939e7578ed9e3c518a452acee763bce9, HA2 = 39aff3a2bab6126f332b942af96d3366 (RFC 2617 §3.5 intermediates)
    expect(answer.response).toBe('670fd8c2df070c60b045671b8b24ff02');
    expect(answer.qop).toBeNull();
    expect(answer.nc).toBeNull();
  });

  it('computes RFC 7616 §3.9.1 SHA-256 example', () => {
    const challenge = parseDigestChallenge('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')!;
    const answer = computeDigestResponse({ challenge, credentials: { username: 'Mufasa', password: 'Circle of Life' }, method: 'GET', uri: '/dir/index.html', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nonceCount: 1 });
    expect(answer?.response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('writes an Authorization header with the challenge params quoted as RFC 2617 §3.2.2 requires', () => {
    const header = buildDigestAuthorization({ challenge: parseDigestChallenge(RFC_CHALLENGE)!, credentials: MUFASA, method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b' })!;
    expect(header).toBe('Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001');
  });

  it('answers 401 with Authorization and 407 with Proxy-Authorization, nothing without credentials', () => {
    const request = { method: 'INVITE', uri: 'sip:138@trunk', body: '' };
    const www = { status: 401, headers: new SipHeaders().add('WWW-Authenticate', RFC_CHALLENGE) };
    const proxy = { status: 407, headers: new SipHeaders().add('Proxy-Authenticate', 'Digest realm="p", nonce="n"') };
    expect(answerChallenge(www, MUFASA, request)?.name).toBe('Authorization');
    expect(answerChallenge(proxy, MUFASA, request)?.value).toContain('uri="sip:138@trunk"');
    expect(answerChallenge(proxy, MUFASA, request)?.name).toBe('Proxy-Authorization');
    expect(answerChallenge(www, null, request)).toBeNull();
    expect(answerChallenge({ status: 401, headers: new SipHeaders().add('WWW-Authenticate', 'Basic realm="x"') }, MUFASA, request)).toBeNull();
  });
});
