//! Client of a remote signing service (the provider keeps the key in its HSM).
//!
//! Sportello's protocol, JSON over HTTPS, HTTP Basic authentication with the signer's
//! credentials on every request:
//!
//! * `GET {base}/certificate?key_id=K` →
//!   `{"algorithm": "ecdsa-p256-sha256" | "rsa-pkcs1-sha256", "certificates": ["<base64 DER>", …]}`
//!   (the signer's certificate first, then its issuers);
//! * `POST {base}/sign` with
//!   `{"key_id": "K", "digest_algorithm": "sha256", "digest": "<base64>", "otp": "123456" | null}`
//!   → `{"signature": "<base64>"}`: a DER `Ecdsa-Sig-Value`, or the raw RSA PKCS#1 v1.5 block
//!   over the DigestInfo of the digest.
//!
//! 401 and 403 mean wrong credentials or OTP. The client never sends the document, only the
//! SHA-256 digest of the signed attributes, and checks every returned signature against the
//! certificate before using it.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Result, SignError};
use crate::signer::{SignatureAlgorithm, Signer};

/// Where and as whom to sign remotely.
#[derive(Clone)]
pub struct RemoteConfig {
    /// Base URL, e.g. `https://firma.example.it/api/v1`.
    pub base_url: String,
    pub user: String,
    pub password: String,
    /// The signer's key at the provider.
    pub key_id: String,
    /// One-time password for providers that require one per session.
    pub otp: Option<String>,
    pub timeout: Duration,
}

impl std::fmt::Debug for RemoteConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteConfig")
            .field("base_url", &self.base_url)
            .field("user", &self.user)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// A [`Signer`] backed by a remote signing service. Blocking: from async code, create and use
/// it inside `spawn_blocking`.
#[derive(Debug)]
pub struct RemoteSigner {
    config: RemoteConfig,
    client: Client,
    chain: Vec<Vec<u8>>,
    algorithm: SignatureAlgorithm,
}

#[derive(Deserialize)]
struct CertificateResponse {
    algorithm: SignatureAlgorithm,
    certificates: Vec<String>,
}

#[derive(Serialize)]
struct SignRequest<'a> {
    key_id: &'a str,
    digest_algorithm: &'static str,
    digest: String,
    otp: Option<&'a str>,
}

#[derive(Deserialize)]
struct SignResponse {
    signature: String,
}

impl RemoteSigner {
    /// Connects and fetches the signer's certificate chain.
    pub fn connect(config: RemoteConfig) -> Result<Self> {
        let client = Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| SignError::Remote(e.to_string()))?;
        let url = reqwest::Url::parse_with_params(
            &format!("{}/certificate", config.base_url.trim_end_matches('/')),
            &[("key_id", &config.key_id)],
        )
        .map_err(|e| SignError::Remote(format!("invalid URL: {e}")))?;
        let response: CertificateResponse = json(send(authenticated(client.get(url), &config))?)?;
        let chain = response
            .certificates
            .iter()
            .map(|c| B64.decode(c).map_err(|e| SignError::Remote(e.to_string())))
            .collect::<Result<Vec<_>>>()?;
        let leaf = chain.first().ok_or(SignError::NoSigningCertificate)?;
        let cert = crate::certificate::parse(leaf)?;
        let algorithm =
            SignatureAlgorithm::for_public_key(&cert.tbs_certificate.subject_public_key_info)?;
        if algorithm != response.algorithm {
            return Err(SignError::Remote(
                "the announced algorithm does not match the certificate".into(),
            ));
        }
        Ok(Self {
            config,
            client,
            chain,
            algorithm,
        })
    }
}

fn authenticated(request: RequestBuilder, config: &RemoteConfig) -> RequestBuilder {
    request.basic_auth(&config.user, Some(&config.password))
}

fn send(request: RequestBuilder) -> Result<Response> {
    let response = request.send().map_err(|e| {
        tracing::warn!("remote signing service unreachable: {e}");
        SignError::Remote(e.to_string())
    })?;
    match response.status() {
        s if s.is_success() => Ok(response),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(SignError::RemoteAuthentication),
        s => {
            let body: String = response
                .text()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            tracing::warn!("remote signing service answered {s}: {body}");
            Err(SignError::Remote(format!("HTTP {s}: {body}")))
        }
    }
}

fn json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T> {
    response
        .json()
        .map_err(|e| SignError::Remote(format!("unexpected answer: {e}")))
}

impl Signer for RemoteSigner {
    fn certificate_chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>> {
        let body = SignRequest {
            key_id: &self.config.key_id,
            digest_algorithm: "sha256",
            digest: B64.encode(Sha256::digest(to_be_signed)),
            otp: self.config.otp.as_deref(),
        };
        let url = format!("{}/sign", self.config.base_url.trim_end_matches('/'));
        let request = authenticated(self.client.post(url), &self.config).json(&body);
        let response: SignResponse = json(send(request)?)?;
        let signature = B64
            .decode(response.signature)
            .map_err(|e| SignError::Remote(e.to_string()))?;
        let cert = crate::certificate::parse(&self.chain[0])?;
        if !crate::verify::signature_verifies(&cert, self.algorithm, to_be_signed, &signature) {
            return Err(SignError::Remote(
                "the service returned a signature that does not verify".into(),
            ));
        }
        Ok(signature)
    }

    fn label(&self) -> String {
        format!(
            "{} (firma remota, {})",
            self.config.user, self.config.base_url
        )
    }
}
