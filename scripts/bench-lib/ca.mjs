// CA certificates for the benchmark's BackendTLSPolicy CA ConfigMaps: real, self-signed X.509 CA certificates
// (basicConstraints CA:TRUE, keyCertSign), so that evaluate parses a real PEM bundle for every policy.
// Generated at bench start with `openssl` when it is installed (into a temporary directory, removed after);
// otherwise the fixed ones below, which were generated the same way on 2026-12-05 and are valid until
// 2046-11-30 (RSA 2048, RSA 3072, EC P-256, EC P-384; the private keys were thrown away). Test data only.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FALLBACK_CA_PEMS = [
  `-----BEGIN CERTIFICATE-----
MIIDYTCCAkmgAwIBAgIUfkO91sL7Ng4gumlfadzI3CYMUH4wDQYJKoZIhvcNAQEL
BQAwODEVMBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVu
Y2ggcm9vdCBDQSAxMB4XDTI2MTIwNTA0MzIxMloXDTQ2MTEzMDA0MzIxMlowODEV
MBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2ggcm9v
dCBDQSAxMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA5mV/KPkd3kIV
gL4K43xtRXJRpfiocS42JQxKy30eza9THcMnP3gi0ijBJe+/Fp1Ce5TYpym5PoSd
y6LnH8qe+XJp581xk4hlb2ohVP55s/pIBV7B/A+XPrzrUSIezmCTcN2RyQc95nw5
qu6WXpvoKM8dpVkMqzjCAboOjLnExn/DTXAgYZ8VXrYoQH4p+qmpeT+XpKBInGsR
fONybjEb6xRitdwrPyh4XGDl5EFqNVBpYo4aONnw84NTT6jumcPvi9RSTS7ytLGM
rfG3xPvPDHk7E1wRWoER/9XkQInUK75QXtw4DjOUBuxLvwiADIWgqItB5vwfKHaJ
7cR6mJuRcQIDAQABo2MwYTAdBgNVHQ4EFgQU+PHXZPKNBRlgqqLpiihBUUA1FTYw
HwYDVR0jBBgwFoAU+PHXZPKNBRlgqqLpiihBUUA1FTYwDwYDVR0TAQH/BAUwAwEB
/zAOBgNVHQ8BAf8EBAMCAQYwDQYJKoZIhvcNAQELBQADggEBALxiMrmPn+uph5kk
rlzVeVj/Y08vI1P9/q/y6/LLbALymWmQV2USm6kPQAbRX7vJf8CKOhmjaIGeIw+k
1xbU/IDvGp7vqjwfHLSBFqkn+SCCL3WG0+UYQ/+OLqikCN2ATIpIe8uiB5Vkm1W7
xl8o6ScoLePziyCXksDQPbQdG5oI5bC9QWhfo8IGFQErnlXuKUciXEFdSYOp9mj8
9zryz7zGZ+FNKs/EMacIOBFTVSqxbRH+ymaFOAnSxd+bbf6BTIhHGWMdhkM1YdSA
Lgvgr7oNCQnQJrwV3kWVj4TQc8ImqJknFVQwWNedFSLPgpCnYroTulBa9YC0TGVP
Wriu2/g=
-----END CERTIFICATE-----`,
  `-----BEGIN CERTIFICATE-----
MIIEYTCCAsmgAwIBAgIUBHkFl6hcaY2NZ8M64F8RpK0ZDlQwDQYJKoZIhvcNAQEL
BQAwODEVMBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVu
Y2ggcm9vdCBDQSAyMB4XDTI2MTIwNTA0MzIxNFoXDTQ2MTEzMDA0MzIxNFowODEV
MBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2ggcm9v
dCBDQSAyMIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAjQ0oFYL6SWSO
GmQ4QrglqIKSgWN5XD2V+oe9NEly9pcSzXOQ03mwFxDVcsXytZGoXRws/AkrExqZ
4CKNQsSjtOE+hKmOxNnoB2tBlpuok+S6exicJrcA18s7R0/pQLt6qxUkR5Td9ZQw
b6VtZ7eic6XkGbYPZDGHojB7ZbydsWGr+ws0mnuOXVRjaPjY4gsaVa/49Na8S6ro
IRULQ95ht+ykMS5Dqo51lFFdNbVoBAxJOMR3uJO1mj0SLOdW//EMLU25kpBYJHAe
CbsgiJPb8bxb1AL/we3q/iP8NOJyMV2SJkW1xDSbPc4y9WPsiEmEptQaD5sxA9b2
uREfUWjlI9fp0xy5q81RQYh9w2tmoFQv6rWfxycmZ9EzhpxBbWBH2GUlIdgDbYjk
9xNctS1oOg1QCpg+Qa4nTKBrqgZ5Vag2bDbo9gHOleUUnytcg+tzkqd+N4uhK5Vl
g0PWRIQlAgHsjGroAv1OFUZAcR2pG/meg/Ghz6cvlVJB5oelo31xAgMBAAGjYzBh
MB0GA1UdDgQWBBQcsi6vzt0q3fR4aVv6e/kY9QpV4zAfBgNVHSMEGDAWgBQcsi6v
zt0q3fR4aVv6e/kY9QpV4zAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIB
BjANBgkqhkiG9w0BAQsFAAOCAYEAJi2CVI9kHAa6SxWrM4qKZ7y1CbxMQmkqQs28
OCO5bNqLkzw95TWZXnpaBSYROOwHyuPu/rXRAlvmyL3yPbKwsgSUEX0MXTmzhhO5
6+ReQ3yJkSMFRtdrRny/YkFgYZ1dkl5P47lKjjddxaQGNOMPMHV5oMMdu2zf/wRf
AwyOcscb7PzUHC+zKmA+h74mEvsBlna3EDBS3mgunHNQC0TZir7e5WoLbacAQVHr
8RdlhdQ4VlN4fpABMau8VQRXI/h9hVQC64g3MG+qNkIN+sZtTEloSKNllKevZtzj
ACCPOOmmDCwIv9ym+gvwR2qAS0iV0tHzBHjRCDyHfh7RQl89exGPTNT8jJaCZp20
Qn2LxIY0IGJ5wEI+tcpZ9PGPrdEyUkwA1s3qB0ds+dVqA+mqrQGLMvmstuT5ZS3Y
Y4juCBuek+rklx+UUCvNfIA3YVP4KaPg6hDUR1d0/Tuxai05BJCYT2TBF1K8qR0C
38p3w18/vTXO31MhikbbtRfaUEAE
-----END CERTIFICATE-----`,
  `-----BEGIN CERTIFICATE-----
MIIB1TCCAXugAwIBAgIULDrkPbhiAnXWC8Sd6fLTvLm/vGAwCgYIKoZIzj0EAwIw
ODEVMBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2gg
cm9vdCBDQSAzMB4XDTI2MTIwNTA0MzIxNFoXDTQ2MTEzMDA0MzIxNFowODEVMBMG
A1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2ggcm9vdCBD
QSAzMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvj/Q+VVJk/aT6WfcK9lBHdGv
sAgdNNOMAGsqXiPUIUoQmU6Y1a+8DTcWBHyrCHLvb5cU2ixXMQzuEZTfmzF8y6Nj
MGEwHQYDVR0OBBYEFJ3hv0I0Ukw+nRg1gef+anVBPgRHMB8GA1UdIwQYMBaAFJ3h
v0I0Ukw+nRg1gef+anVBPgRHMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD
AgEGMAoGCCqGSM49BAMCA0gAMEUCIQDtUHLl49WbWVLMO31cHAZDehuktK5brNYO
RqrlMo33swIgToKX8HvHBBcEPgfZ9ralHkpmUBEs44odmqTA/GrTL/k=
-----END CERTIFICATE-----`,
  `-----BEGIN CERTIFICATE-----
MIICEzCCAZigAwIBAgIUURRQ8LXt/nkLcIRV3QGXpo+BEJkwCgYIKoZIzj0EAwIw
ODEVMBMGA1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2gg
cm9vdCBDQSA0MB4XDTI2MTIwNTA0MzIxNFoXDTQ2MTEzMDA0MzIxNFowODEVMBMG
A1UECgwMZ3dsaW50IGJlbmNoMR8wHQYDVQQDDBZnd2xpbnQgYmVuY2ggcm9vdCBD
QSA0MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEeLH4/niCGcUgUhQW+xZT078U+zBl
s3iZ8B1veEClVYhTnVymGHmqnNjcvLfaXjeTbBrFxeiir4gV5a6WTQ5h8+RYSMZw
7CUTkiPPjYiJs30MNU9SWNnH62cI7eu2Q50Qo2MwYTAdBgNVHQ4EFgQU3XJyLw6A
duU9qny/UIhBD3DVmswwHwYDVR0jBBgwFoAU3XJyLw6AduU9qny/UIhBD3DVmsww
DwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwCgYIKoZIzj0EAwIDaQAw
ZgIxAKqiOe3Zc1tNuZ4MYvD0aHr9OAAMrhbVWE/wea8U+emlugjuidnq95yjibgc
Uy0r8AIxAOP6UWmvoX2m5+pXu8UcfJMQujiLReNcxsurKKT31xiLa/gkF3KoY7Tu
EwlGgY0zng==
-----END CERTIFICATE-----`,
];

const KEYS = [
  ["rsa:2048"],
  ["rsa:3072"],
  ["ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
  ["ec", "-pkeyopt", "ec_paramgen_curve:secp384r1"],
];

/** Four PEM CA certificates and where they came from ("openssl" or "fixed"). */
export function caCertificates() {
  let dir;
  try {
    dir = mkdtempSync(join(tmpdir(), "gwlint-bench-ca-"));
    const pems = KEYS.map(([key, ...opts], i) => {
      const out = join(dir, `ca${i}.pem`);
      execFileSync(
        "openssl",
        [
          "req", "-x509", "-newkey", key, ...opts, "-nodes",
          "-keyout", join(dir, `ca${i}.key`), "-out", out, "-days", "3650",
          "-subj", `/O=gwlint bench/CN=gwlint bench root CA ${i + 1}`,
          "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      return readFileSync(out, "utf8").trim();
    });
    return { pems, source: "openssl (generated now)" };
  } catch {
    return { pems: FALLBACK_CA_PEMS, source: "fixed (openssl unavailable)" };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
