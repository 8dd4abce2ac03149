//! The decision letters say what the law says, read back with `pdftotext` as the citizen reads
//! them and compared with the legal sentence (issue 13, point 1).

use sportello_domain::workflow::Action;

use crate::support::{clock, scope, text_of, Office};

#[tokio::test]
async fn the_notice_says_the_term_restarts_ten_days_after_the_observations_and_an_anagrafe_refusal_names_the_prefetto(
) {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let id = office
        .taken("Residenza", &subject, "Uso generico (in bollo)")
        .await;
    let notice = Action::SendNotice {
        reason: "Il richiedente non risulta residente nel Comune.".into(),
    };
    office
        .store
        .apply_action(&scope(&office.officer), id, &notice, &clock(2026, 3, 3))
        .await
        .unwrap();
    let text = text_of(&office.letter(id, "sendNotice").await);
    // Art. 10-bis L. 241/1990 as amended by art. 12 D.L. 76/2020.
    assert!(
        text.contains(
            "sospende i termini di conclusione del procedimento, che ricominciano a decorrere \
             dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, \
             dalla scadenza del termine di 10 giorni"
        ),
        "{text}"
    );
    assert!(
        !text.contains("riprende a decorrere dalla presentazione"),
        "{text}"
    );

    // No observations; the window lapsed: the final rejection of an anagrafe request.
    let reject = Action::ConfirmRejection {
        reason: "Il richiedente non risulta residente nel Comune.".into(),
        answer: String::new(),
    };
    office
        .store
        .apply_action(&scope(&office.officer), id, &reject, &clock(2026, 3, 30))
        .await
        .unwrap();
    let text = text_of(&office.letter(id, "confirmRejection").await);
    assert!(text.contains("TAR"), "{text}");
    assert!(
        text.contains(
            "è ammesso altresì ricorso al Prefetto entro 30 giorni (art. 36 D.P.R. 223/1989)"
        ),
        "{text}"
    );
}
