//! The remote signing client against a signing service started inside the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use sportello_sign::testing::{sample_pdf, TestCa};
use sportello_sign::{
    sign_pdf, RemoteConfig, RemoteSigner, SignError, SignErrorCode, Signer, SoftwareKey,
};

use crate::pades::{now, options};
use crate::tools::{assert_valid_everywhere, Workdir};

const USER: &str = "mrossi";
const PASSWORD: &str = "segreto";

/// A signing service on 127.0.0.1 holding one P-256 key; key id `broken` answers with a
/// signature of the wrong digest. Serves at most `requests` requests, then stops.
fn start_service(key: p256::ecdsa::SigningKey, chain: Vec<Vec<u8>>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/api", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(stream) = stream else { break };
            serve(stream, &key, &chain);
        }
    });
    base
}

fn serve(mut stream: TcpStream, key: &p256::ecdsa::SigningKey, chain: &[Vec<u8>]) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let (mut length, mut authorization) = (0usize, String::new());
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap(),
            "authorization" => authorization = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let expected = format!("Basic {}", B64.encode(format!("{USER}:{PASSWORD}")));
    let (status, reply) = if authorization != expected {
        ("401 Unauthorized", r#"{"error":"credenziali"}"#.to_string())
    } else if request_line.starts_with("GET /api/certificate?key_id=") {
        let certs: Vec<String> = chain.iter().map(|c| B64.encode(c)).collect();
        let reply = serde_json::json!({"algorithm": "ecdsa-p256-sha256", "certificates": certs});
        ("200 OK", reply.to_string())
    } else if request_line.starts_with("POST /api/sign ") {
        let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(request["digest_algorithm"], "sha256");
        let mut digest = B64.decode(request["digest"].as_str().unwrap()).unwrap();
        if request["key_id"] == "broken" {
            digest[0] ^= 1;
        }
        let signature: p256::ecdsa::Signature = key.sign_prehash(&digest).unwrap();
        let reply = serde_json::json!({"signature": B64.encode(signature.to_der().as_bytes())});
        ("200 OK", reply.to_string())
    } else {
        ("404 Not Found", "{}".to_string())
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    );
    stream.write_all(response.as_bytes()).unwrap();
}

fn config(base: &str, password: &str) -> RemoteConfig {
    RemoteConfig {
        base_url: base.to_string(),
        user: USER.into(),
        password: password.into(),
        key_id: "k1".into(),
        otp: None,
        timeout: Duration::from_secs(10),
    }
}

fn service(ca: &TestCa, requests: usize) -> String {
    let SoftwareKey::P256(key) = SoftwareKey::generate_p256() else {
        unreachable!()
    };
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::P256(key.clone()))
        .unwrap();
    start_service(key, signer.certificate_chain().to_vec(), requests)
}

#[test]
fn a_remote_signature_is_valid_and_only_the_digest_travels() {
    let ca = TestCa::new(now()).unwrap();
    let base = service(&ca, 2);
    let signer = RemoteSigner::connect(config(&base, PASSWORD)).unwrap();
    assert_eq!(signer.certificate_chain().len(), 2);
    let signed = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &signer).unwrap();
    assert_valid_everywhere(&Workdir::new(ca.certificate_der()), &signed);
}

#[test]
fn wrong_remote_credentials_are_reported_as_such() {
    let ca = TestCa::new(now()).unwrap();
    let base = service(&ca, 1);
    let err = RemoteSigner::connect(config(&base, "sbagliata")).unwrap_err();
    assert!(matches!(err, SignError::RemoteAuthentication), "{err:?}");
    assert_eq!(err.code(), SignErrorCode::RemoteAuthentication);
}

#[test]
fn a_remote_signature_that_does_not_verify_is_refused() {
    let ca = TestCa::new(now()).unwrap();
    let base = service(&ca, 2);
    let mut cfg = config(&base, PASSWORD);
    cfg.key_id = "broken".into();
    let signer = RemoteSigner::connect(cfg).unwrap();
    let err = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &signer).unwrap_err();
    assert!(
        matches!(&err, SignError::Remote(m) if m.contains("does not verify")),
        "{err:?}"
    );
}
