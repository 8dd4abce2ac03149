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

/// Art. 8 L. 241/1990: taking a request in charge sends the start notice with the responsible
/// officer, the office, the deadline and the remedies against inaction, registered as outgoing.
#[tokio::test]
async fn taking_a_request_in_charge_sends_the_start_notice_naming_the_responsible_officer() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    // Received and taken on 2 March 2026: 30 days end on Wednesday 1 April.
    let id = office
        .taken("Residenza", &subject, "Uso generico (in bollo)")
        .await;
    let text = text_of(&office.letter(id, "takeInCharge").await);
    for expected in [
        "Comunicazione di avvio del procedimento (artt. 7 e 8 L. 241/1990)",
        &format!(
            "Responsabile del procedimento è {}",
            office.officer.full_name
        ),
        "entro 30 giorni dalla presentazione, cioè entro il 01/04/2026",
        "titolare del potere sostitutivo (art. 2, comma 9-bis, L. 241/1990)",
        "contro il silenzio (artt. 31 e 117 del codice del processo amministrativo)",
        "Gli atti del procedimento possono essere visionati",
    ] {
        assert!(text.contains(expected), "«{expected}» missing in {text}");
    }
}
