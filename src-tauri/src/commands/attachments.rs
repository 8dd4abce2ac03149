//! Saving a citizen's attachment where the officer chooses ("Salva con nome"): the bytes checked
//! against their registered SHA-256, the reading recorded in the audit trail (the use case's).

use sportello_domain::clock::Clock;
use sportello_domain::file_name::WindowsFileName;

use super::save::{save_as, SaveAs};
use super::{CommandResult, Cx};

pub async fn export_attachment(cx: Cx<'_>, id: i64) -> CommandResult<Option<String>> {
    let who = cx.principal().await?;
    let now = cx.clock.now();
    let file = cx.app().await?.attachment(&who, id, now).await?;
    let save = SaveAs {
        title: "Salva l'allegato",
        name: WindowsFileName::new(&file.name),
        filter: None,
        what: "l'allegato",
    };
    save_as(&cx, save, &file.content).await
}
