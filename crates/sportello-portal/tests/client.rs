//! The client against a real HTTP server: the local portal simulator (`sportello-portal-sim`),
//! started per test on a free port, with its faults turned on where the test says.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use sportello_portal::client::{Patience, PortalClient, PortalError};
use sportello_portal::model::Application;
use sportello_portal_sim::{serve, SimConfig, SimHandle};

async fn start(config: SimConfig) -> (String, SimHandle) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/lang/api", listener.local_addr().unwrap());
    let (handle, _task) = serve(listener, config);
    (base, handle)
}

fn quick() -> Patience {
    Patience {
        timeout: Duration::from_secs(5),
        attempts: 6,
        backoff: Duration::from_millis(5),
    }
}

#[tokio::test]
async fn every_application_arrives_through_the_pages_once() {
    let (base, sim) = start(SimConfig {
        applications: 250,
        ..SimConfig::default()
    })
    .await;
    let mut client = PortalClient::new(&base, "operatore", "portale-di-prova", quick()).unwrap();
    let all = client.applications("").await.unwrap();
    assert_eq!(all.len(), 250);
    let mut ids: Vec<String> = all
        .into_iter()
        .map(|v| Application::from_value(v).unwrap().id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no application twice");
    assert_eq!(sim.logins(), 1);
    assert_eq!(
        client.services().await.unwrap()[0].name,
        "Certificato anagrafico"
    );
}

#[tokio::test]
async fn an_expired_token_means_logging_in_again_not_failing() {
    let (base, sim) = start(SimConfig::default()).await;
    let mut client = PortalClient::new(&base, "operatore", "portale-di-prova", quick()).unwrap();
    assert_eq!(client.applications("").await.unwrap().len(), 40);
    sim.expire_tokens();
    assert_eq!(client.applications("").await.unwrap().len(), 40);
    assert_eq!((sim.logins(), client.logins), (2, 2));
}

#[tokio::test]
async fn a_failing_portal_is_retried_until_it_answers() {
    let config = SimConfig {
        applications: 120,
        fail_5xx: 0.3,
        ..SimConfig::default()
    };
    let (base, sim) = start(config).await;
    let mut client = PortalClient::new(&base, "operatore", "portale-di-prova", quick()).unwrap();
    assert_eq!(client.applications("").await.unwrap().len(), 120);
    assert!(sim.failures() > 0, "the simulator injected no failure");
}

#[tokio::test]
async fn wrong_credentials_and_an_unreachable_portal_are_told_apart() {
    let (base, _sim) = start(SimConfig::default()).await;
    let mut wrong = PortalClient::new(&base, "operatore", "sbagliata", quick()).unwrap();
    assert!(matches!(
        wrong.applications("").await,
        Err(PortalError::Login(_))
    ));
    // A port where nothing listens.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let mut away = PortalClient::new(
        &format!("http://{address}/lang/api"),
        "operatore",
        "x",
        quick(),
    )
    .unwrap();
    assert!(matches!(
        away.applications("").await,
        Err(PortalError::Unreachable { attempts: 6, .. })
    ));
}

#[tokio::test]
async fn a_file_is_downloaded_with_the_token_and_refused_past_its_limit() {
    let (base, sim) = start(SimConfig::default()).await;
    let mut client = PortalClient::new(&base, "operatore", "portale-di-prova", quick()).unwrap();
    let first = Application::from_value(client.applications("").await.unwrap().remove(0)).unwrap();
    let file = first.files().remove(0);
    assert!(file.original_name.unwrap().starts_with("carta-identita-"));
    sim.expire_tokens();
    let bytes = client.download(&file.url, 10 * 1024 * 1024).await.unwrap();
    assert_eq!(bytes, sportello_portal_sim::attachment_bytes(&file.id));
    assert_eq!(sim.logins(), 2, "logged in again for the download");
    assert!(matches!(
        client.download(&file.url, 10).await,
        Err(PortalError::TooLarge { limit: 10, .. })
    ));
    let missing = file
        .url
        .replace(&file.id, "f0000000-0000-4000-8000-999999999999");
    assert!(matches!(
        client.download(&missing, 1024).await,
        Err(PortalError::Status { status, .. }) if status == 404
    ));
}
