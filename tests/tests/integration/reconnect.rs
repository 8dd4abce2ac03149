//! The window and the Comune's server: a window started while the server was unreachable opens by
//! itself once the server answers, and an open window recovers from a network cut without a restart.
//! The network is a real TCP link to the test server that the test cuts and restores.

use std::path::PathBuf;

use sportello_application::{Opening, Principal, Sportello};
use sportello_domain::AppError;
use tokio::net::{TcpListener, UnixStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::postgres::{assert_unreachable, fresh, officer, server_url};

/// A TCP port forwarding to the test server's unix socket: the network between a workstation and
/// the server. Cutting it closes every connection through it.
struct Link {
    port: u16,
    task: Option<JoinHandle<()>>,
}

impl Link {
    fn new() -> Self {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = free.local_addr().unwrap().port();
        drop(free);
        Self { port, task: None }
    }

    /// The server's socket file, from the test server's URL (`…:PORT/…?host=DIR`).
    fn socket() -> PathBuf {
        let url = server_url();
        let dir = url
            .split("host=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let port = url
            .split("localhost:")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        PathBuf::from(dir).join(format!(".s.PGSQL.{port}"))
    }

    async fn up(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let socket = Self::socket();
        self.task = Some(tokio::spawn(async move {
            // Dropped with this task when the link is cut: every connection closes.
            let mut connections = JoinSet::new();
            while let Ok((mut tcp, _)) = listener.accept().await {
                let socket = socket.clone();
                connections.spawn(async move {
                    if let Ok(mut unix) = UnixStream::connect(&socket).await {
                        let _ = tokio::io::copy_bidirectional(&mut tcp, &mut unix).await;
                    }
                });
            }
        }));
    }

    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

fn unavailable(e: sportello_application::Error) {
    assert_unreachable(&AppError::from(e));
}

#[tokio::test]
async fn the_window_opens_when_the_server_answers_and_recovers_from_a_network_cut() {
    fresh("t_reconnect").await.close().await;
    let mut link = Link::new();
    let url = format!("postgres://postgres@127.0.0.1:{}/t_reconnect", link.port);
    let opening = Opening::new(
        None,
        Box::new(move || {
            let url = url.clone();
            Box::pin(async move { Sportello::new(sportello_store::Store::open(&url).await?).await })
        }),
    );

    // Started while the server cannot be reached: a clear message, and nothing open.
    unavailable(opening.get().await.unwrap_err());

    // The server answers: the next command opens the application.
    link.up().await;
    let app = opening.get().await.unwrap();
    app.create_user(&Principal::System, &officer())
        .await
        .unwrap();
    app.log_in("m.rossi", "password-di-prova").await.unwrap();

    // The network is cut: the same message, not a crash.
    link.cut().await;
    unavailable(
        app.log_in("m.rossi", "password-di-prova")
            .await
            .unwrap_err(),
    );

    // Back again: the open application works on new connections, and nothing was lost.
    link.up().await;
    let again = opening.get().await.unwrap();
    let user = again.log_in("m.rossi", "password-di-prova").await.unwrap();
    assert_eq!(user.full_name, "Mario Rossi");
}
