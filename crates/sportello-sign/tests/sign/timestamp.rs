//! PAdES B-T: signatures time-stamped by a time-stamping authority started inside the test,
//! checked by pyHanko, pdfsig, qpdf and `verify()`; and the TSA faults signing must refuse.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use der::Decode;
use sportello_sign::testing::{sample_pdf, TestCa, TestTsa, TsaAnswer};
use sportello_sign::{
    add_signature_timestamp, prepare, sign_pdf, verify, PadesLevel, SignError, SignErrorCode,
    SignatureOptions, Signer, SoftwareKey, SoftwareSigner, TimestampAuthority,
};

use crate::pades::{now, options};
use crate::tools::{assert_valid_everywhere, pyhanko_intact_fields, Workdir};

/// The imprints the TSA was asked to stamp, in order.
type Imprints = Arc<Mutex<Vec<Vec<u8>>>>;

/// A TSA on 127.0.0.1 answering `answer` to at most `requests` requests; only
/// `POST` with `application/timestamp-query` is served.
fn start_tsa(tsa: TestTsa, answer: TsaAnswer, requests: usize) -> (String, Imprints) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    let imprints = Imprints::default();
    let seen = Arc::clone(&imprints);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(stream) = stream else { break };
            serve(stream, &tsa, answer, &seen);
        }
    });
    (url, imprints)
}

fn serve(mut stream: TcpStream, tsa: &TestTsa, answer: TsaAnswer, seen: &Mutex<Vec<Vec<u8>>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let (mut length, mut content_type) = (0usize, String::new());
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
            "content-type" => content_type = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let (status, reply) = if request_line.starts_with("POST /tsa ")
        && content_type == "application/timestamp-query"
    {
        let request = x509_tsp::TimeStampReq::from_der(&body).unwrap();
        assert!(request.cert_req && request.nonce.is_some());
        let imprint = request.message_imprint.hashed_message.as_bytes().to_vec();
        seen.lock().unwrap().push(imprint);
        ("200 OK", tsa.respond(&body, answer).unwrap())
    } else {
        ("415 Unsupported Media Type", Vec::new())
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&reply).unwrap();
}

/// Five and a quarter seconds after the signing time: fractional seconds, as many TSAs send.
fn tsa_time() -> DateTime<Utc> {
    now() + chrono::Duration::milliseconds(5250)
}

fn setup(answer: TsaAnswer, requests: usize) -> (TestCa, SoftwareSigner, String, Imprints) {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let tsa = ca
        .timestamping_authority("Sportello Test TSA", tsa_time())
        .unwrap();
    let (url, imprints) = start_tsa(tsa, answer, requests);
    (ca, signer, url, imprints)
}

fn timestamped_options(url: &str) -> SignatureOptions {
    let mut options = options();
    options.timestamp_url = Some(url.to_string());
    options.timestamp_timeout = Duration::from_secs(10);
    options
}

#[test]
fn a_time_stamped_signature_is_b_t_for_pyhanko_pdfsig_and_verify() {
    let (ca, signer, url, imprints) = setup(TsaAnswer::Grant, 1);
    let pdf = sample_pdf("Certificato di residenza").unwrap();
    let signed = sign_pdf(&pdf, &timestamped_options(&url), &signer).unwrap();
    assert_eq!(imprints.lock().unwrap().len(), 1, "one request to the TSA");

    let work = Workdir::new(ca.certificate_der());
    assert_valid_everywhere(&work, &signed);
    let (ok, text) = work.pyhanko(&work.write("bt.pdf", &signed));
    let fields = pyhanko_intact_fields(&text);
    assert!(
        ok && fields
            .iter()
            .any(|f| f == "TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "pyHanko does not accept the time-stamp:\n{text}"
    );

    let report = verify(&signed).unwrap();
    let signature = &report.signatures[0];
    assert_eq!(signature.level, PadesLevel::BT);
    assert_eq!(signature.timestamp_valid, Some(true));
    assert_eq!(signature.timestamp_time, Some(tsa_time()));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signatures"][0]["level"], "B-T");
}

#[test]
fn without_a_tsa_the_signature_stays_b_b() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    let signed = sign_pdf(&sample_pdf("Certificato").unwrap(), &options(), &signer).unwrap();
    let signature = &verify(&signed).unwrap().signatures[0];
    assert_eq!(signature.level, PadesLevel::BB);
    assert_eq!(signature.timestamp_time, None);
    assert_eq!(signature.timestamp_valid, None);
}

/// The two-phase path with the time-stamp step; then a byte of the token's imprint is changed
/// in the file: the document and its signature are untouched, the time-stamp is not.
#[test]
fn a_tampered_time_stamp_is_refused_by_verify_and_pyhanko() {
    let (ca, signer, url, imprints) = setup(TsaAnswer::Grant, 1);
    let prepared = prepare(&sample_pdf("Certificato").unwrap(), &options()).unwrap();
    let chain = signer.certificate_chain();
    let attributes = prepared.signed_attributes(&chain[0]).unwrap();
    let signature = signer.sign(attributes.to_be_signed()).unwrap();
    let cms = attributes
        .into_cms(chain, signer.algorithm(), &signature)
        .unwrap();
    let tsa = TimestampAuthority::new(&url, Duration::from_secs(10)).unwrap();
    let cms = add_signature_timestamp(&cms, &tsa).unwrap();
    let mut signed = prepared.embed(&cms).unwrap();
    assert!(verify(&signed).unwrap().all_valid());

    let imprint = hex::encode_upper(&imprints.lock().unwrap()[0]);
    let at = signed
        .windows(imprint.len())
        .position(|w| w == imprint.as_bytes())
        .expect("the imprint in /Contents");
    signed[at] = if signed[at] == b'0' { b'1' } else { b'0' };

    let report = verify(&signed).unwrap();
    let signature = &report.signatures[0];
    assert!(signature.intact, "the signature itself is untouched");
    assert_eq!(signature.timestamp_valid, Some(false));
    assert!(!report.all_valid());
    let work = Workdir::new(ca.certificate_der());
    let (ok, text) = work.pyhanko(&work.write("bad-ts.pdf", &signed));
    let fields = pyhanko_intact_fields(&text);
    assert!(
        !ok && fields.iter().any(|f| f == "TIMESTAMP_TOKEN<INVALID>"),
        "pyHanko accepted the tampered time-stamp:\n{text}"
    );
}

fn sign_with(answer: TsaAnswer) -> SignError {
    let (_ca, signer, url, _) = setup(answer, 1);
    let pdf = sample_pdf("Certificato").unwrap();
    sign_pdf(&pdf, &timestamped_options(&url), &signer).unwrap_err()
}

#[test]
fn a_token_over_another_imprint_makes_signing_fail() {
    let err = sign_with(TsaAnswer::WrongImprint);
    assert!(
        matches!(&err, SignError::TimestampInvalid(m) if m.contains("imprint")),
        "{err:?}"
    );
    assert_eq!(err.code(), SignErrorCode::TimestampFailed);
    assert_eq!(
        err.user_message(),
        "Il servizio di marca temporale ha restituito una marca non valida"
    );
}

#[test]
fn a_rejection_makes_signing_fail_with_the_tsa_reason() {
    let err = sign_with(TsaAnswer::Reject);
    assert!(
        matches!(&err, SignError::TimestampRejected(m)
            if m.contains("Rejection") && m.contains("algoritmo non accettato")),
        "{err:?}"
    );
    assert_eq!(err.code(), SignErrorCode::TimestampFailed);
    assert_eq!(
        err.user_message(),
        "Il servizio di marca temporale ha rifiutato la richiesta"
    );
}

#[test]
fn an_unreachable_tsa_fails_clearly() {
    let ca = TestCa::new(now()).unwrap();
    let signer = ca
        .signer("Mario Rossi", SoftwareKey::generate_p256())
        .unwrap();
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/tsa");
    let pdf = sample_pdf("Certificato").unwrap();
    let err = sign_pdf(&pdf, &timestamped_options(&url), &signer).unwrap_err();
    assert!(matches!(err, SignError::TimestampUnavailable(_)), "{err:?}");
    assert_eq!(err.code(), SignErrorCode::TimestampUnavailable);
    assert_eq!(
        err.user_message(),
        "Servizio di marca temporale non raggiungibile"
    );
}
